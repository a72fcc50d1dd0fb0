using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using River.Analyzers.Diagnostics;

namespace River.Analyzers.Workflows;

/// <summary>
/// Checks workflows built from constants in one method body: a local <c>var w = new WorkflowBuilder(…)</c> whose every
/// use is <c>w.Add("constant name", args, …)</c>, a property read, or an argument of <c>InsertWorkflowAsync</c>. A
/// constant dependency name (in the <c>params string[]</c> of <c>Add</c> or in <c>WorkflowTaskOptions.DependsOn</c>)
/// that names no task added to it reports RIVER0065; a task that names itself reports RIVER0066 — the checks and words
/// of <c>WorkflowGraph</c> at insert (<see cref="WorkflowRules"/>). A builder that escapes (passed to another method,
/// reassigned, captured, given <c>Then</c> steps) or gets a task of a name that is not a constant is left to the runtime.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class WorkflowGraphAnalyzer : DiagnosticAnalyzer
{
    private const string Add = "Add";
    private const string InsertWorkflowAsync = "InsertWorkflowAsync";
    private const string DependsOn = "DependsOn";

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(RiverDiagnostics.WorkflowUnknownDependency, RiverDiagnostics.WorkflowSelfDependency);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var builder = start.Compilation.GetTypeByMetadataName("River.WorkflowBuilder");
            if (builder is null)
            {
                return;
            }
            start.RegisterOperationBlockAction(block => AnalyzeBlock(block, builder));
        });
    }

    private sealed class Builder
    {
        public bool Analyzable = true;
        public readonly HashSet<string> Names = new(System.StringComparer.Ordinal);
        public readonly List<(string Task, IOperation Dependency, string Name)> Dependencies = [];
    }

    private static void AnalyzeBlock(OperationBlockAnalysisContext context, INamedTypeSymbol builderType)
    {
        var builders = new Dictionary<ILocalSymbol, Builder>(SymbolEqualityComparer.Default);
        foreach (var root in context.OperationBlocks)
        {
            foreach (var declarator in root.DescendantsAndSelf().OfType<IVariableDeclaratorOperation>())
            {
                if (declarator.GetVariableInitializer()?.Value is IObjectCreationOperation creation
                    && SymbolEqualityComparer.Default.Equals(creation.Type, builderType))
                {
                    builders[declarator.Symbol] = new Builder();
                }
            }
        }
        if (builders.Count == 0)
        {
            return;
        }
        foreach (var root in context.OperationBlocks)
        {
            foreach (var reference in root.DescendantsAndSelf().OfType<ILocalReferenceOperation>())
            {
                if (builders.TryGetValue(reference.Local, out var builder) && builder.Analyzable)
                {
                    Use(reference, builder);
                }
            }
        }
        foreach (var builder in builders.Values.Where(b => b.Analyzable))
        {
            foreach (var (task, dependency, name) in builder.Dependencies)
            {
                if (name == task)
                {
                    context.ReportDiagnostic(Diagnostic.Create(RiverDiagnostics.WorkflowSelfDependency, dependency.Syntax.GetLocation(), WorkflowRules.SelfDependency(task)));
                }
                else if (!builder.Names.Contains(name))
                {
                    context.ReportDiagnostic(Diagnostic.Create(RiverDiagnostics.WorkflowUnknownDependency, dependency.Syntax.GetLocation(), WorkflowRules.UnknownDependency(task, name)));
                }
            }
        }
    }

    /// <summary>Records one use of a builder local, or marks the builder as not analyzable.</summary>
    private static void Use(ILocalReferenceOperation reference, Builder builder)
    {
        switch (reference.Parent)
        {
            case IInvocationOperation call when ReferenceEquals(call.Instance, reference) && call.TargetMethod.Name == Add:
                RecordAdd(call, builder);
                return;
            case IPropertyReferenceOperation:
                return;
            case IArgumentOperation { Parent: IInvocationOperation insert } when insert.TargetMethod.Name == InsertWorkflowAsync:
                return;
            default:
                builder.Analyzable = false;
                return;
        }
    }

    private static void RecordAdd(IInvocationOperation call, Builder builder)
    {
        var nameArgument = call.Arguments.FirstOrDefault(a => a.Parameter?.Ordinal == 0);
        if (nameArgument?.Value.ConstantValue is not { HasValue: true, Value: string task })
        {
            builder.Analyzable = false; // a task whose name is not known here: any dependency may name it
            return;
        }
        builder.Names.Add(task);
        foreach (var argument in call.Arguments.Where(a => a.Parameter?.Ordinal == 2))
        {
            foreach (var dependency in ConstantNames(argument.Value))
            {
                builder.Dependencies.Add((task, dependency, (string)dependency.ConstantValue.Value!));
            }
        }
    }

    /// <summary>
    /// The constant strings of a dependency list: the elements of the <c>params string[]</c>, or of the <c>DependsOn</c>
    /// initializer of a <c>WorkflowTaskOptions</c> created in place.
    /// </summary>
    private static IEnumerable<IOperation> ConstantNames(IOperation value)
    {
        IOperation? list = value;
        if (value is IObjectCreationOperation { Initializer: { } initializer })
        {
            list = initializer.Initializers.OfType<ISimpleAssignmentOperation>()
                .FirstOrDefault(a => a.Target is IPropertyReferenceOperation { Property.Name: DependsOn })?.Value;
        }
        else if (value.Type?.Name == "WorkflowTaskOptions")
        {
            list = null;
        }
        if (list is null)
        {
            return [];
        }
        return list.DescendantsAndSelf().Where(o => o.ConstantValue is { HasValue: true, Value: string } && o.Type?.SpecialType == SpecialType.System_String
            && o is ILiteralOperation or IFieldReferenceOperation or ILocalReferenceOperation);
    }
}
