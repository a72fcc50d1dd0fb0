using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using River.Generators.Emitting;
using River.Generators.Model;
using River.Generators.Parsing;

namespace River.Generators;

/// <summary>
/// Emits, per assembly, the job registry (definitions, module initializer, worker registration,
/// <c>AddRiverJobsFromThisAssembly</c>) and the JSON writers and readers of every <c>[JobArgs]</c> type.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class RiverGenerator : IIncrementalGenerator
{
    /// <summary>Tracking names of the pipeline steps (tests assert they cache).</summary>
    internal static class Steps
    {
        public const string JobArgs = "River.JobArgs";
        public const string Workers = "River.Workers";
        public const string Assembly = "River.Assembly";
        public const string Collected = "River.Collected";
    }

    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var jobArgs = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                KnownNames.JobArgsAttribute,
                static (node, _) => node is Microsoft.CodeAnalysis.CSharp.Syntax.TypeDeclarationSyntax,
                static (ctx, ct) => JobArgsParser.Parse(ctx, ct))
            .Where(static m => m is not null)
            .Select(static (m, _) => m!)
            .WithTrackingName(Steps.JobArgs);

        var workers = context.SyntaxProvider
            .CreateSyntaxProvider(WorkerParser.IsCandidate, static (ctx, ct) => WorkerParser.Parse(ctx, ct))
            .Where(static m => m is not null)
            .Select(static (m, _) => m!)
            .WithTrackingName(Steps.Workers);

        var assembly = context.CompilationProvider
            .Select(static (c, ct) => AssemblyParser.Parse(c, ct))
            .WithTrackingName(Steps.Assembly);

        var collected = jobArgs.Collect().Select(static (a, _) => Sort(a))
            .Combine(workers.Collect().Select(static (w, _) => Sort(w)))
            .Combine(assembly)
            .WithTrackingName(Steps.Collected);

        context.RegisterSourceOutput(collected, static (spc, input) =>
        {
            var ((args, workerModels), assemblyModel) = input;
            if (args.Count == 0 && workerModels.Count == 0 && assemblyModel.ReferencedRegistries.Count == 0)
            {
                return; // nothing to register: no file, no registry attribute
            }
            var plan = new EmitPlan(assemblyModel, args);
            spc.CancellationToken.ThrowIfCancellationRequested();
            spc.AddSource(plan.JsonClass + ".g.cs", new JsonEmitter(plan).Emit());
            spc.AddSource(plan.RegistryClass + ".g.cs", RegistryEmitter.Emit(plan, workerModels));
        });
    }

    private static EquatableArray<JobArgsModel> Sort(ImmutableArray<JobArgsModel> items)
        => items.OrderBy(static m => m.TypeName, System.StringComparer.Ordinal).ToEquatableArray();

    private static EquatableArray<WorkerModel> Sort(ImmutableArray<WorkerModel> items)
        => items.OrderBy(static m => m.TypeName, System.StringComparer.Ordinal).ToEquatableArray();
}
