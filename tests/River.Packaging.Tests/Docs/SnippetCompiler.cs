using System.Collections.Immutable;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using River.Generators;

namespace River.Packaging.Tests.Docs;

/// <summary>
/// Compiles the C# blocks of markdown files as one library (so a page may use a job type another page declares; each
/// type is declared once across the docs), with River's source generator, against River.Runtime, Npgsql and
/// Microsoft.Extensions.* (the test host's assemblies).
/// </summary>
/// <remarks>
/// A block that declares types (records, classes, ...) is compiled as it is. A block of statements (a fragment such as
/// <c>await client.InsertAsync(...)</c>) is wrapped in its own async method. Fragments may use the names of
/// <see cref="Prelude"/> (<c>client</c>, <c>dataSource</c>, <c>services</c>, <c>builder</c>, <c>transaction</c>,
/// <c>connection</c>, <c>cancellationToken</c>) without declaring them; a fragment's own locals shadow them.
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

    /// <summary>Compiles the snippets; returns the errors (and warnings), each located at its markdown line.</summary>
    public static IReadOnlyList<string> Compile(string name, IReadOnlyList<MarkdownSnippet> snippets)
    {
        var trees = new List<SyntaxTree> { CSharpSyntaxTree.ParseText(Prelude, ParseOptions, path: "Prelude.cs") };
        var origins = new Dictionary<string, MarkdownSnippet>(StringComparer.Ordinal);
        for (var i = 0; i < snippets.Count; i++)
        {
            var snippet = snippets[i];
            var path = $"{Path.GetFileNameWithoutExtension(snippet.File)}_block{i + 1}.cs";
            trees.Add(CSharpSyntaxTree.ParseText(Shape(snippet, i + 1, out _), ParseOptions, path: path));
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
        var driver = CSharpGeneratorDriver.Create([new RiverGenerator().AsSourceGenerator()], parseOptions: ParseOptions);
        driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics);
        return generatorDiagnostics.Concat(output.GetDiagnostics())
            .Where(d => d.Severity >= DiagnosticSeverity.Warning)
            .Select(d => Locate(d, origins))
            .ToList();
    }

    /// <summary>Declarations pass through; statements become the body of an async method (usings stay at the top).</summary>
    private static string Shape(MarkdownSnippet snippet, int index, out bool wrapped)
    {
        var root = (CompilationUnitSyntax)CSharpSyntaxTree.ParseText(snippet.Code, ParseOptions).GetRoot();
        wrapped = root.Members.Any(m => m is GlobalStatementSyntax);
        if (!wrapped)
        {
            return "#line 1\n" + snippet.Code;
        }
        var usings = string.Concat(root.Usings.Select(u => u.ToFullString()));
        var statements = new StringBuilder();
        foreach (var member in root.Members)
        {
            if (member is GlobalStatementSyntax global)
            {
                statements.Append(global.ToFullString());
            }
        }
        var types = string.Concat(root.Members.Where(m => m is not GlobalStatementSyntax).Select(m => m.ToFullString()));
        var firstStatementLine = root.Members.OfType<GlobalStatementSyntax>().First().GetLocation().GetLineSpan().StartLinePosition.Line + 1;
        return usings
            + $"internal static partial class Fragments {{ internal static async Task Block{index}() {{\n#line {firstStatementLine}\n"
            + statements
            + "\n}}\n"
            + types;
    }

    private static string Locate(Diagnostic diagnostic, Dictionary<string, MarkdownSnippet> origins)
    {
        var span = diagnostic.Location.GetMappedLineSpan();
        if (diagnostic.Location.SourceTree?.FilePath is { } path && origins.TryGetValue(path, out var snippet))
        {
            // The block's first code line is the line after the fence.
            return $"{snippet.File}:{snippet.Line + span.StartLinePosition.Line + 1}: {diagnostic.Id}: {diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}";
        }
        return diagnostic.ToString();
    }
}
