using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using River.Analyzers.Definitions;
using River.Analyzers.Insertion;
using River.Analyzers.Periodic;
using River.Analyzers.Workers;
using River.Generators;

namespace River.Analyzers.Tests.Infrastructure;

/// <summary>Builds compilations the way a River.Typed user's project compiles: generator first, then analyzers.</summary>
internal static class TestCompilation
{
    public const string GlobalUsings = """
        global using System;
        global using System.Collections.Generic;
        global using System.Threading;
        global using System.Threading.Tasks;
        global using River;
        """;

    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    /// <summary>The framework (from the test host's trusted platform assemblies) and River.Runtime.</summary>
    public static ImmutableArray<MetadataReference> References { get; } = LoadReferences();

    public static ImmutableArray<DiagnosticAnalyzer> Analyzers { get; } =
        [new JobArgsAnalyzer(), new JobCatalogAnalyzer(), new WorkerTimeoutAnalyzer(), new SnoozeDelayAnalyzer(), new NextRetryAnalyzer(), new InsertOptionsAnalyzer(), new InsertCallAnalyzer(), new PeriodicJobAnalyzer(), new FlowControlAnalyzer(), new BatchWorkerAnalyzer(), new River.Analyzers.Workflows.WorkflowGraphAnalyzer()];

    public static CSharpCompilation Create(IEnumerable<string> sources, IEnumerable<MetadataReference>? extraReferences = null, string assemblyName = "TestProject")
    {
        var trees = sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, ParseOptions, path: $"/src/Source{i}.cs"))
            .Append(CSharpSyntaxTree.ParseText(GlobalUsings, ParseOptions, path: "/src/GlobalUsings.cs"));
        return CSharpCompilation.Create(assemblyName, trees, References.AddRange(extraReferences ?? []),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
    }

    /// <summary>Runs River.Generators over the compilation and returns the compilation with its output added.</summary>
    public static Compilation RunGenerator(Compilation compilation)
    {
        GeneratorDriver driver = CSharpGeneratorDriver.Create([new RiverGenerator().AsSourceGenerator()], parseOptions: ParseOptions);
        driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics);
        var errors = generatorDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, "Generator failed: " + string.Join(Environment.NewLine, errors));
        return output;
    }

    /// <summary>Every diagnostic: the compiler's and the River analyzers'.</summary>
    public static async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(Compilation compilation, ImmutableArray<DiagnosticAnalyzer>? analyzers = null)
    {
        var withAnalyzers = compilation.WithAnalyzers(analyzers ?? Analyzers,
            new CompilationWithAnalyzersOptions(AnalyzerOptions(), onAnalyzerException: null, concurrentAnalysis: true, logAnalyzerExecutionTime: true, reportSuppressedDiagnostics: false));
        var diagnostics = await withAnalyzers.GetAllDiagnosticsAsync();
        var failures = diagnostics.Where(d => d.Id == "AD0001").ToList();
        Assert.True(failures.Count == 0, "An analyzer threw: " + string.Join(Environment.NewLine, failures));
        return diagnostics;
    }

    public static AnalyzerOptions AnalyzerOptions() => new([]);

    private static ImmutableArray<MetadataReference> LoadReferences()
    {
        var paths = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        var references = paths
            .Where(p =>
            {
                var name = Path.GetFileNameWithoutExtension(p);
                return name is "netstandard" or "mscorlib" || name.StartsWith("System.", StringComparison.Ordinal)
                       || name.StartsWith("Microsoft.Extensions.", StringComparison.Ordinal) || name.StartsWith("Npgsql", StringComparison.Ordinal)
                       || name == "Microsoft.Win32.Primitives" || name == "System";
            })
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToList();
        references.Add(MetadataReference.CreateFromFile(typeof(JobArgsAttribute).Assembly.Location));
        return [.. references];
    }
}
