using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using River.Analyzers.Definitions;
using River.Analyzers.Diagnostics;
using River.Analyzers.Symbols;
using River.Generators.Parsing;

namespace River.Analyzers.Workers;

/// <summary>
/// Compilation-wide rules: a kind declared twice (here or in a referenced assembly that carries
/// <c>[assembly: RiverJobRegistry]</c>), workers whose args lack <c>[JobArgs]</c>, two workers for one args
/// type, and args types without a worker in a project that hosts workers; across assemblies, a kind two referenced
/// job libraries declare and an args type a library and this project both work.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class JobCatalogAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Property name of the args type's documentation comment id on RIVER0020.</summary>
    internal const string ArgsTypeProperty = "ArgsType";

    /// <summary>Property name of the <see cref="WorkerProblem"/> on RIVER0031.</summary>
    internal const string ProblemProperty = "Problem";

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        RiverDiagnostics.DuplicateKind,
        RiverDiagnostics.WorkerArgsWithoutJobArgs,
        RiverDiagnostics.DuplicateWorker,
        RiverDiagnostics.WorkerAndBatchWorker,
        RiverDiagnostics.JobArgsWithoutWorker,
        RiverDiagnostics.WorkerNotRegistered,
        RiverDiagnostics.WorkerBaseNeverRegistered,
        RiverDiagnostics.WorkerFileLocal,
        RiverDiagnostics.KindInTwoLibraries,
        RiverDiagnostics.WorkerInLibraryAndHost);

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
        /// <summary>Every concrete worker class, registered or not: what abstract and generic workers need a subclass among.</summary>
        private readonly ConcurrentBag<INamedTypeSymbol> _concreteWorkers = [];
        /// <summary>Abstract or generic workers of a [JobArgs] type, with the reason the generator leaves them out.</summary>
        private readonly ConcurrentBag<(INamedTypeSymbol Worker, string Reason)> _workerBases = [];
        /// <summary>Args types (original definitions) that some worker class works, registered or not.</summary>
        private readonly ConcurrentDictionary<ITypeSymbol, bool> _worked = new(SymbolEqualityComparer.Default);

        public void AnalyzeType(SymbolAnalysisContext context)
        {
            var type = (INamedTypeSymbol)context.Symbol;
            var jobArgs = symbols.FindJobArgs(type);
            if (jobArgs is not null && jobArgs.ConstructorArguments.Length == 1 && jobArgs.ConstructorArguments[0].Value is string kind)
            {
                _kinds.Add((kind, type, AttributeArguments.Location(jobArgs, null, context.CancellationToken)));
            }
            if (type.TypeKind != TypeKind.Class)
            {
                return;
            }
            var args = symbols.WorkerArgsType(type);
            if (args is null)
            {
                return;
            }
            var isBase = type.IsAbstract || type.IsGenericType;
            if (!isBase)
            {
                _concreteWorkers.Add(type);
            }
            if (args.TypeKind == TypeKind.Error || args is not INamedTypeSymbol namedArgs)
            {
                return;
            }
            if (symbols.FindJobArgs(args) is null)
            {
                if (!isBase)
                {
                    context.ReportDiagnostic(Diagnostic.Create(RiverDiagnostics.WorkerArgsWithoutJobArgs,
                        WorkerBaseLocation(type, context.CancellationToken), type.Name, args.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat)));
                }
                return;
            }
            _worked.TryAdd(namedArgs.OriginalDefinition, true);
            // The generator's own rule (WorkerRegistration, linked from River.Generators): reported here exactly when it skips the worker.
            var verdict = WorkerRegistration.Check(type, namedArgs);
            if (isBase)
            {
                _workerBases.Add((type, verdict.Reason!));
                return;
            }
            if (verdict.Problem == WorkerProblem.FileLocal)
            {
                context.ReportDiagnostic(Diagnostic.Create(RiverDiagnostics.WorkerFileLocal, type.Locations[0], type.Name));
                return;
            }
            if (!verdict.IsRegistered)
            {
                var properties = ImmutableDictionary<string, string?>.Empty.Add(ProblemProperty, verdict.Problem.ToString());
                context.ReportDiagnostic(Diagnostic.Create(RiverDiagnostics.WorkerNotRegistered, type.Locations[0], properties, type.Name, verdict.Reason));
                return;
            }
            _workers.Add((type, args));
        }

        public void Report(CompilationAnalysisContext context)
        {
            var referenced = ReadReferences(context.CancellationToken);
            ReportDuplicateKinds(context, referenced);
            ReportAcrossAssemblies(context, referenced);
            ReportDuplicateWorkers(context);
            ReportWorkerBases(context);
            if (_concreteWorkers.IsEmpty)
            {
                return; // not a project that hosts workers
            }
            foreach (var (kind, type, _) in _kinds)
            {
                // Not on a type the generator leaves out (it has an error of its own), nor on one some worker works.
                if (!_worked.ContainsKey(type) && IsDefinedByGenerator(type, kind))
                {
                    var properties = ImmutableDictionary<string, string?>.Empty.Add(ArgsTypeProperty, type.GetDocumentationCommentId());
                    context.ReportDiagnostic(Diagnostic.Create(RiverDiagnostics.JobArgsWithoutWorker, type.Locations[0], properties, type.Name, kind));
                }
            }
        }

        private void ReportDuplicateKinds(CompilationAnalysisContext context, ReferencedCatalog referencedCatalog)
        {
            var referenced = referencedCatalog.Kinds;
            foreach (var group in _kinds.GroupBy(k => k.Kind, System.StringComparer.Ordinal))
            {
                var declarations = group.OrderBy(d => d.Location.SourceTree?.FilePath, System.StringComparer.Ordinal)
                    .ThenBy(d => d.Location.SourceSpan.Start).ToList();
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

        /// <summary>
        /// Whether the generator emits a definition for the [JobArgs] type: a concrete, non-generic class its assembly
        /// can name with a valid kind (otherwise RIVER0001, RIVER0012 or RIVER0013 is already reported on it).
        /// </summary>
        private static bool IsDefinedByGenerator(INamedTypeSymbol type, string kind)
            => type is { TypeKind: TypeKind.Class, IsAbstract: false, IsStatic: false, IsGenericType: false } &&
               (ArgsTypeEligibility.NamingProblem(type) == ArgsTypeProblem.None) && JobOptionRules.ValidateKind(kind) is null;

        /// <summary>RIVER0032: abstract and generic workers no concrete worker of the compilation derives from.</summary>
        private void ReportWorkerBases(CompilationAnalysisContext context)
        {
            if (_workerBases.IsEmpty)
            {
                return;
            }
            var derivedFrom = new HashSet<ITypeSymbol>(SymbolEqualityComparer.Default);
            foreach (var worker in _concreteWorkers)
            {
                for (var b = worker.BaseType; b is not null; b = b.BaseType)
                {
                    derivedFrom.Add(b.OriginalDefinition);
                }
            }
            foreach (var (worker, reason) in _workerBases)
            {
                if (!derivedFrom.Contains(worker.OriginalDefinition))
                {
                    context.ReportDiagnostic(Diagnostic.Create(RiverDiagnostics.WorkerBaseNeverRegistered, worker.Locations[0], worker.Name, reason));
                }
            }
        }

        private void ReportDuplicateWorkers(CompilationAnalysisContext context)
        {
            foreach (var group in _workers.GroupBy(w => w.Args, SymbolEqualityComparer.Default))
            {
                var workers = group.Select(w => w.Worker)
                    .OrderBy(w => w.Locations[0].SourceTree?.FilePath, System.StringComparer.Ordinal)
                    .ThenBy(w => w.Locations[0].SourceSpan.Start).ToList();
                if (workers.Count < 2)
                {
                    continue;
                }
                var batch = workers.Where(w => symbols.WorkerArgsType(w, out var isBatch) is not null && isBatch).ToList();
                if (batch.Count > 0 && batch.Count < workers.Count)
                {
                    // RIVER0062: a Worker<T> and a BatchWorker<T> for one kind; each is reported with one of the other sort.
                    var single = workers.Where(w => !batch.Contains(w, SymbolEqualityComparer.Default)).ToList();
                    foreach (var worker in workers)
                    {
                        var isBatch = batch.Contains(worker, SymbolEqualityComparer.Default);
                        context.ReportDiagnostic(Diagnostic.Create(RiverDiagnostics.WorkerAndBatchWorker, worker.Locations[0],
                            ((ITypeSymbol)group.Key!).Name, KindOf((ITypeSymbol)group.Key!), isBatch ? single[0].Name : worker.Name, isBatch ? worker.Name : batch[0].Name));
                    }
                    continue;
                }
                for (var i = 0; i < workers.Count; i++)
                {
                    var other = workers[i == 0 ? 1 : 0];
                    context.ReportDiagnostic(Diagnostic.Create(RiverDiagnostics.DuplicateWorker, workers[i].Locations[0],
                        ((ITypeSymbol)group.Key!).Name, workers[i].Name, other.Name));
                }
            }
        }

        /// <summary>
        /// The kinds and workers of referenced assemblies that carry <c>[assembly: RiverJobRegistry]</c> (only those are
        /// walked, so the cost is proportional to River job libraries, not to all references; once, at compilation end).
        /// Kinds map to "Type (Assembly)" names, args types to "Worker (Assembly)" names.
        /// </summary>
        private ReferencedCatalog ReadReferences(CancellationToken ct)
        {
            var result = new ReferencedCatalog();
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
                        else if (member is INamedTypeSymbol type && type.DeclaredAccessibility is Accessibility.Public or Accessibility.Internal)
                        {
                            stack.Push(type);
                            if (type.DeclaredAccessibility == Accessibility.Public
                                && symbols.FindJobArgs(type) is { ConstructorArguments.Length: 1 } jobArgs && jobArgs.ConstructorArguments[0].Value is string kind)
                            {
                                Add(result.Kinds, kind, $"{type.ToDisplayString()} ({assembly.Identity.Name})");
                            }
                            if (type is { TypeKind: TypeKind.Class, IsAbstract: false, IsGenericType: false }
                                && symbols.WorkerArgsType(type) is INamedTypeSymbol args && symbols.FindJobArgs(args) is not null)
                            {
                                if (!result.Workers.TryGetValue(args, out var workers))
                                {
                                    result.Workers[args] = workers = [];
                                }
                                workers.Add($"{type.ToDisplayString()} ({assembly.Identity.Name})");
                            }
                        }
                    }
                }
            }
            return result;
        }

        private static void Add(Dictionary<string, List<string>> map, string key, string value)
        {
            if (!map.TryGetValue(key, out var list))
            {
                map[key] = list = [];
            }
            list.Add(value);
        }

        /// <summary>
        /// RIVER0046: a kind that two referenced libraries declare (a kind this compilation declares too is RIVER0002).
        /// RIVER0047: an args type worked by a worker of this compilation and one of a library, or by two libraries.
        /// Both are about the generated registration of this compilation, which adds every referenced registry: no
        /// source location names the library's declaration, so a library pair is reported without one.
        /// </summary>
        private void ReportAcrossAssemblies(CompilationAnalysisContext context, ReferencedCatalog referenced)
        {
            var declaredHere = new HashSet<string>(_kinds.Select(k => k.Kind), System.StringComparer.Ordinal);
            foreach (var pair in referenced.Kinds.OrderBy(p => p.Key, System.StringComparer.Ordinal))
            {
                if (pair.Value.Count > 1 && !declaredHere.Contains(pair.Key))
                {
                    context.ReportDiagnostic(Diagnostic.Create(RiverDiagnostics.KindInTwoLibraries, Location.None, pair.Key, pair.Value[0], pair.Value[1]));
                }
            }
            var workedHere = new HashSet<ITypeSymbol>(SymbolEqualityComparer.Default);
            foreach (var (worker, args) in _workers.OrderBy(w => w.Worker.Locations[0].SourceTree?.FilePath, System.StringComparer.Ordinal)
                         .ThenBy(w => w.Worker.Locations[0].SourceSpan.Start))
            {
                workedHere.Add(args);
                if (referenced.Workers.TryGetValue(args, out var libraryWorkers))
                {
                    context.ReportDiagnostic(Diagnostic.Create(RiverDiagnostics.WorkerInLibraryAndHost, worker.Locations[0],
                        args.Name, KindOf(args), "'" + worker.ToDisplayString() + "'", libraryWorkers[0]));
                }
            }
            foreach (var pair in referenced.Workers)
            {
                if (pair.Value.Count > 1 && !workedHere.Contains(pair.Key))
                {
                    context.ReportDiagnostic(Diagnostic.Create(RiverDiagnostics.WorkerInLibraryAndHost, Location.None,
                        pair.Key.Name, KindOf(pair.Key), pair.Value[0], pair.Value[1]));
                }
            }
        }

        private string KindOf(ITypeSymbol args)
            => symbols.FindJobArgs(args) is { ConstructorArguments.Length: 1 } jobArgs && jobArgs.ConstructorArguments[0].Value is string kind ? kind : "?";

        /// <summary>The <c>Worker&lt;T&gt;</c> entry of the class's base list when it is the direct base, else its name.</summary>
        private Location WorkerBaseLocation(INamedTypeSymbol type, CancellationToken ct)
        {
            if (type.BaseType is { } baseType && (SymbolEqualityComparer.Default.Equals(baseType.OriginalDefinition, symbols.Worker)
                || SymbolEqualityComparer.Default.Equals(baseType.OriginalDefinition, symbols.BatchWorker)))
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

    /// <summary>What the referenced job libraries declare: kinds and the args types their workers work.</summary>
    private sealed class ReferencedCatalog
    {
        public Dictionary<string, List<string>> Kinds { get; } = new(System.StringComparer.Ordinal);
        public Dictionary<ITypeSymbol, List<string>> Workers { get; } = new(SymbolEqualityComparer.Default);
    }
}
