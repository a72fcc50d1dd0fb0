using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using River.Analyzers.Diagnostics;
using River.Analyzers.Rules;
using River.Analyzers.Serialization;
using River.Analyzers.Symbols;
using River.Generators.Parsing;

namespace River.Analyzers.Definitions;

/// <summary>
/// Checks each <c>[JobArgs]</c> type on its own: its kind, its default insert options, its uniqueness, its
/// shape and its serialization. Compilation-wide rules (duplicate kinds, workers) are in
/// <see cref="Workers.JobCatalogAnalyzer"/>.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class JobArgsAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Property name of the lower-case kind on RIVER0003.</summary>
    internal const string LowerCaseKindProperty = "LowerCaseKind";

    /// <summary>The diagnostic property of RIVER0006/RIVER0007 holding the nearest valid queue name or tag (absent when there is none).</summary>
    internal const string SuggestedNameProperty = "SuggestedName";
    /// <summary>Property name of the in-range priority on RIVER0004.</summary>
    internal const string ClampedPriorityProperty = "ClampedPriority";
    /// <summary>Property name of the in-range max attempts on RIVER0005.</summary>
    internal const string ClampedMaxAttemptsProperty = "ClampedMaxAttempts";
    /// <summary>Property name of the comma-separated missing states on RIVER0009.</summary>
    internal const string MissingStatesProperty = "MissingStates";
    /// <summary>Property names on RIVER0016: the context's documentation comment id and the missing type's reference id.</summary>
    internal const string ContextTypeProperty = "ContextType";
    internal const string MissingTypeProperty = "MissingType";

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        RiverDiagnostics.InvalidKind,
        RiverDiagnostics.KindNotLowerCase,
        RiverDiagnostics.PriorityOutOfRange,
        RiverDiagnostics.MaxAttemptsOutOfRange,
        RiverDiagnostics.ZeroMaxAttemptsMeansDefault,
        RiverDiagnostics.InvalidQueue,
        RiverDiagnostics.InvalidTag,
        RiverDiagnostics.UniquePeriodTooShort,
        RiverDiagnostics.UniqueStatesMissingRequired,
        RiverDiagnostics.UniqueKeyOnIgnoredProperty,
        RiverDiagnostics.JsonNameCollision,
        RiverDiagnostics.UniqueKeyNeverReached,
        RiverDiagnostics.UniqueByArgsWithoutProperties,
        RiverDiagnostics.ArgsTypeNotConcreteClass,
        RiverDiagnostics.ArgsTypeOpenGeneric,
        RiverDiagnostics.ArgsTypeFileLocal,
        RiverDiagnostics.ArgsTypeNoUsableConstructor,
        RiverDiagnostics.UnsupportedPropertyShape,
        RiverDiagnostics.JsonContextMissingType,
        RiverDiagnostics.JsonContextNotAContext,
        RiverDiagnostics.ArgsTypeLayoutUnsupported,
        RiverDiagnostics.PublicFieldNotSerialized,
        RiverDiagnostics.PropertyNotReadBack,
        RiverDiagnostics.DateTimeLosesKind,
        RiverDiagnostics.UniqueKeyWithoutUniqueByArgs,
        RiverDiagnostics.UniqueJobWithoutJobArgs);

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
            var assemblyContext = AssemblyJsonContext(symbols, out var contextArgument);
            if (assemblyContext is not null && !symbols.IsJsonSerializerContext(assemblyContext) && contextArgument?.SyntaxTree is { } tree)
            {
                // The assembly attribute is reported from its own tree: symbol actions never see the assembly.
                var diagnostic = Diagnostic.Create(RiverDiagnostics.JsonContextNotAContext, contextArgument.GetLocation(), assemblyContext.Name);
                start.RegisterSyntaxTreeAction(treeContext =>
                {
                    if (treeContext.Tree == tree)
                    {
                        treeContext.ReportDiagnostic(diagnostic);
                    }
                });
                assemblyContext = null;
            }
            var state = new CompilationState(symbols, assemblyContext, new ShapeCache());
            start.RegisterSymbolAction(symbolContext => AnalyzeType(symbolContext, state), SymbolKind.NamedType);
        });
    }

    private sealed class CompilationState(RiverSymbols symbols, INamedTypeSymbol? assemblyContext, ShapeCache shapeCache)
    {
        public RiverSymbols Symbols { get; } = symbols;
        public INamedTypeSymbol? AssemblyContext { get; } = assemblyContext;
        public ShapeCache ShapeCache { get; } = shapeCache;
        public ShapeClassifier Shapes { get; } = new(shapeCache);
        public ContextCoverage Coverage { get; } = new(symbols);
        public int NamingPolicy { get; } = JsonNameCollisions.AssemblyNamingPolicy(symbols);
    }

    private static INamedTypeSymbol? AssemblyJsonContext(RiverSymbols symbols, out Microsoft.CodeAnalysis.CSharp.Syntax.ExpressionSyntax? argument)
    {
        argument = null;
        var options = RiverSymbols.Find(symbols.Compilation.Assembly, symbols.RiverJsonOptionsAttribute);
        if (options is null || !AttributeArguments.TryGetNamed(options, "Context", out var value))
        {
            return null;
        }
        argument = AttributeArguments.Expression(options, "Context", CancellationToken.None);
        return value.Value as INamedTypeSymbol;
    }

    private static void AnalyzeType(SymbolAnalysisContext context, CompilationState state)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        var jobArgs = state.Symbols.FindJobArgs(type);
        if (jobArgs is null)
        {
            if (RiverSymbols.Find(type, state.Symbols.UniqueJobAttribute) is { } orphan)
            {
                context.ReportDiagnostic(Diagnostic.Create(RiverDiagnostics.UniqueJobWithoutJobArgs, AttributeArguments.Location(orphan, null, context.CancellationToken), type.Name));
            }
            return;
        }
        var ct = context.CancellationToken;
        CheckKind(context, jobArgs, ct);
        CheckOptions(context, jobArgs, ct);
        if (!CheckTypeShape(context, type))
        {
            return;
        }
        var ignored = new List<IPropertySymbol>();
        var properties = ArgsProperties.Serialized(type, state.Symbols, ignored);
        CheckUniqueness(context, type, properties, ignored, state.Symbols, ct);
        if (state.AssemblyContext is null)
        {
            JsonNameCollisions.Report(context, type, properties, state.NamingPolicy, state.Symbols);
        }
        CheckSerialization(context, type, jobArgs, state, ct);
    }

    private static void CheckKind(SymbolAnalysisContext context, AttributeData jobArgs, CancellationToken ct)
    {
        if (jobArgs.ConstructorArguments.Length != 1 || jobArgs.ConstructorArguments[0].Kind == TypedConstantKind.Error)
        {
            return;
        }
        var kind = jobArgs.ConstructorArguments[0].Value as string;
        var problem = DefinitionRules.KindProblem(kind);
        if (problem is not null)
        {
            context.ReportDiagnostic(Diagnostic.Create(RiverDiagnostics.InvalidKind, AttributeArguments.Location(jobArgs, null, ct), problem));
            return;
        }
        var lower = kind!.ToLowerInvariant();
        if (lower != kind)
        {
            var properties = ImmutableDictionary<string, string?>.Empty.Add(LowerCaseKindProperty, lower);
            context.ReportDiagnostic(Diagnostic.Create(RiverDiagnostics.KindNotLowerCase, AttributeArguments.Location(jobArgs, null, ct), properties, kind, lower));
        }
    }

    private static void CheckOptions(SymbolAnalysisContext context, AttributeData jobArgs, CancellationToken ct)
    {
        // On the attribute 0 means "unset": only other values are checked.
        if (AttributeArguments.TryGetNamed(jobArgs, "Priority", out var priority) && priority.Value is int p && p != 0 && !DefinitionRules.IsValidPriority(p))
        {
            var clamped = p < DefinitionRules.MinPriority ? DefinitionRules.MinPriority : DefinitionRules.MaxPriority;
            var properties = ImmutableDictionary<string, string?>.Empty.Add(ClampedPriorityProperty, clamped.ToString(CultureInfo.InvariantCulture));
            context.ReportDiagnostic(Diagnostic.Create(RiverDiagnostics.PriorityOutOfRange, AttributeArguments.Location(jobArgs, "Priority", ct), properties, p));
        }
        if (AttributeArguments.TryGetNamed(jobArgs, "MaxAttempts", out var maxAttempts) && maxAttempts.Value is int m)
        {
            if (m == 0)
            {
                context.ReportDiagnostic(Diagnostic.Create(RiverDiagnostics.ZeroMaxAttemptsMeansDefault, AttributeArguments.Location(jobArgs, "MaxAttempts", ct)));
            }
            else if (!DefinitionRules.IsValidMaxAttempts(m))
            {
                var clamped = m < JobOptionRules.MaxAttemptsMin ? JobOptionRules.MaxAttemptsMin : JobOptionRules.MaxAttemptsMax;
                var properties = ImmutableDictionary<string, string?>.Empty.Add(ClampedMaxAttemptsProperty, clamped.ToString(CultureInfo.InvariantCulture));
                context.ReportDiagnostic(Diagnostic.Create(RiverDiagnostics.MaxAttemptsOutOfRange, AttributeArguments.Location(jobArgs, "MaxAttempts", ct), properties, m));
            }
        }
        if (AttributeArguments.TryGetNamed(jobArgs, "Queue", out var queue) && queue.Value is string q && DefinitionRules.QueueProblem(q) is { } queueProblem)
        {
            context.ReportDiagnostic(Diagnostic.Create(RiverDiagnostics.InvalidQueue, AttributeArguments.Location(jobArgs, "Queue", ct),
                Suggestion(JobOptionRules.SuggestQueue(q)), queueProblem));
        }
        if (AttributeArguments.TryGetNamed(jobArgs, "Tags", out var tags) && tags.Kind == TypedConstantKind.Array && !tags.IsNull)
        {
            for (var i = 0; i < tags.Values.Length; i++)
            {
                var tag = tags.Values[i].Value as string;
                if (DefinitionRules.TagProblem(tag) is { } tagProblem)
                {
                    context.ReportDiagnostic(Diagnostic.Create(RiverDiagnostics.InvalidTag, AttributeArguments.ElementLocation(jobArgs, "Tags", i, ct),
                        Suggestion(JobOptionRules.SuggestTag(tag)), tagProblem));
                }
            }
        }
    }

    /// <summary>Reports what makes the type unusable as args (the generator's own rule); returns whether the remaining checks make sense.</summary>
    private static bool CheckTypeShape(SymbolAnalysisContext context, INamedTypeSymbol type)
    {
        var location = type.Locations[0];
        var problem = ArgsTypeEligibility.Problem(type);
        var descriptor = problem switch
        {
            ArgsTypeProblem.None => null,
            ArgsTypeProblem.Generic => RiverDiagnostics.ArgsTypeOpenGeneric,
            ArgsTypeProblem.FileLocal => RiverDiagnostics.ArgsTypeFileLocal,
            _ => RiverDiagnostics.ArgsTypeNotConcreteClass,
        };
        if (descriptor is null)
        {
            return true;
        }
        context.ReportDiagnostic(descriptor == RiverDiagnostics.ArgsTypeNotConcreteClass
            ? Diagnostic.Create(descriptor, location, type.Name, ArgsTypeEligibility.Describe(problem, type))
            : Diagnostic.Create(descriptor, location, type.Name));
        return false;
    }

    /// <summary>The properties of a RIVER0006/RIVER0007 diagnostic: the suggested name when there is one.</summary>
    internal static ImmutableDictionary<string, string?> Suggestion(string? suggested)
        => suggested is null ? ImmutableDictionary<string, string?>.Empty : ImmutableDictionary<string, string?>.Empty.Add(SuggestedNameProperty, suggested);

    private static void CheckUniqueness(SymbolAnalysisContext context, INamedTypeSymbol type, List<IPropertySymbol> properties,
        List<IPropertySymbol> ignored, RiverSymbols symbols, CancellationToken ct)
    {
        foreach (var property in ignored)
        {
            if (ArgsProperties.IsUniqueKey(property, symbols))
            {
                context.ReportDiagnostic(Diagnostic.Create(RiverDiagnostics.UniqueKeyOnIgnoredProperty, property.Locations[0], property.Name));
            }
        }

        var unique = RiverSymbols.Find(type, symbols.UniqueJobAttribute);
        if (unique is null || !(AttributeArguments.TryGetNamed(unique, "ByArgs", out var marksUsed) && marksUsed.Value is true))
        {
            foreach (var property in properties)
            {
                if (ArgsProperties.IsUniqueKey(property, symbols))
                {
                    context.ReportDiagnostic(Diagnostic.Create(RiverDiagnostics.UniqueKeyWithoutUniqueByArgs, property.Locations[0], property.Name, type.Name,
                        unique is null ? "has no [UniqueJob]" : "is [UniqueJob] without ByArgs = true"));
                }
            }
        }
        UnreachedUniqueKeys.Report(context, type, properties,
            unique is not null && AttributeArguments.TryGetNamed(unique, "ByArgs", out var keyed) && keyed.Value is true, symbols);
        if (unique is null)
        {
            return;
        }
        if (AttributeArguments.TryGetNamed(unique, "ByPeriodSeconds", out var period) && period.Value is long seconds && seconds < 0)
        {
            context.ReportDiagnostic(Diagnostic.Create(RiverDiagnostics.UniquePeriodTooShort, AttributeArguments.Location(unique, "ByPeriodSeconds", ct),
                seconds.ToString(CultureInfo.InvariantCulture) + " s"));
        }
        if (AttributeArguments.TryGetNamed(unique, "ByState", out var states) && states.Kind == TypedConstantKind.Array && !states.IsNull)
        {
            var values = new List<int>(states.Values.Length);
            foreach (var state in states.Values)
            {
                if (state.Value is int value)
                {
                    values.Add(value);
                }
            }
            var missing = UniqueStateRules.Missing(values);
            if (missing.Count > 0)
            {
                var joined = string.Join(", ", missing);
                var props = ImmutableDictionary<string, string?>.Empty.Add(MissingStatesProperty, string.Join(",", missing));
                context.ReportDiagnostic(Diagnostic.Create(RiverDiagnostics.UniqueStatesMissingRequired, AttributeArguments.Location(unique, "ByState", ct), props, joined));
            }
        }
        if (AttributeArguments.TryGetNamed(unique, "ByArgs", out var byArgs) && byArgs.Value is true && properties.Count == 0)
        {
            context.ReportDiagnostic(Diagnostic.Create(RiverDiagnostics.UniqueByArgsWithoutProperties, AttributeArguments.Location(unique, "ByArgs", ct), type.Name));
        }
    }

    private static void CheckSerialization(SymbolAnalysisContext context, INamedTypeSymbol type, AttributeData jobArgs,
        CompilationState state, CancellationToken ct)
    {
        var symbols = state.Symbols;
        INamedTypeSymbol? jsonContext = null;
        Location? ownContextLocation = null;
        if (AttributeArguments.TryGetNamed(jobArgs, "JsonContext", out var ownContext) && ownContext.Value is INamedTypeSymbol contextType)
        {
            ownContextLocation = AttributeArguments.Location(jobArgs, "JsonContext", ct);
            if (!symbols.IsJsonSerializerContext(contextType))
            {
                context.ReportDiagnostic(Diagnostic.Create(RiverDiagnostics.JsonContextNotAContext, ownContextLocation, contextType.Name));
                return;
            }
            jsonContext = contextType;
        }
        jsonContext ??= state.AssemblyContext is { } assemblyContext && symbols.IsJsonSerializerContext(assemblyContext) ? assemblyContext : null;

        // Whatever the generated serializer cannot handle goes through the JsonSerializerContext, exactly as the
        // generator decides (TypeShapes): the type as a whole (constructor, layout), or parts of properties.
        var constructorProblem = ArgsLayoutRules.ConstructorProblem(type);
        ObjectLayout? layout = null;
        var layoutProblem = constructorProblem is null ? ArgsLayoutRules.LayoutProblem(state.ShapeCache, type, out layout) : null;
        if (constructorProblem is not null || layoutProblem is not null)
        {
            if (jsonContext is null)
            {
                context.ReportDiagnostic(constructorProblem is not null
                    ? Diagnostic.Create(RiverDiagnostics.ArgsTypeNoUsableConstructor, type.Locations[0], type.Name, constructorProblem)
                    : Diagnostic.Create(RiverDiagnostics.ArgsTypeLayoutUnsupported, type.Locations[0], type.Name, layoutProblem));
            }
            else if (!state.Coverage.Covers(jsonContext, type))
            {
                ReportMissingFromContext(context, ownContextLocation ?? type.Locations[0], jsonContext, type);
            }
            return;
        }

        ArgsDataLossRules.Report(context, type, layout!);
        var requests = new List<ITypeSymbol>();
        HashSet<ITypeSymbol>? reported = null;
        foreach (var property in layout!.Properties)
        {
            requests.Clear();
            ContextRequests.Property(state.ShapeCache, property, requests);
            if (requests.Count == 0)
            {
                continue;
            }
            if (jsonContext is null)
            {
                var problem = property.HasConverter ? "it has its own [JsonConverter]" : state.Shapes.Problem(property.Property.Type) ?? "it is not supported";
                context.ReportDiagnostic(Diagnostic.Create(RiverDiagnostics.UnsupportedPropertyShape, property.Property.Locations[0],
                    property.Property.Name, type.Name, property.Property.Type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat), problem));
                continue;
            }
            foreach (var request in requests)
            {
                if (!state.Coverage.Covers(jsonContext, request) && (reported ??= new(SymbolEqualityComparer.Default)).Add(request))
                {
                    ReportMissingFromContext(context, ownContextLocation ?? property.Property.Locations[0], jsonContext, request);
                }
            }
        }
    }

    private static void ReportMissingFromContext(SymbolAnalysisContext context, Location location, INamedTypeSymbol contextType, ITypeSymbol missing)
    {
        if (missing.IsReferenceType)
        {
            missing = missing.WithNullableAnnotation(NullableAnnotation.None); // typeof(Uri?) is not C#
        }
        var properties = ImmutableDictionary<string, string?>.Empty
            .Add(ContextTypeProperty, contextType.GetDocumentationCommentId())
            .Add(MissingTypeProperty, DocumentationCommentId.CreateReferenceId(missing));
        context.ReportDiagnostic(Diagnostic.Create(RiverDiagnostics.JsonContextMissingType, location, properties, contextType.Name,
            missing.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat)));
    }
}
