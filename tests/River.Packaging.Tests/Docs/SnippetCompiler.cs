using System.Collections.Immutable;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using River.Generators;

namespace River.Packaging.Tests.Docs;

/// <summary>
/// Compiles the C# blocks of markdown files as one library (so a page may use a job type another page declares; each
/// type is declared once across the docs), with River's source generator and System.Text.Json's (what a user's build
/// runs), against the test host's assemblies: River.Runtime, River.Testing, Npgsql, Microsoft.Extensions.*, xunit,
/// Microsoft.Extensions.TimeProvider.Testing and OpenTelemetry.
/// </summary>
/// <remarks>
/// A block that declares types (records, classes, ...) is compiled as it is. A block of statements (a fragment such as
/// <c>await client.InsertAsync(...)</c>) is wrapped in its own async method. Fragments may use the names of
/// <see cref="Prelude"/> (<c>client</c>, <c>dataSource</c>, <c>services</c>, <c>builder</c>, <c>transaction</c>,
/// <c>connection</c>, <c>cancellationToken</c>) without declaring them; a fragment's own locals shadow them. A block may
/// carry a hidden context (<see cref="MarkdownSnippets"/>): C# the example needs but the page does not show.
/// </remarks>
internal static class SnippetCompiler
{
    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    public const string Prelude = """
        global using System;
        global using System.Collections.Generic;
        global using System.Linq;
        global using System.Threading;
        global using System.Threading.Tasks;
        global using Microsoft.Extensions.DependencyInjection;
        global using Microsoft.Extensions.Hosting;
        global using Microsoft.Extensions.Configuration;
        global using Microsoft.Extensions.Logging;
        global using Microsoft.Extensions.Logging.Abstractions;
        global using Microsoft.Extensions.Options;
        global using Npgsql;
        global using River;
        global using River.Testing;
        global using static DocSnippets.Ambient;

        namespace DocSnippets;

        /// <summary>What documentation fragments may use without declaring.</summary>
        internal static class Ambient
        {
            public static RiverClient client => null!;
            public static NpgsqlDataSource dataSource => null!;
            public static IServiceCollection services => null!;
            public static HostApplicationBuilder builder => null!;
            public static NpgsqlConnection connection => null!;
            public static NpgsqlTransaction transaction => null!;
            public static CancellationToken cancellationToken => default;
            public static string connectionString => "";
            public static string[] args => [];
            public static ILogger logger => NullLogger.Instance;
        }
        """;

    private static readonly ImmutableArray<MetadataReference> References =
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
        .Split(Path.PathSeparator)
        .Where(p => !Path.GetFileName(p).StartsWith("River.Generators", StringComparison.Ordinal)
                 && !Path.GetFileName(p).StartsWith("River.Packaging.Tests", StringComparison.Ordinal))
        .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
        .ToImmutableArray();

    /// <summary>
    /// System.Text.Json's source generator, as the SDK's targeting pack ships it (the one every build of a user's project
    /// runs), so a block may declare a <c>JsonSerializerContext</c>.
    /// </summary>
    private static readonly Lazy<ISourceGenerator[]> JsonGenerator = new(() =>
    {
        const string Dll = "System.Text.Json.SourceGeneration.dll";
        var runtime = new DirectoryInfo(Path.GetDirectoryName(typeof(object).Assembly.Location)!); // <root>/shared/Microsoft.NETCore.App/<version>
        var packs = Path.Combine(runtime.Parent!.Parent!.Parent!.FullName, "packs", "Microsoft.NETCore.App.Ref");
        var path = (Directory.Exists(packs) ? Directory.GetDirectories(packs) : [])
            .Select(d => (Version: Version.TryParse(Path.GetFileName(d), out var v) ? v : null, File: Path.Combine(d, "analyzers", "dotnet", "cs", Dll)))
            .Where(p => p.Version?.Major == Environment.Version.Major && File.Exists(p.File))
            .OrderByDescending(p => p.Version)
            .Select(p => p.File)
            .FirstOrDefault()
            ?? throw new InvalidOperationException($"{Dll} of .NET {Environment.Version.Major} not found under {packs}: the docs test runs System.Text.Json's generator from the SDK's targeting pack.");
        return new AnalyzerFileReference(path, new AnalyzerLoader()).GetGenerators(LanguageNames.CSharp).ToArray();
    });

    private sealed class AnalyzerLoader : IAnalyzerAssemblyLoader
    {
        public void AddDependencyLocation(string fullPath)
        {
        }

        public System.Reflection.Assembly LoadFromPath(string fullPath) => System.Reflection.Assembly.LoadFrom(fullPath);
    }

