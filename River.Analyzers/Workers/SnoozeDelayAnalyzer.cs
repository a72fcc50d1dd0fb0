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
/// Reports a constant negative delay passed to <c>Worker&lt;T&gt;.Snooze</c>, <c>JobBatch&lt;T&gt;.Snooze(job, …)</c> or
/// <c>new JobSnoozeException(…)</c> (RIVER0045): the exception's constructor throws (a batch's <c>Snooze</c> creates
/// one), so the attempt fails instead of snoozing. One operation at a time.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SnoozeDelayAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(RiverDiagnostics.NegativeSnooze);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var symbols = RiverSymbols.Create(start.Compilation);
            if (symbols?.JobSnoozeException is not { } snoozeException || symbols.Worker is not { } worker)
            {
                return;
            }
            start.RegisterOperationAction(operationContext =>
            {
                var (delay, matches) = operationContext.Operation switch
                {
                    IInvocationOperation { TargetMethod: { Name: "Snooze", IsStatic: true } method } invocation
                        => (invocation.Arguments.Length == 1 ? invocation.Arguments[0].Value : null,
                            SymbolEqualityComparer.Default.Equals(method.ContainingType.OriginalDefinition, worker)),
                    IInvocationOperation { TargetMethod: { Name: "Snooze", IsStatic: false } method } invocation when symbols.JobBatch is { } batch
                        => (invocation.Arguments.FirstOrDefault(a => a.Parameter?.Name == "delay")?.Value,
                            SymbolEqualityComparer.Default.Equals(method.ContainingType.OriginalDefinition, batch)),
                    IObjectCreationOperation creation
                        => (creation.Arguments.Length == 1 ? creation.Arguments[0].Value : null,
                            SymbolEqualityComparer.Default.Equals(creation.Type, snoozeException)),
                    _ => (null, false),
                };
                if (matches && delay is not null && ConstantTimeSpan.Ticks(delay) is { } ticks && ticks < 0)
                {
                    operationContext.ReportDiagnostic(Diagnostic.Create(RiverDiagnostics.NegativeSnooze, delay.Syntax.GetLocation(), ConstantTimeSpan.Format(ticks)));
                }
            }, OperationKind.Invocation, OperationKind.ObjectCreation);
        });
    }
}
