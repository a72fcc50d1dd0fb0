using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;
using Microsoft.CodeAnalysis.Text;

namespace River.Generators.Tests.Infrastructure;

/// <summary>
/// Microsoft's source-generator verifier over <see cref="GeneratorHarness"/>'s project: River.Generators over the
/// sources, compiled with the harness's strict options (nullable on, every warning an error) and references; the
/// generated sources must be exactly the expected ones (hint name, text and UTF-8 encoding) and the compilation
/// must have no error.
/// </summary>
/// <remarks>
/// No reference-assembly package (<c>new ReferenceAssemblies("net10.0")</c>): the verifiers' packaged ones are
/// downloaded at test time and the net10.0 one (10.0.1) is not served; the harness's references are used instead.
/// </remarks>
internal sealed class RiverGeneratorTest : CSharpSourceGeneratorTest<RiverGenerator, DefaultVerifier>
{
    public RiverGeneratorTest(string assemblyName, params string[] sources)
    {
        ReferenceAssemblies = new ReferenceAssemblies("net10.0");
        SolutionTransforms.Add((solution, projectId) => solution
            .WithProjectAssemblyName(projectId, assemblyName)
            .AddMetadataReferences(projectId, GeneratorHarness.References));
        for (var i = 0; i < sources.Length; i++)
        {
            TestState.Sources.Add(($"Source{i}.cs", SourceText.From(sources[i])));
        }
        TestState.MarkupHandling = MarkupMode.None;
        // As the harness parses (the verifiers' default, Diagnose, would make every missing XML comment an error).
        TestState.DocumentationMode = DocumentationMode.Parse;
    }

    /// <summary>Expects a generated source of <paramref name="hintName"/> with <paramref name="text"/>.</summary>
    public RiverGeneratorTest Generates(string hintName, string text)
    {
        TestState.GeneratedSources.Add((typeof(RiverGenerator), hintName, SourceText.From(text, Encoding.UTF8)));
        return this;
    }

    protected override CompilationOptions CreateCompilationOptions() => GeneratorHarness.Options(OutputKind.DynamicallyLinkedLibrary);

    protected override ParseOptions CreateParseOptions() => GeneratorHarness.ParseOptions;
}