    /// <summary>Compiles the snippets; returns the errors (and warnings), each located at its markdown line.</summary>
    public static IReadOnlyList<string> Compile(string name, IReadOnlyList<MarkdownSnippet> snippets)
    {
        var trees = new List<SyntaxTree> { CSharpSyntaxTree.ParseText(Prelude, ParseOptions, path: "Prelude.cs") };
        var origins = new Dictionary<string, MarkdownSnippet>(StringComparer.Ordinal);
        for (var i = 0; i < snippets.Count; i++)
        {
            var snippet = snippets[i];
            var path = $"{Path.GetFileNameWithoutExtension(snippet.File)}_block{i + 1}.cs";
            trees.Add(CSharpSyntaxTree.ParseText(Shape(snippet, i + 1), ParseOptions, path: path));
            origins[path] = snippet;
        }
        var compilation = CSharpCompilation.Create(
            "DocSnippets_" + name.Replace('-', '_').Replace('.', '_'),
            trees,
            References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary)
                .WithNullableContextOptions(NullableContextOptions.Enable)
                .WithSpecificDiagnosticOptions(new Dictionary<string, ReportDiagnostic>
                {
                    ["CS1998"] = ReportDiagnostic.Suppress, // fragments without await
                    ["CS0168"] = ReportDiagnostic.Suppress, // declared, never used
                    ["CS0219"] = ReportDiagnostic.Suppress, // assigned, never used
                    ["CS8321"] = ReportDiagnostic.Suppress, // local function never used
                    ["CS1591"] = ReportDiagnostic.Suppress,
                }));
        var driver = CSharpGeneratorDriver.Create([new RiverGenerator().AsSourceGenerator(), .. JsonGenerator.Value], parseOptions: ParseOptions);
        driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics);
        return generatorDiagnostics.Concat(output.GetDiagnostics())
            .Where(d => d.Severity >= DiagnosticSeverity.Warning)
            .Select(d => Locate(d, origins))
            .ToList();
    }

    /// <summary>
    /// Declarations pass through; statements become the body of an async method (usings stay at the top). A hidden
    /// context joins the block: its statements run first in the method, its usings and types join the file. Every
    /// piece is preceded by a <c>#line</c> directive naming its markdown line, so diagnostics point into the page.
    /// </summary>
    private static string Shape(MarkdownSnippet snippet, int index)
    {
        var block = Pieces.Of(snippet.Code, snippet.Line + 1);
        var context = snippet.Context is null ? Pieces.Empty : Pieces.Of(snippet.Context, snippet.ContextLine);
        var text = new StringBuilder();
        Append(text, context.Usings);
        Append(text, block.Usings);
        Append(text, context.Attributes);
        Append(text, block.Attributes);
        if (context.Statements.Count + block.Statements.Count > 0)
        {
            text.Append("#line hidden\n")
                .Append("internal static partial class Fragments { internal static async Task Block").Append(index).Append("() {\n");
            Append(text, context.Statements);
            Append(text, block.Statements);
            text.Append("#line hidden\n}}\n");
        }
        Append(text, context.Types);
        Append(text, block.Types);
        return text.ToString();
    }

    private static void Append(StringBuilder text, IEnumerable<(int Line, string Code)> pieces)
    {
        foreach (var (line, code) in pieces)
        {
            text.Append("#line ").Append(line).Append('\n').Append(code).Append('\n');
        }
    }

    /// <summary>A block's (or context's) usings, assembly attributes, statements and type declarations, each with its markdown line.</summary>
    private sealed record Pieces(
        IReadOnlyList<(int Line, string Code)> Usings,
        IReadOnlyList<(int Line, string Code)> Attributes,
        IReadOnlyList<(int Line, string Code)> Statements,
        IReadOnlyList<(int Line, string Code)> Types)
    {
        public static readonly Pieces Empty = new([], [], [], []);

        public static Pieces Of(string code, int firstLine)
        {
            var root = (CompilationUnitSyntax)CSharpSyntaxTree.ParseText(code, ParseOptions).GetRoot();
            (int, string) Piece(SyntaxNode node) => (firstLine + node.GetLocation().GetLineSpan().StartLinePosition.Line, node.ToString());
            return new Pieces(
                root.Usings.Select(Piece).ToList(),
                root.AttributeLists.Select(Piece).ToList(),
                root.Members.OfType<GlobalStatementSyntax>().Select(Piece).ToList(),
                root.Members.Where(m => m is not GlobalStatementSyntax).Select(Piece).ToList());
        }
    }

    private static string Locate(Diagnostic diagnostic, Dictionary<string, MarkdownSnippet> origins)
    {
        var span = diagnostic.Location.GetMappedLineSpan();
        if (diagnostic.Location.SourceTree?.FilePath is { } path && origins.TryGetValue(path, out var snippet))
        {
            // #line directives map every piece to its markdown line.
            return $"{snippet.File}:{span.StartLinePosition.Line + 1}: {diagnostic.Id}: {diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}";
        }
        return diagnostic.ToString();
    }
}
