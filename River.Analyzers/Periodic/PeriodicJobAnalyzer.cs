using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using River.Analyzers.Diagnostics;
using River.Analyzers.Symbols;
using River.Generators.Parsing;
using River.Periodic;

namespace River.Analyzers.Periodic;

/// <summary>
/// Checks <c>[PeriodicJob]</c> types: the schedule (with the runtime's own parser, <see cref="ScheduleSyntax"/>),
/// the time zone (when the build machine can judge it), the id, that the type is job args the generated
/// registration can create with <c>new T()</c>, and, over the compilation, that no periodic id is used twice.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class PeriodicJobAnalyzer : DiagnosticAnalyzer
{
    /// <summary>The schedule RIVER0024's code fix writes: the shortest interval accepted.</summary>
    internal const string MinimumIntervalSchedule = "@every 1s";

    private readonly TimeZoneCheck _timeZones;

    /// <summary>Creates the analyzer with the compiler host's time zone data.</summary>
    public PeriodicJobAnalyzer()
        : this(TimeZoneCheck.Host)
    {
    }

    internal PeriodicJobAnalyzer(TimeZoneCheck timeZones) => _timeZones = timeZones;

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        RiverDiagnostics.InvalidPeriodicSchedule,
        RiverDiagnostics.PeriodicIntervalTooShort,
        RiverDiagnostics.UnknownPeriodicTimeZone,
        RiverDiagnostics.TimeZoneOnInterval,
        RiverDiagnostics.PeriodicJobWithoutJobArgs,
        RiverDiagnostics.PeriodicJobNotConstructible,
        RiverDiagnostics.InvalidPeriodicJobId,
        RiverDiagnostics.DuplicatePeriodicJobId);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var symbols = RiverSymbols.Create(start.Compilation);
            if (symbols?.PeriodicJobAttribute is null)
            {
                return;
            }
            var ids = new ConcurrentBag<PeriodicId>();
            start.RegisterSymbolAction(symbolContext => AnalyzeType(symbolContext, symbols, ids), SymbolKind.NamedType);
            start.RegisterCompilationEndAction(end => ReportDuplicateIds(end, ids));
        });
    }

    /// <summary>A periodic job's id, where it comes from (the Id argument, else the kind) and where to report it.</summary>
    private sealed class PeriodicId(string id, bool fromKind, INamedTypeSymbol type, Location location)
    {
        public string Id { get; } = id;
        public bool FromKind { get; } = fromKind;
        public INamedTypeSymbol Type { get; } = type;
        public Location Location { get; } = location;
    }

    private void AnalyzeType(SymbolAnalysisContext context, RiverSymbols symbols, ConcurrentBag<PeriodicId> ids)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        var periodic = RiverSymbols.Find(type, symbols.PeriodicJobAttribute);
        if (periodic is null)
        {
            return;
        }
        var ct = context.CancellationToken;
        CheckSchedule(context, periodic, ct);

        var jobArgs = symbols.FindJobArgs(type);
        if (jobArgs is null)
        {
            context.ReportDiagnostic(Diagnostic.Create(RiverDiagnostics.PeriodicJobWithoutJobArgs, AttributeArguments.AttributeLocation(periodic, ct), type.Name));
            return;
        }
        CheckId(context, type, periodic, jobArgs, ids, ct);

        // Structs, abstract, static and generic args types already have RIVER0012/RIVER0013 (and no registration at all).
        if (type.TypeKind == TypeKind.Class && !type.IsAbstract && !type.IsStatic && !type.IsGenericType
            && DefaultConstruction.Check(type, context.Compilation) is { IsOk: false } verdict)
        {
            context.ReportDiagnostic(Diagnostic.Create(RiverDiagnostics.PeriodicJobNotConstructible, type.Locations[0], type.Name, verdict.Reason));
        }
    }

    private void CheckSchedule(SymbolAnalysisContext context, AttributeData periodic, CancellationToken ct)
    {
        if (periodic.ConstructorArguments.Length == 1 && periodic.ConstructorArguments[0].Kind != TypedConstantKind.Error)
        {
            var schedule = periodic.ConstructorArguments[0].Value as string;
            var problem = ScheduleSyntax.Parse(schedule, out _, out var cron, out var error);
            if (problem == ScheduleProblem.None && cron is null
                && AttributeArguments.TryGetNamed(periodic, "TimeZone", out var intervalZone) && intervalZone.Value is string ignoredZone)
            {
                context.ReportDiagnostic(Diagnostic.Create(RiverDiagnostics.TimeZoneOnInterval, AttributeArguments.Location(periodic, "TimeZone", ct),
                    ignoredZone, schedule!.Trim()));
            }
            if (problem == ScheduleProblem.IntervalTooShort)
            {
                context.ReportDiagnostic(Diagnostic.Create(RiverDiagnostics.PeriodicIntervalTooShort, AttributeArguments.Location(periodic, null, ct),
                    schedule!.Trim()));
            }
            else if (problem != ScheduleProblem.None)
            {
                context.ReportDiagnostic(Diagnostic.Create(RiverDiagnostics.InvalidPeriodicSchedule, AttributeArguments.Location(periodic, null, ct),
                    schedule ?? "null", error));
            }
        }
        if (AttributeArguments.TryGetNamed(periodic, "TimeZone", out var zone) && zone.Value is string zoneId && _timeZones.IsUnknown(zoneId))
        {
            context.ReportDiagnostic(Diagnostic.Create(RiverDiagnostics.UnknownPeriodicTimeZone, AttributeArguments.Location(periodic, "TimeZone", ct), zoneId));
        }
    }

    private static void CheckId(SymbolAnalysisContext context, INamedTypeSymbol type, AttributeData periodic, AttributeData jobArgs,
        ConcurrentBag<PeriodicId> ids, CancellationToken ct)
    {
        if (AttributeArguments.TryGetNamed(periodic, "Id", out var idArgument) && idArgument.Value is string id)
        {
            var location = AttributeArguments.Location(periodic, "Id", ct);
            if (JobOptionRules.ValidatePeriodicJobId(id) is { } problem)
            {
                context.ReportDiagnostic(Diagnostic.Create(RiverDiagnostics.InvalidPeriodicJobId, location, problem));
                return;
            }
            ids.Add(new PeriodicId(id, fromKind: false, type, location));
        }
        else if (jobArgs.ConstructorArguments.Length == 1 && jobArgs.ConstructorArguments[0].Value is string kind
                 && JobOptionRules.ValidatePeriodicJobId(kind) is null)
        {
            // An invalid kind has RIVER0001 already.
            ids.Add(new PeriodicId(kind, fromKind: true, type, AttributeArguments.AttributeLocation(periodic, ct)));
        }
    }

    /// <summary>
    /// Reports each periodic job whose id another one uses too. Two jobs that both take their id from the same
    /// kind are a duplicate kind (RIVER0002), not reported again here.
    /// </summary>
    private static void ReportDuplicateIds(CompilationAnalysisContext context, ConcurrentBag<PeriodicId> ids)
    {
        foreach (var group in ids.GroupBy(i => i.Id, System.StringComparer.Ordinal))
        {
            var entries = group.OrderBy(e => e.Location.SourceTree?.FilePath, System.StringComparer.Ordinal)
                .ThenBy(e => e.Location.SourceSpan.Start).ToList();
            if (entries.Count < 2 || entries.All(e => e.FromKind))
            {
                continue;
            }
            for (var i = 0; i < entries.Count; i++)
            {
                var other = entries[i == 0 ? 1 : 0];
                context.ReportDiagnostic(Diagnostic.Create(RiverDiagnostics.DuplicatePeriodicJobId, entries[i].Location,
                    group.Key, entries[i].Type.ToDisplayString(), other.Type.ToDisplayString()));
            }
        }
    }
}
