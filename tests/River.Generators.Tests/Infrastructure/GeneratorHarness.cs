using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace River.Generators.Tests.Infrastructure;

/// <summary>Compiles test sources against River.Runtime and runs the generator over them.</summary>
internal static class GeneratorHarness
{
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    /// <summary>The test host's own assemblies (the BCL, River.Runtime, Microsoft.Extensions.*), as compile references.</summary>
    public static readonly ImmutableArray<MetadataReference> References =
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
        .Split(Path.PathSeparator)
        .Where(p => !Path.GetFileName(p).StartsWith("River.Generators", StringComparison.Ordinal))
        .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
        .ToImmutableArray();

    /// <summary>Strict options: nullable on, every warning an error.</summary>
    public static CSharpCompilationOptions Options(OutputKind kind) => new CSharpCompilationOptions(kind)
        .WithNullableContextOptions(NullableContextOptions.Enable)
        .WithGeneralDiagnosticOption(ReportDiagnostic.Error)
        .WithWarningLevel(9999)
        .WithDeterministic(true);

    public static CSharpCompilation Compile(string assemblyName, OutputKind kind, IEnumerable<MetadataReference>? extra, params string[] sources)
        => CSharpCompilation.Create(
            assemblyName,
            sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, ParseOptions, path: $"Source{i}.cs")),
            References.AddRange(extra ?? []),
            Options(kind));

    public static GeneratorDriver Driver(bool track = false)
        => CSharpGeneratorDriver.Create(
            [new RiverGenerator().AsSourceGenerator()],
            parseOptions: ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: track));

    /// <summary>Runs the generator; returns the updated compilation and the generated sources by hint name.</summary>
    public static (Compilation Output, ImmutableDictionary<string, string> Sources, ImmutableArray<Diagnostic> Diagnostics) Run(Compilation compilation)
    {
        var driver = Driver().RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
        var result = driver.GetRunResult();
        Assert.All(result.Results, r => Assert.Null(r.Exception));
        var sources = result.Results.SelectMany(r => r.GeneratedSources)
            .ToImmutableDictionary(s => s.HintName, s => s.SourceText.ToString());
        return (output, sources, diagnostics);
    }

    /// <summary>Compiler diagnostics of the generated compilation that are warnings or errors.</summary>
    public static IReadOnlyList<Diagnostic> Problems(Compilation compilation)
        => compilation.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();

    public static string Format(IEnumerable<Diagnostic> diagnostics) => string.Join(Environment.NewLine, diagnostics.Select(d => d.ToString()));
}
