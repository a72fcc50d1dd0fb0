using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using River.Analyzers.Diagnostics;
using River.Analyzers.Symbols;

namespace River.Analyzers.Insertion;

/// <summary>
/// Checks insert call sites: <c>InsertAsync&lt;T&gt;</c> (on <c>RiverClient</c>, <c>IRiverInserter</c> and its
/// implementations) and <c>JobInsertRequest.Create&lt;T&gt;</c> with a type that has no <c>[JobArgs]</c> (RIVER0039) or
/// null args (RIVER0043), and unique jobs passed to <c>InsertManyFastAsync</c> (RIVER0042). One operation at a time:
/// no compilation-wide state.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class InsertCallAnalyzer : DiagnosticAnalyzer
{
    private const string InsertAsync = "InsertAsync";
    private const string Create = "Create";
    private const string InsertManyFastAsync = "InsertManyFastAsync";

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        RiverDiagnostics.InsertedTypeWithoutJobArgs,
        RiverDiagnostics.NullArgs,
        RiverDiagnostics.UniqueJobOnFastPath,
        RiverDiagnostics.UniqueArgPathNotFound);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var symbols = RiverSymbols.Create(start.Compilation);
            if (symbols?.JobInsertRequest is null)
            {
                return;
            }
            // The names the generated serializer writes; with a JSON context of the user's, STJ's options decide instead.
            var namingPolicy = symbols.Compilation.Assembly.GetAttributes().Any(a =>
                SymbolEqualityComparer.Default.Equals(a.AttributeClass, symbols.RiverJsonOptionsAttribute) && a.NamedArguments.Any(n => n.Key == "Context"))
                ? (int?)null
                : Serialization.JsonNameCollisions.AssemblyNamingPolicy(symbols);
            start.RegisterOperationAction(operationContext => Analyze(operationContext, symbols, namingPolicy), OperationKind.Invocation);
        });
    }

    private static void Analyze(OperationAnalysisContext context, RiverSymbols symbols, int? namingPolicy)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        if (IsSingleInsert(method, symbols))
        {
            CheckArgs(context, symbols, invocation, method, namingPolicy);
        }
        else if (method.Name == InsertManyFastAsync && SymbolEqualityComparer.Default.Equals(method.ContainingType, symbols.RiverClient))
        {
            CheckFastPath(context, symbols, invocation);
        }
    }

    /// <summary><c>JobInsertRequest.Create&lt;T&gt;(args, …)</c>, or <c>InsertAsync&lt;T&gt;(args, …)</c> of the client, the inserter interface or a class implementing it.</summary>
    private static bool IsSingleInsert(IMethodSymbol method, RiverSymbols symbols)
    {
        if (method.TypeArguments.Length != 1 || method.Parameters.Length == 0)
        {
            return false;
        }
        var type = method.ContainingType;
        if (method.Name == Create)
        {
            return method.IsStatic && SymbolEqualityComparer.Default.Equals(type, symbols.JobInsertRequest);
        }
        if (method.Name != InsertAsync || method.IsStatic)
        {
            return false;
        }
        if (SymbolEqualityComparer.Default.Equals(type, symbols.RiverClient) || SymbolEqualityComparer.Default.Equals(type, symbols.RiverInserter))
        {
            return true;
        }
        return symbols.RiverInserter is not null && type.AllInterfaces.Contains(symbols.RiverInserter, SymbolEqualityComparer.Default);
    }

    private static void CheckArgs(OperationAnalysisContext context, RiverSymbols symbols, IInvocationOperation invocation, IMethodSymbol method, int? namingPolicy)
    {
        var argsType = method.TypeArguments[0];
        var args = ArgumentFor(invocation, method.Parameters[0]);
        if (args is null)
        {
            return;
        }
        if (IsNull(args.Value))
        {
            context.ReportDiagnostic(Diagnostic.Create(RiverDiagnostics.NullArgs, Written(args.Value.Syntax).GetLocation(),
                method.ContainingType.Name + "." + method.Name));
            return;
        }
        if (argsType.TypeKind is TypeKind.TypeParameter or TypeKind.Error or TypeKind.Dynamic)
        {
            return; // decided where the type argument is known
        }
        if (symbols.FindJobArgs(argsType) is null)
        {
            context.ReportDiagnostic(Diagnostic.Create(RiverDiagnostics.InsertedTypeWithoutJobArgs, args.Value.Syntax.GetLocation(),
                argsType.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat)));
            return;
        }
        // Arg paths are checked on types of this compilation only: a library's names follow the library's naming policy.
        if (namingPolicy is { } policy && SymbolEqualityComparer.Default.Equals(argsType.ContainingAssembly, symbols.Compilation.Assembly))
        {
            foreach (var parameter in method.Parameters)
            {
                if (parameter.Name == "opts" && ArgumentFor(invocation, parameter) is { } opts)
                {
                    CheckArgPaths(context, symbols, argsType, opts.Value, policy);
                }
            }
        }
    }

    /// <summary>RIVER0052 for each constant path of <c>new InsertOptions { UniqueOptions = new UniqueOptions { ArgPaths = [...] } }</c> that names nothing.</summary>
    private static void CheckArgPaths(OperationAnalysisContext context, RiverSymbols symbols, ITypeSymbol argsType, IOperation opts, int policy)
    {
        if (Member(Unwrap(opts), symbols.InsertOptions, "UniqueOptions") is not { } unique
            || Member(Unwrap(unique), symbols.UniqueOptions, "ArgPaths") is not { } paths
            || Unwrap(paths).Syntax is not ExpressionSyntax pathsSyntax || paths.SemanticModel is not { } model
            || CollectionElements.Of(pathsSyntax) is not { } elements)
        {
            return;
        }
        foreach (var element in elements)
        {
            if (model.GetConstantValue(element, context.CancellationToken) is { HasValue: true, Value: string path }
                && UniqueArgPathCheck.Problem(argsType, path, policy, symbols) is { } problem)
            {
                context.ReportDiagnostic(Diagnostic.Create(RiverDiagnostics.UniqueArgPathNotFound, element.GetLocation(), path, problem));
            }
        }
    }

    /// <summary>The value assigned to <paramref name="property"/> in <c>new T { … }</c> of type <paramref name="type"/>.</summary>
    private static IOperation? Member(IOperation value, INamedTypeSymbol? type, string property)
    {
        if (value is not IObjectCreationOperation { Initializer: { } initializer } creation || !SymbolEqualityComparer.Default.Equals(creation.Type, type))
        {
            return null;
        }
        foreach (var member in initializer.Initializers)
        {
            if (member is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation target } assignment && target.Property.Name == property)
            {
                return assignment.Value;
            }
        }
        return null;
    }

    /// <summary>Each <c>JobInsertRequest.Create</c> written inside the jobs argument (a collection, a LINQ lambda) whose job is unique.</summary>
    private static void CheckFastPath(OperationAnalysisContext context, RiverSymbols symbols, IInvocationOperation invocation)
    {
        if (invocation.TargetMethod.Parameters.Length == 0 || ArgumentFor(invocation, invocation.TargetMethod.Parameters[0]) is not { } jobs)
        {
            return;
        }
        foreach (var operation in jobs.Value.DescendantsAndSelf())
        {
            if (operation is not IInvocationOperation { TargetMethod: { Name: Create, IsStatic: true, TypeArguments.Length: 1 } create } request
                || !SymbolEqualityComparer.Default.Equals(create.ContainingType, symbols.JobInsertRequest))
            {
                continue;
            }
            var argsType = create.TypeArguments[0];
            string? reason = null;
            if (RiverSymbols.Find(argsType, symbols.UniqueJobAttribute) is not null)
            {
                reason = "its args type has [UniqueJob]";
            }
            else if (create.Parameters.Length > 1 && ArgumentFor(request, create.Parameters[1]) is { } options && SetsUniqueOptions(options.Value, symbols))
            {
                reason = "its InsertOptions set UniqueOptions";
            }
            if (reason is not null)
            {
                context.ReportDiagnostic(Diagnostic.Create(RiverDiagnostics.UniqueJobOnFastPath, request.Syntax.GetLocation(),
                    argsType.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat), reason));
            }
        }
    }

    /// <summary>Whether the value is <c>new InsertOptions { UniqueOptions = &lt;not null&gt; }</c>.</summary>
    private static bool SetsUniqueOptions(IOperation value, RiverSymbols symbols)
    {
        if (Unwrap(value) is not IObjectCreationOperation { Initializer: { } initializer } creation
            || !SymbolEqualityComparer.Default.Equals(creation.Type, symbols.InsertOptions))
        {
            return false;
        }
        foreach (var member in initializer.Initializers)
        {
            if (member is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.Name: "UniqueOptions" } } assignment
                && !IsNull(assignment.Value))
            {
                return true;
            }
        }
        return false;
    }

    private static IArgumentOperation? ArgumentFor(IInvocationOperation invocation, IParameterSymbol parameter)
    {
        foreach (var argument in invocation.Arguments)
        {
            // Not IsImplicit: Roslyn marks an argument written as `null!` implicit. Omitted optional arguments are DefaultValue.
            if (SymbolEqualityComparer.Default.Equals(argument.Parameter, parameter) && argument.ArgumentKind != ArgumentKind.DefaultValue)
            {
                return argument;
            }
        }
        return null;
    }

    /// <summary>The <c>null</c> literal, <c>null!</c> or <c>default</c> of a reference type.</summary>
    private static bool IsNull(IOperation value)
    {
        var unwrapped = Unwrap(value);
        return unwrapped.ConstantValue is { HasValue: true, Value: null }
               && (unwrapped is ILiteralOperation || (unwrapped is IDefaultValueOperation && unwrapped.Type is not { IsValueType: true }));
    }

    /// <summary>The expression as written: <c>null!</c> rather than the <c>null</c> its operation stands on.</summary>
    private static SyntaxNode Written(SyntaxNode syntax)
    {
        while (syntax.Parent is PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.SuppressNullableWarningExpression } or ParenthesizedExpressionSyntax)
        {
            syntax = syntax.Parent;
        }
        return syntax;
    }

    private static IOperation Unwrap(IOperation operation)
    {
        while (operation is IConversionOperation { IsImplicit: true } conversion)
        {
            operation = conversion.Operand;
        }
        return operation;
    }
}
