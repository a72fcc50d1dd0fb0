using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using River.Analyzers.Diagnostics;
using River.Analyzers.Operations;
using River.Analyzers.Symbols;

namespace River.Analyzers.Workers;

/// <summary>
/// Reports a <c>Worker&lt;T&gt;.Timeout</c> or <c>BatchWorker&lt;T&gt;.Timeout</c> override that returns a negative
/// constant other than <c>Timeout.InfiniteTimeSpan</c> (RIVER0021) or zero (RIVER0044): both executors arm the call's
/// cancellation with it the same way. One property getter at a time.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class WorkerTimeoutAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(RiverDiagnostics.NegativeWorkerTimeout, RiverDiagnostics.ZeroWorkerTimeout);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var symbols = RiverSymbols.Create(start.Compilation);
            var timeouts = new[] { TimeoutOf(symbols?.Worker), TimeoutOf(symbols?.BatchWorker) }.OfType<IPropertySymbol>().ToImmutableArray();
            if (timeouts.IsEmpty)
            {
                return;
            }
            start.RegisterOperationBlockAction(block =>
            {
                if (block.OwningSymbol is not IMethodSymbol { MethodKind: MethodKind.PropertyGet, AssociatedSymbol: IPropertySymbol { IsOverride: true } property }
                    || !OverridesTimeout(property, timeouts))
                {
                    return;
                }
                foreach (var body in block.OperationBlocks)
                {
                    foreach (var operation in body.DescendantsAndSelf())
                    {
                        if (operation is not IReturnOperation { ReturnedValue: { } value } || ConstantTimeSpan.Ticks(value) is not { } ticks)
                        {
                            continue;
                        }
                        if (ticks < 0 && ticks != ConstantTimeSpan.InfiniteTicks)
                        {
                            block.ReportDiagnostic(Diagnostic.Create(RiverDiagnostics.NegativeWorkerTimeout, value.Syntax.GetLocation(),
                                property.ContainingType.Name, ConstantTimeSpan.Format(ticks)));
                        }
                        else if (ticks == 0)
                        {
                            block.ReportDiagnostic(Diagnostic.Create(RiverDiagnostics.ZeroWorkerTimeout, value.Syntax.GetLocation(), property.ContainingType.Name));
                        }
                    }
                }
            });
        });
    }

    private static IPropertySymbol? TimeoutOf(INamedTypeSymbol? workerBase)
        => workerBase?.GetMembers("Timeout").OfType<IPropertySymbol>().FirstOrDefault();

    private static bool OverridesTimeout(IPropertySymbol property, ImmutableArray<IPropertySymbol> timeouts)
    {
        for (var current = property.OverriddenProperty; current is not null; current = current.OverriddenProperty)
        {
            foreach (var timeout in timeouts)
            {
                if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, timeout))
                {
                    return true;
                }
            }
        }
        return false;
    }
}
