using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using River.Analyzers.Diagnostics;
using River.Analyzers.Symbols;

namespace River.Analyzers.Workers;

/// <summary>
/// Compilation-wide rules: a kind declared twice (here or in a referenced assembly that carries
/// <c>[assembly: RiverJobRegistry]</c>), workers whose args lack <c>[JobArgs]</c>, two workers for one args
/// type, and args types without a worker in a project that hosts workers.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class JobCatalogAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Property name of the args type's documentation comment id on RIVER0020.</summary>
    internal const string ArgsTypeProperty = "ArgsType";

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        RiverDiagnostics.DuplicateKind,
        RiverDiagnostics.WorkerArgsWithoutJobArgs,
        RiverDiagnostics.DuplicateWorker,
        RiverDiagnostics.JobArgsWithoutWorker);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var symbols = RiverSymbols.Create(start.Compilation);
            if (symbols is null)
            {
                return;
            }
            var catalog = new Catalog(symbols);
            start.RegisterSymbolAction(catalog.AnalyzeType, SymbolKind.NamedType);
            start.RegisterCompilationEndAction(catalog.Report);
        });
    }

    private sealed class Catalog(RiverSymbols symbols)
    {
        private readonly ConcurrentBag<(string Kind, INamedTypeSymbol Type, Location Location)> _kinds = [];
        private readonly ConcurrentBag<(INamedTypeSymbol Worker, ITypeSymbol Args)> _workers = [];

        public void AnalyzeType(SymbolAnalysisContext context)
        {
            var type = (INamedTypeSymbol)context.Symbol;
            var jobArgs = symbols.FindJobArgs(type);
            if (jobArgs is not null && jobArgs.ConstructorArguments.Length == 1 && jobArgs.ConstructorArguments[0].Value is string kind)
            {
                _kinds.Add((kind, type, AttributeArguments.Location(jobArgs, null, context.CancellationToken)));
            }
            if (type.TypeKind != TypeKind.Class || type.IsAbstract || type.IsGenericType)
            {
                return;
            }
            var args = symbols.WorkerArgsType(type);
            if (args is null)
            {
                return;
            }
            if (args.TypeKind != TypeKind.Error && symbols.FindJobArgs(args) is null)
            {
                context.ReportDiagnostic(Diagnostic.Create(RiverDiagnostics.WorkerArgsWithoutJobArgs,
                    WorkerBaseLocation(type, context.CancellationToken), type.Name, args.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat)));
                return;
            }
            _workers.Add((type, args));
        }

        public void Report(CompilationAnalysisContext context)
        {
            ReportDuplicateKinds(context);
            var workersByArgs = ReportDuplicateWorkers(context);
            if (workersByArgs.Count == 0)
            {
                return; // not a project that hosts workers
            }
            foreach (var (kind, type, _) in _kinds)
            {
                if (!workersByArgs.Contains(type))
                {
                    var properties = ImmutableDictionary<string, string?>.Empty.Add(ArgsTypeProperty, type.GetDocumentationCommentId());
                    context.ReportDiagnostic(Diagnostic.Create(RiverDiagnostics.JobArgsWithoutWorker, type.Locations[0], properties, type.Name, kind));
                }
            }
        }

        private void ReportDuplicateKinds(CompilationAnalysisContext context)
        {
            Dictionary<string, List<string>>? referenced = null;
            foreach (var group in _kinds.GroupBy(k => k.Kind, System.StringComparer.Ordinal))
            {
                var declarations = group.OrderBy(d => d.Location.SourceTree?.FilePath, System.StringComparer.Ordinal)
                    .ThenBy(d => d.Location.SourceSpan.Start).ToList();
                referenced ??= ReferencedKinds(context.CancellationToken);
                referenced.TryGetValue(group.Key, out var fromReferences);
                if (declarations.Count < 2 && fromReferences is null)
                {
                    continue;
                }
                for (var i = 0; i < declarations.Count; i++)
                {
                    var other = fromReferences is not null
                        ? fromReferences[0]
                        : declarations[i == 0 ? 1 : 0].Type.ToDisplayString();
                    context.ReportDiagnostic(Diagnostic.Create(RiverDiagnostics.DuplicateKind, declarations[i].Location,
                        group.Key, declarations[i].Type.ToDisplayString(), other));
                }
            }
        }

        private HashSet<ITypeSymbol> ReportDuplicateWorkers(CompilationAnalysisContext context)
        {
            var byArgs = new HashSet<ITypeSymbol>(SymbolEqualityComparer.Default);
            foreach (var group in _workers.GroupBy(w => w.Args, SymbolEqualityComparer.Default))
            {
                byArgs.Add((ITypeSymbol)group.Key!);
                var workers = group.Select(w => w.Worker)
                    .OrderBy(w => w.Locations[0].SourceTree?.FilePath, System.StringComparer.Ordinal)
                    .ThenBy(w => w.Locations[0].SourceSpan.Start).ToList();
                if (workers.Count < 2)
                {
                    continue;
                }
                for (var i = 0; i < workers.Count; i++)
                {
                    var other = workers[i == 0 ? 1 : 0];
                    context.ReportDiagnostic(Diagnostic.Create(RiverDiagnostics.DuplicateWorker, workers[i].Locations[0],
                        ((ITypeSymbol)group.Key!).Name, workers[i].Name, other.Name));
                }
            }
            return byArgs;
        }

        /// <summary>
        /// Kinds declared by referenced assemblies that carry <c>[assembly: RiverJobRegistry]</c> (only those are
        /// walked, so the cost is proportional to River job libraries, not to all references), as kind to
        /// "Type (Assembly)" names.
        /// </summary>
        private Dictionary<string, List<string>> ReferencedKinds(CancellationToken ct)
        {
            var result = new Dictionary<string, List<string>>(System.StringComparer.Ordinal);
            if (symbols.RiverJobRegistryAttribute is null)
            {
                return result;
            }
            foreach (var assembly in symbols.Compilation.SourceModule.ReferencedAssemblySymbols)
            {
                if (RiverSymbols.Find(assembly, symbols.RiverJobRegistryAttribute) is null)
                {
                    continue;
                }
                var stack = new Stack<INamespaceOrTypeSymbol>();
                stack.Push(assembly.GlobalNamespace);
                while (stack.Count > 0)
                {
                    ct.ThrowIfCancellationRequested();
                    foreach (var member in stack.Pop().GetMembers())
                    {
                        if (member is INamespaceSymbol ns)
                        {
                            stack.Push(ns);
                        }
                        else if (member is INamedTypeSymbol type && type.DeclaredAccessibility == Accessibility.Public)
                        {
                            stack.Push(type);
                            if (symbols.FindJobArgs(type) is { ConstructorArguments.Length: 1 } jobArgs && jobArgs.ConstructorArguments[0].Value is string kind)
                            {
                                if (!result.TryGetValue(kind, out var list))
                                {
                                    result[kind] = list = [];
                                }
                                list.Add($"{type.ToDisplayString()} ({assembly.Identity.Name})");
                            }
                        }
                    }
                }
            }
            return result;
        }

        /// <summary>The <c>Worker&lt;T&gt;</c> entry of the class's base list when it is the direct base, else its name.</summary>
        private Location WorkerBaseLocation(INamedTypeSymbol type, CancellationToken ct)
        {
            if (type.BaseType is { } baseType && SymbolEqualityComparer.Default.Equals(baseType.OriginalDefinition, symbols.Worker))
            {
                foreach (var reference in type.DeclaringSyntaxReferences)
                {
                    if (reference.GetSyntax(ct) is TypeDeclarationSyntax { BaseList.Types.Count: > 0 } declaration)
                    {
                        return declaration.BaseList.Types[0].GetLocation();
                    }
                }
            }
            return type.Locations[0];
        }
    }
}
