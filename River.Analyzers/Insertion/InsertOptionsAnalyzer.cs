using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using River.Analyzers.Definitions;
using River.Analyzers.Diagnostics;
using River.Analyzers.Operations;
using River.Analyzers.Rules;
using River.Analyzers.Symbols;

namespace River.Analyzers.Insertion;

/// <summary>
/// Checks the constants written in <c>new InsertOptions { ... }</c> and <c>new UniqueOptions { ... }</c> initializers,
/// typically at an insert call site: priority, max attempts, queue, tags, metadata, unique period and unique states.
/// Values computed at run time are left to the runtime's checks.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class InsertOptionsAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        RiverDiagnostics.PriorityOutOfRange,
        RiverDiagnostics.MaxAttemptsOutOfRange,
        RiverDiagnostics.InvalidQueue,
        RiverDiagnostics.InvalidTag,
        RiverDiagnostics.UniquePeriodTooShort,
        RiverDiagnostics.UniqueStatesMissingRequired,
        RiverDiagnostics.MetadataNotJsonObject,
        RiverDiagnostics.ReservedMetadataKey,
        RiverDiagnostics.TimeAlwaysInThePast);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var symbols = RiverSymbols.Create(start.Compilation);
            if (symbols?.InsertOptions is null || symbols.UniqueOptions is null)
            {
                return;
            }
            start.RegisterOperationAction(operationContext => Analyze(operationContext, symbols), OperationKind.ObjectCreation);
        });
    }

    private static void Analyze(OperationAnalysisContext context, RiverSymbols symbols)
    {
        var creation = (IObjectCreationOperation)context.Operation;
        var isInsertOptions = SymbolEqualityComparer.Default.Equals(creation.Type, symbols.InsertOptions);
        var isUniqueOptions = !isInsertOptions && SymbolEqualityComparer.Default.Equals(creation.Type, symbols.UniqueOptions);
        if ((!isInsertOptions && !isUniqueOptions) || creation.Initializer is null)
        {
            return;
        }
        foreach (var initializer in creation.Initializer.Initializers)
        {
            if (initializer is not ISimpleAssignmentOperation { Target: IPropertyReferenceOperation target } assignment)
            {
                continue;
            }
            var value = assignment.Value;
            if (isInsertOptions)
            {
                CheckInsertOption(context, target.Property.Name, value);
            }
            else
            {
                CheckUniqueOption(context, target.Property.Name, value);
            }
        }
    }

    private static void CheckInsertOption(OperationAnalysisContext context, string property, IOperation value)
    {
        switch (property)
        {
            case "Priority" when Integer(value) is { } priority && !DefinitionRules.IsValidPriority(priority):
                var clamped = priority < DefinitionRules.MinPriority ? DefinitionRules.MinPriority : DefinitionRules.MaxPriority;
                var properties = ImmutableDictionary<string, string?>.Empty.Add(JobArgsAnalyzer.ClampedPriorityProperty, clamped.ToString(CultureInfo.InvariantCulture));
                context.ReportDiagnostic(Diagnostic.Create(RiverDiagnostics.PriorityOutOfRange, Unwrap(value).Syntax.GetLocation(), properties, priority));
                break;
            case "MaxAttempts" when Integer(value) is { } maxAttempts && !DefinitionRules.IsValidMaxAttempts(maxAttempts):
                var clampedAttempts = maxAttempts < JobOptionRules.MaxAttemptsMin ? JobOptionRules.MaxAttemptsMin : JobOptionRules.MaxAttemptsMax;
                var attemptsProperties = ImmutableDictionary<string, string?>.Empty.Add(JobArgsAnalyzer.ClampedMaxAttemptsProperty, clampedAttempts.ToString(CultureInfo.InvariantCulture));
                context.ReportDiagnostic(Diagnostic.Create(RiverDiagnostics.MaxAttemptsOutOfRange, Unwrap(value).Syntax.GetLocation(), attemptsProperties, maxAttempts));
                break;
            case "Queue" when Unwrap(value).ConstantValue is { HasValue: true, Value: string queue } && DefinitionRules.QueueProblem(queue) is { } problem:
                context.ReportDiagnostic(Diagnostic.Create(RiverDiagnostics.InvalidQueue, Unwrap(value).Syntax.GetLocation(),
                    JobArgsAnalyzer.Suggestion(JobOptionRules.SuggestQueue(queue)), problem));
                break;
            case "Tags":
                foreach (var (element, constant) in ConstantElements(value) ?? [])
                {
                    if (constant is string or null && DefinitionRules.TagProblem(constant as string) is { } tagProblem)
                    {
                        context.ReportDiagnostic(Diagnostic.Create(RiverDiagnostics.InvalidTag, element.GetLocation(),
                            JobArgsAnalyzer.Suggestion(JobOptionRules.SuggestTag(constant as string)), tagProblem));
                    }
                }
                break;
            case "ScheduledAt" when ConstantPastTime.Describe(value) is { } past:
                context.ReportDiagnostic(Diagnostic.Create(RiverDiagnostics.TimeAlwaysInThePast, Unwrap(value).Syntax.GetLocation(),
                    "ScheduledAt", past,
                    "the job is due at once and, since a queue is worked in priority then scheduled-time order, goes ahead of every job of its priority that was due before it; leave ScheduledAt unset (null) to make it due now in its turn"));
                break;
            case "Metadata" when Unwrap(value).ConstantValue is { HasValue: true, Value: string metadata }:
                CheckMetadata(context, Unwrap(value).Syntax.GetLocation(), metadata);
                break;
        }
    }

    /// <summary>RIVER0040 when the insert would refuse the text, else RIVER0041 for each key River reserves (the runtime's rule).</summary>
    private static void CheckMetadata(OperationAnalysisContext context, Location location, string metadata)
    {
        if (MetadataText.Check(metadata, out var keys) is { } problem)
        {
            context.ReportDiagnostic(Diagnostic.Create(RiverDiagnostics.MetadataNotJsonObject, location, problem));
            return;
        }
        foreach (var key in keys)
        {
            if (JobOptionRules.ValidateMetadataKey(key) is { } keyProblem)
            {
                context.ReportDiagnostic(Diagnostic.Create(RiverDiagnostics.ReservedMetadataKey, location, keyProblem));
            }
        }
    }

    private static void CheckUniqueOption(OperationAnalysisContext context, string property, IOperation value)
    {
        switch (property)
        {
            case "ByPeriod" when ConstantTimeSpan.Ticks(value) is { } ticks && ticks < DefinitionRules.MinUniquePeriodTicks:
                context.ReportDiagnostic(Diagnostic.Create(RiverDiagnostics.UniquePeriodTooShort, Unwrap(value).Syntax.GetLocation(), ConstantTimeSpan.Format(ticks)));
                break;
            case "ByState":
                var elements = ConstantElements(value);
                if (elements is null)
                {
                    break;
                }
                var states = new List<int>(elements.Count);
                foreach (var (_, constant) in elements)
                {
                    if (constant is int state)
                    {
                        states.Add(state);
                    }
                    else
                    {
                        return; // a state computed at run time: cannot tell
                    }
                }
                var missing = UniqueStateRules.Missing(states);
                if (missing.Count > 0)
                {
                    var properties = ImmutableDictionary<string, string?>.Empty.Add(JobArgsAnalyzer.MissingStatesProperty, string.Join(",", missing));
                    context.ReportDiagnostic(Diagnostic.Create(RiverDiagnostics.UniqueStatesMissingRequired, Unwrap(value).Syntax.GetLocation(), properties, string.Join(", ", missing)));
                }
                break;
        }
    }

    private static IOperation Unwrap(IOperation operation)
    {
        while (operation is IConversionOperation { IsImplicit: true } conversion)
        {
            operation = conversion.Operand;
        }
        return operation;
    }

    private static long? Integer(IOperation value)
    {
        var constant = Unwrap(value).ConstantValue;
        return constant.HasValue && constant.Value is int or long or short or byte or sbyte or ushort or uint
            ? System.Convert.ToInt64(constant.Value, CultureInfo.InvariantCulture)
            : null;
    }

    /// <summary>
    /// The elements of a collection literal with their constant values (<see langword="null"/> when not constant);
    /// <see langword="null"/> when the value is not a collection literal.
    /// </summary>
    private static List<(ExpressionSyntax Element, object? Constant)>? ConstantElements(IOperation value)
    {
        var syntax = Unwrap(value).Syntax as ExpressionSyntax;
        var model = value.SemanticModel;
        if (syntax is null || model is null || CollectionElements.Of(syntax) is not { } elements)
        {
            return null;
        }
        var result = new List<(ExpressionSyntax, object?)>(elements.Count);
        foreach (var element in elements)
        {
            var constant = model.GetConstantValue(element);
            result.Add((element, constant.HasValue ? constant.Value : NotConstant));
        }
        return result;
    }

    private static readonly object NotConstant = new();
}
