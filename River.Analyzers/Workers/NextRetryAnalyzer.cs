using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using River.Analyzers.Diagnostics;
using River.Analyzers.Operations;
using River.Analyzers.Symbols;

namespace River.Analyzers.Workers;

/// <summary>
/// Reports a <c>Worker&lt;T&gt;.NextRetry</c> override that returns a time that has always passed (RIVER0064):
/// the client never schedules a retry in the past (it logs and uses its retry policy), so the override does nothing.
/// One return at a time; returns inside lambdas and local
/// functions belong to them, not to the override, and are left alone.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class NextRetryAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(RiverDiagnostics.TimeAlwaysInThePast);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            if (RiverSymbols.Create(start.Compilation)?.Worker is not { } worker)
            {
                return;
            }
            start.RegisterOperationAction(operationContext =>
            {
                var returned = (IReturnOperation)operationContext.Operation;
                if (returned.ReturnedValue is not { } value
                    || !OverridesNextRetry(operationContext.ContainingSymbol, worker)
                    || InsideNestedFunction(returned)
                    || ConstantPastTime.Describe(value) is not { } past)
                {
                    return;
                }
                operationContext.ReportDiagnostic(Diagnostic.Create(RiverDiagnostics.TimeAlwaysInThePast, value.Syntax.GetLocation(),
                    "NextRetry's result", past,
                    "the client never schedules a retry in the past, it logs a warning and uses its retry policy instead, so the override does nothing; return null to use the policy, or a time computed from the clock"));
            }, OperationKind.Return);
        });
    }

    private static bool OverridesNextRetry(ISymbol symbol, INamedTypeSymbol worker)
    {
        for (var method = symbol as IMethodSymbol; method is { IsOverride: true, Name: "NextRetry" }; method = method.OverriddenMethod)
        {
            if (method.OverriddenMethod is { } overridden && SymbolEqualityComparer.Default.Equals(overridden.ContainingType.OriginalDefinition, worker))
            {
                return true;
            }
        }
        return false;
    }

    private static bool InsideNestedFunction(IOperation operation)
    {
        for (var parent = operation.Parent; parent is not null; parent = parent.Parent)
        {
            if (parent is IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                return true;
            }
        }
        return false;
    }
}
