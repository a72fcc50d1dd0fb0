using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using River.Generators.Tests.Infrastructure;

namespace River.Generators.Tests;

/// <summary>TypeShapes.cs must compile on its own (Roslyn and the BCL only), so the analyzers can link it in.</summary>
public sealed class TypeShapesFileTests
{
    [Fact]
    public void Type_shapes_file_compiles_alone()
    {
        var path = Path.Combine(RepositoryRoot(), "River.Generators", "Parsing", "TypeShapes.cs");
        var tree = CSharpSyntaxTree.ParseText(File.ReadAllText(path), new CSharpParseOptions(LanguageVersion.Latest), path);
        var compilation = CSharpCompilation.Create("Linked", [tree], GeneratorHarness.References, GeneratorHarness.Options(OutputKind.DynamicallyLinkedLibrary)
            // Unification notes about Roslyn's own references (the SDK silences these two in every build too).
            .WithSpecificDiagnosticOptions([new("CS1701", ReportDiagnostic.Suppress), new("CS1702", ReportDiagnostic.Suppress)]));
        var problems = compilation.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        Assert.True(problems.Count == 0, GeneratorHarness.Format(problems));
    }

    private static string RepositoryRoot([CallerFilePath] string path = "")
        => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, "..", ".."));
}
