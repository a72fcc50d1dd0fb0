using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using River.Analyzers.Diagnostics;
using River.Analyzers.Symbols;

namespace River.Analyzers.Workers;

/// <summary>
/// Checks <c>[BatchSize]</c> with the runtime's own rule (<c>BatchRules</c>, linked from River.Runtime): a size outside
/// 1..1000 (RIVER0060), a collection window outside 0..60000 ms (RIVER0061), and the attribute on a class that is not a
/// <c>BatchWorker&lt;T&gt;</c>, where nothing reads it (RIVER0063). One class at a time.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class BatchWorkerAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        RiverDiagnostics.BatchSizeOutOfRange, RiverDiagnostics.BatchWindowOutOfRange, RiverDiagnostics.BatchSizeWithoutBatchWorker);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var symbols = RiverSymbols.Create(start.Compilation);
            if (symbols?.BatchSizeAttribute is not { } batchSize)
            {
                return;
            }
            start.RegisterSymbolAction(symbolContext =>
            {
                var type = (INamedTypeSymbol)symbolContext.Symbol;
                foreach (var attribute in type.GetAttributes())
                {
                    if (!SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, batchSize))
                    {
                        continue;
                    }
                    var ct = symbolContext.CancellationToken;
                    if (symbols.WorkerArgsType(type, out var isBatch) is null || !isBatch)
                    {
                        symbolContext.ReportDiagnostic(Diagnostic.Create(RiverDiagnostics.BatchSizeWithoutBatchWorker,
                            AttributeArguments.AttributeLocation(attribute, ct), type.Name));
                        continue;
                    }
                    if (attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Value is int size
                        && BatchRules.ValidateMaxSize(size) is { } sizeProblem)
                    {
                        symbolContext.ReportDiagnostic(Diagnostic.Create(RiverDiagnostics.BatchSizeOutOfRange,
                            AttributeArguments.Location(attribute, null, ct), sizeProblem, type.Name));
                    }
                    foreach (var named in attribute.NamedArguments)
                    {
                        if (named.Key == "CollectionWindowMilliseconds" && named.Value.Value is int window
                            && BatchRules.ValidateCollectionWindow(window) is { } windowProblem)
                        {
                            symbolContext.ReportDiagnostic(Diagnostic.Create(RiverDiagnostics.BatchWindowOutOfRange,
                                AttributeArguments.Location(attribute, named.Key, ct), windowProblem, type.Name));
                        }
                    }
                }
            }, SymbolKind.NamedType);
        });
    }
}
