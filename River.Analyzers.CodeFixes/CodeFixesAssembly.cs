namespace River.Analyzers.CodeFixes;

internal static class CodeFixesAssembly
{
}
