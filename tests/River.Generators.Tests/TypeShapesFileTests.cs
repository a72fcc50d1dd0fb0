using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using River.Generators.Tests.Infrastructure;

namespace River.Generators.Tests;

/// <summary>The generator files the analyzers link in must compile on their own, with exactly the files linked beside them (Roslyn and the BCL only).</summary>
public sealed class TypeShapesFileTests
{
    [Theory]
    [InlineData("Parsing/TypeShapes.cs", "Model/ShapeKind.cs", "Model/PropertySetMode.cs", "Model/IgnoreMode.cs")]
    [InlineData("Parsing/DefaultConstruction.cs")]
    [InlineData("Parsing/ArgsTypeEligibility.cs")]
    public void Linked_parsing_file_compiles_alone(string file, params string[] linkedWithIt)
    {
        var trees = linkedWithIt.Prepend(file).Select(f => Path.Combine(RepositoryRoot(), "River.Generators", f))
            .Select(path => CSharpSyntaxTree.ParseText(File.ReadAllText(path), new CSharpParseOptions(LanguageVersion.Latest), path));
        var compilation = CSharpCompilation.Create("Linked", trees, GeneratorHarness.References, GeneratorHarness.Options(OutputKind.DynamicallyLinkedLibrary)
            // Unification notes about Roslyn's own references (the SDK silences these two in every build too).
            .WithSpecificDiagnosticOptions([new("CS1701", ReportDiagnostic.Suppress), new("CS1702", ReportDiagnostic.Suppress)]));
        var problems = compilation.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        Assert.True(problems.Count == 0, GeneratorHarness.Format(problems));
    }

    private static string RepositoryRoot([CallerFilePath] string path = "")
        => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, "..", ".."));
}
