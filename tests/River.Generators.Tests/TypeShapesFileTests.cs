using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using River.Generators.Tests.Infrastructure;

namespace River.Generators.Tests;

/// <summary>The Parsing files the analyzers link in must compile on their own (Roslyn and the BCL only).</summary>
public sealed class TypeShapesFileTests
{
    [Theory]
    [InlineData("TypeShapes.cs")]
    [InlineData("DefaultConstruction.cs")]
    [InlineData("ArgsTypeEligibility.cs")]
    public void Linked_parsing_file_compiles_alone(string file)
    {
        var path = Path.Combine(RepositoryRoot(), "River.Generators", "Parsing", file);
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
