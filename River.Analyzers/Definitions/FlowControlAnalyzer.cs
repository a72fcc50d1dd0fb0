using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using River.Analyzers.Diagnostics;
using River.Analyzers.Insertion;
using River.Analyzers.Serialization;
using River.Analyzers.Symbols;

namespace River.Analyzers.Definitions;

/// <summary>
/// RIVER0053 and RIVER0054: the constant values of <c>[ConcurrencyLimit]</c>, <c>[RateLimit]</c> and <c>[Sequence]</c> on a
/// <c>[JobArgs]</c> type, checked by the runtime's rules (<see cref="FlowRules"/>) and, for paths, against the args'
/// JSON names (the generator's: <c>[JsonPropertyName]</c>, else the assembly's naming policy).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class FlowControlAnalyzer : DiagnosticAnalyzer
{
    private const string ConcurrencyLimit = "River.ConcurrencyLimitAttribute";
    private const string RateLimit = "River.RateLimitAttribute";
    private const string Sequence = "River.SequenceAttribute";

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(RiverDiagnostics.FlowLimitInvalid, RiverDiagnostics.FlowPathNotFound);

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
            // The generator's names: the assembly's policy, snake_case when the assembly names none (NamingPolicies.Default).
            var policy = JsonNameCollisions.AssemblyNamingPolicy(symbols);
            start.RegisterSymbolAction(c => Analyze(c, symbols, policy), SymbolKind.NamedType);
        });
    }

    private static void Analyze(SymbolAnalysisContext context, RiverSymbols symbols, int policy)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        AttributeData? concurrency = null, rate = null, sequence = null;
        foreach (var attribute in type.GetAttributes())
        {
            switch (attribute.AttributeClass?.ToDisplayString())
            {
                case ConcurrencyLimit: concurrency = attribute; break;
                case RateLimit: rate = attribute; break;
                case Sequence: sequence = attribute; break;
            }
        }
        if (concurrency is null && rate is null && sequence is null)
        {
            return;
        }
        var jobArgs = symbols.FindJobArgs(type);
        var kind = jobArgs is { ConstructorArguments.Length: 1 } && jobArgs.ConstructorArguments[0].Value is string k ? k : type.Name;
        var ct = context.CancellationToken;
        string? concurrencyPartition = null, ratePartition = null;

        if (concurrency is { ConstructorArguments.Length: 1 } && concurrency.ConstructorArguments[0].Value is int max)
        {
            Report(context, FlowRules.ValidateMaxRunning(max), AttributeArguments.Location(concurrency, null, ct));
            concurrencyPartition = Path(context, type, concurrency, "PartitionBy", "[ConcurrencyLimit] PartitionBy", symbols, policy);
        }
        if (rate is { ConstructorArguments.Length: 2 } && rate.ConstructorArguments[0].Value is int count && rate.ConstructorArguments[1].Value is { } periodValue)
        {
            var period = System.Convert.ToDouble(periodValue, CultureInfo.InvariantCulture);
            var burst = AttributeArguments.TryGetNamed(rate, "Burst", out var b) && b.Value is int burstValue ? burstValue : 0;
            Report(context, FlowRules.ValidateRate(count, period, burst), AttributeArguments.AttributeLocation(rate, ct));
            ratePartition = Path(context, type, rate, "PartitionBy", "[RateLimit] PartitionBy", symbols, policy);
        }
        if (concurrency is not null && rate is not null)
        {
            Report(context, FlowRules.ValidatePartitionAgreement(kind, concurrencyPartition, ratePartition), AttributeArguments.AttributeLocation(rate, ct));
        }
        if (sequence is not null)
        {
            Path(context, type, sequence, "By", "[Sequence] By", symbols, policy);
            var unique = RiverSymbols.Find(type, symbols.UniqueJobAttribute);
            if (unique is not null)
            {
                var byArgs = AttributeArguments.TryGetNamed(unique, "ByArgs", out var a) && a.Value is true;
                var byPeriod = AttributeArguments.TryGetNamed(unique, "ByPeriodSeconds", out var p) && p.Value is long and not 0 or int and not 0;
                var keyed = false;
                foreach (var member in type.GetMembers())
                {
                    keyed |= member is IPropertySymbol && RiverSymbols.Find(member, symbols.UniqueKeyAttribute) is not null;
                }
                Report(context, FlowRules.ValidateSequenceWithUnique(kind, unique: true, byArgs || keyed, byPeriod), AttributeArguments.AttributeLocation(sequence, ct));
                if (AttributeArguments.TryGetNamed(sequence, "By", out var by) && by.Value is string sequenceBy && UniqueKeyPaths(type, symbols, policy) is { } paths)
                {
                    Report(context, FlowRules.ValidateSequenceWithUniqueKey(kind, sequenceBy, paths, byPeriod), AttributeArguments.AttributeLocation(sequence, ct));
                }
            }
        }
    }

    /// <summary>
    /// The JSON paths of the type's top-level <c>[UniqueKey]</c> properties (the generator's ArgPaths), or null when a
    /// property's type has <c>[UniqueKey]</c> members of its own (nested paths: left to the runtime's check, which sees
    /// the generated paths).
    /// </summary>
    private static List<string>? UniqueKeyPaths(INamedTypeSymbol type, RiverSymbols symbols, int policy)
    {
        var paths = new List<string>();
        foreach (var property in Serialization.ArgsProperties.Serialized(type, symbols))
        {
            if (property.Type is INamedTypeSymbol { TypeKind: TypeKind.Class or TypeKind.Struct } nested && nested.Locations.Any(l => l.IsInSource)
                && nested.GetMembers().Any(m => m is IPropertySymbol && RiverSymbols.Find(m, symbols.UniqueKeyAttribute) is not null))
            {
                return null;
            }
            if (RiverSymbols.Find(property, symbols.UniqueKeyAttribute) is not null)
            {
                paths.Add(UniqueArgPathCheck.JsonNameOf(property, policy).Replace("\\", "\\\\").Replace(".", "\\."));
            }
        }
        return paths;
    }

    /// <summary>Checks the path argument <paramref name="name"/>: its syntax (RIVER0053) and that it names a property (RIVER0054). Returns the path.</summary>
    private static string? Path(SymbolAnalysisContext context, INamedTypeSymbol type, AttributeData attribute, string name, string label, RiverSymbols symbols, int policy)
    {
        if (!AttributeArguments.TryGetNamed(attribute, name, out var value) || value.Value is not string path)
        {
            return null;
        }
        var location = AttributeArguments.Location(attribute, name, context.CancellationToken);
        if (FlowRules.SplitPath(path, label, out var error) is null)
        {
            Report(context, error, location);
            return path;
        }
        if (UniqueArgPathCheck.Problem(type, path, policy, symbols) is { } problem)
        {
            context.ReportDiagnostic(Diagnostic.Create(RiverDiagnostics.FlowPathNotFound, location, label, path, problem));
        }
        return path;
    }

    private static void Report(SymbolAnalysisContext context, string? error, Location location)
    {
        if (error is not null)
        {
            context.ReportDiagnostic(Diagnostic.Create(RiverDiagnostics.FlowLimitInvalid, location, error));
        }
    }
}
