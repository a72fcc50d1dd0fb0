// The one place that decides whether generated code can write `new T()` for a [PeriodicJob] type. The generator
// registers a periodic job only when this says yes; analyzer RIVER0027 reports the reason when it says no. Self-
// contained (Roslyn and the BCL only, netstandard2.0) so River.Analyzers compiles it in through a linked <Compile> item.
using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace River.Generators.Parsing;

/// <summary>Why <c>new T()</c> does not compile from generated code in T's own assembly.</summary>
internal enum ConstructionProblem
{
    /// <summary><c>new T()</c> compiles.</summary>
    None = 0,

    /// <summary>Not a non-abstract, non-static class: not job args at all (RIVER0012 says so).</summary>
    NotAConcreteClass,

    /// <summary>No public, internal or protected internal constructor can be called without arguments.</summary>
    NoCallableConstructor,

    /// <summary>Two or more constructors can be called without arguments and C# prefers none of them.</summary>
    Ambiguous,

    /// <summary>The constructor C# picks is <c>[Obsolete(..., error: true)]</c> or <c>[Experimental]</c>: using it is a compile error.</summary>
    ConstructorIsError,

    /// <summary>The type or a base has <c>required</c> members and the constructor C# picks is not <c>[SetsRequiredMembers]</c>.</summary>
    RequiredMembersNotSet,
}

/// <summary>The answer of <see cref="DefaultConstruction.Check"/>: the problem, and the constructors it concerns.</summary>
internal readonly struct ConstructionVerdict
{
    private static readonly SymbolDisplayFormat ConstructorFormat = new(
        typeQualificationStyle: SymbolDisplayTypeQualificationStyle.NameOnly,
        genericsOptions: SymbolDisplayGenericsOptions.IncludeTypeParameters,
        memberOptions: SymbolDisplayMemberOptions.IncludeParameters,
        parameterOptions: SymbolDisplayParameterOptions.IncludeType | SymbolDisplayParameterOptions.IncludeName |
                          SymbolDisplayParameterOptions.IncludeParamsRefOut | SymbolDisplayParameterOptions.IncludeDefaultValue,
        miscellaneousOptions: SymbolDisplayMiscellaneousOptions.UseSpecialTypes | SymbolDisplayMiscellaneousOptions.EscapeKeywordIdentifiers |
                              SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    public ConstructionVerdict(ConstructionProblem problem, IMethodSymbol? constructor = null, IMethodSymbol? other = null)
    {
        Problem = problem;
        Constructor = constructor;
        Other = other;
    }

    public ConstructionProblem Problem { get; }

    /// <summary>The constructor C# picks (<see cref="ConstructionProblem.None"/>, <see cref="ConstructionProblem.ConstructorIsError"/>,
    /// <see cref="ConstructionProblem.RequiredMembersNotSet"/>) or the first of two it cannot choose between (<see cref="ConstructionProblem.Ambiguous"/>).</summary>
    public IMethodSymbol? Constructor { get; }

    /// <summary>The second constructor of an ambiguity.</summary>
    public IMethodSymbol? Other { get; }

    public bool IsOk => Problem == ConstructionProblem.None;

    /// <summary>The reason in words, for RIVER0027's message ("… cannot create it with new T(): {reason}"); null when <see cref="IsOk"/>.</summary>
    public string? Reason => Problem switch
    {
        ConstructionProblem.None => null,
        ConstructionProblem.NotAConcreteClass => "only a non-abstract, non-static class or record can be created",
        ConstructionProblem.NoCallableConstructor =>
            "it has no public or internal constructor whose parameters are all optional (default values or params)",
        ConstructionProblem.Ambiguous =>
            $"the call is ambiguous between {Display(Constructor)} and {Display(Other)} (C# prefers a parameterless constructor; add one or remove an overload)",
        ConstructionProblem.ConstructorIsError => IsExperimental(Constructor)
            ? $"the constructor it calls, {Display(Constructor)}, is [Experimental], an error wherever it is used"
            : $"the constructor it calls, {Display(Constructor)}, is [Obsolete] as an error",
        _ => $"it has required members, and the constructor it calls, {Display(Constructor)}, is not [SetsRequiredMembers]",
    };

    private static string Display(IMethodSymbol? constructor) => constructor is null ? "?" : constructor.ToDisplayString(ConstructorFormat);

    private static bool IsExperimental(IMethodSymbol? constructor)
        => constructor is not null && DefaultConstruction.FindAttribute(constructor, "ExperimentalAttribute", "System.Diagnostics.CodeAnalysis") is not null;
}

/// <summary>
/// Whether <c>new T()</c> compiles in generated code of T's own assembly (outside T), decided as C# decides it:
/// overload resolution over T's instance constructors with no arguments, then the checks on the one it picks.
/// </summary>
/// <remarks>
/// <para>Candidates: public, internal and protected internal constructors (not <c>__arglist</c>) whose parameters
/// all have default values (normal form) or whose last parameter is <c>params</c> and the others have defaults
/// (expanded form, the params collection empty). Of those, only the ones with the highest
/// <c>[OverloadResolutionPriority]</c> stay (C# 13).</para>
/// <para>Which candidate is better, for an empty argument list (Roslyn's tie-breaking rules): one in normal form beats
/// one that only applies expanded; among normal forms a parameterless one beats those needing default values (two
/// that both need defaults tie, whatever their types); among expanded forms one with only the params parameter beats
/// those that also need defaults, and two needing the same number of defaults are told apart by their params type
/// as an empty collection expression is (C# 13: a <c>ReadOnlySpan&lt;E&gt;</c> beats a <c>Span&lt;E&gt;</c>, a span
/// beats an array or array interface of the same element type, two non-span types: the one convertible to the other
/// beats it; anything else ties). The best is the candidate
/// better than every other; without one the call is ambiguous.</para>
/// <para>The picked constructor then fails when it is <c>[Obsolete(message, true)]</c> or <c>[Experimental]</c>, or
/// when the type or a base declares <c>required</c> members and it is not <c>[SetsRequiredMembers]</c>.</para>
/// </remarks>
internal static class DefaultConstruction
{
    public static ConstructionVerdict Check(INamedTypeSymbol type, Compilation compilation)
    {
        if (type.TypeKind != TypeKind.Class || type.IsAbstract || type.IsStatic)
        {
            return new ConstructionVerdict(ConstructionProblem.NotAConcreteClass);
        }

        var candidates = new List<Candidate>();
        foreach (var constructor in type.InstanceConstructors)
        {
            if (Candidate.TryCreate(constructor) is { } candidate)
            {
                candidates.Add(candidate);
            }
        }
        if (candidates.Count == 0)
        {
            return new ConstructionVerdict(ConstructionProblem.NoCallableConstructor);
        }
        KeepHighestPriority(candidates);

        var best = Best(candidates, compilation, out var rival);
        if (best is null)
        {
            return new ConstructionVerdict(ConstructionProblem.Ambiguous, rival!.Value.first, rival.Value.second);
        }
        if (IsError(best))
        {
            return new ConstructionVerdict(ConstructionProblem.ConstructorIsError, best);
        }
        if (HasRequiredMembers(type) && FindAttribute(best, "SetsRequiredMembersAttribute", "System.Diagnostics.CodeAnalysis") is null)
        {
            return new ConstructionVerdict(ConstructionProblem.RequiredMembersNotSet, best);
        }
        return new ConstructionVerdict(ConstructionProblem.None, best);
    }

    /// <summary>A constructor callable with no arguments, and how.</summary>
    private readonly struct Candidate
    {
        private Candidate(IMethodSymbol constructor, bool expanded)
        {
            Constructor = constructor;
            Expanded = expanded;
        }

        public IMethodSymbol Constructor { get; }

        /// <summary>Applies only with its params collection expanded (and empty).</summary>
        public bool Expanded { get; }

        /// <summary>How many parameters take their default value.</summary>
        public int Defaulted => Constructor.Parameters.Length - (Expanded ? 1 : 0);

        public ITypeSymbol ParamsType => Constructor.Parameters[Constructor.Parameters.Length - 1].Type;

        public static Candidate? TryCreate(IMethodSymbol constructor)
        {
            if (constructor.DeclaredAccessibility is not (Accessibility.Public or Accessibility.Internal or Accessibility.ProtectedOrInternal)
                || constructor.IsVararg)
            {
                return null;
            }
            var parameters = constructor.Parameters;
            for (var i = 0; i < parameters.Length; i++)
            {
                var parameter = parameters[i];
                if (parameter.IsParams && i == parameters.Length - 1)
                {
                    return new Candidate(constructor, expanded: true); // a params parameter never has a default value
                }
                if (!parameter.IsOptional)
                {
                    return null;
                }
            }
            return new Candidate(constructor, expanded: false);
        }
    }

    private static void KeepHighestPriority(List<Candidate> candidates)
    {
        var highest = int.MinValue;
        foreach (var candidate in candidates)
        {
            highest = System.Math.Max(highest, Priority(candidate.Constructor));
        }
        candidates.RemoveAll(c => Priority(c.Constructor) != highest);
    }

    private static int Priority(IMethodSymbol constructor)
        => FindAttribute(constructor, "OverloadResolutionPriorityAttribute", "System.Runtime.CompilerServices") is { } priority
           && priority.ConstructorArguments.Length == 1 && priority.ConstructorArguments[0].Value is int value
            ? value
            : 0;

    private static IMethodSymbol? Best(List<Candidate> candidates, Compilation compilation, out (IMethodSymbol first, IMethodSymbol second)? rival)
    {
        rival = null;
        for (var i = 0; i < candidates.Count; i++)
        {
            var betterThanAll = true;
            for (var j = 0; j < candidates.Count && betterThanAll; j++)
            {
                betterThanAll = i == j || IsBetter(candidates[i], candidates[j], compilation);
            }
            if (betterThanAll)
            {
                return candidates[i].Constructor;
            }
        }
        // Name two candidates that no other beats (those are what the compiler's CS0121 names), in declaration order.
        var undefeated = new List<IMethodSymbol>(2);
        for (var i = 0; i < candidates.Count && undefeated.Count < 2; i++)
        {
            var beaten = false;
            for (var j = 0; j < candidates.Count && !beaten; j++)
            {
                beaten = i != j && IsBetter(candidates[j], candidates[i], compilation);
            }
            if (!beaten)
            {
                undefeated.Add(candidates[i].Constructor);
            }
        }
        rival = undefeated.Count == 2 ? (undefeated[0], undefeated[1]) : (candidates[0].Constructor, candidates[1].Constructor);
        return null;
    }

    /// <summary>Whether <paramref name="x"/> is a better function member than <paramref name="y"/> for an empty argument list.</summary>
    private static bool IsBetter(Candidate x, Candidate y, Compilation compilation)
    {
        if (x.Expanded != y.Expanded)
        {
            return !x.Expanded;
        }
        if (x.Defaulted != y.Defaulted)
        {
            return x.Defaulted == 0; // all parameters "have an argument" beats default values substituted
        }
        return x.Expanded && IsBetterEmptyCollection(x.ParamsType, y.ParamsType, compilation);
    }

    /// <summary>C# 13's better conversion from an empty collection expression to <paramref name="x"/> than to <paramref name="y"/>.</summary>
    private static bool IsBetterEmptyCollection(ITypeSymbol x, ITypeSymbol y, Compilation compilation)
    {
        var xSpan = SpanElement(x, out var xReadOnly);
        var ySpan = SpanElement(y, out var yReadOnly);
        if (xSpan is not null)
        {
            if (ySpan is not null)
            {
                return xReadOnly && !yReadOnly && IsIdentity(xSpan, ySpan, compilation);
            }
            return ArrayLikeElement(y) is { } yElement && IsIdentity(xSpan, yElement, compilation);
        }
        return ySpan is null && IsImplicit(x, y, compilation) && !IsImplicit(y, x, compilation);
    }

    private static bool IsImplicit(ITypeSymbol from, ITypeSymbol to, Compilation compilation)
        => compilation.ClassifyCommonConversion(from, to) is { Exists: true, IsImplicit: true };

    private static bool IsIdentity(ITypeSymbol from, ITypeSymbol to, Compilation compilation)
        => compilation.ClassifyCommonConversion(from, to).IsIdentity;

    /// <summary>The element type of <c>Span&lt;E&gt;</c> or <c>ReadOnlySpan&lt;E&gt;</c>.</summary>
    private static ITypeSymbol? SpanElement(ITypeSymbol type, out bool readOnly)
    {
        readOnly = false;
        if (type is INamedTypeSymbol { Arity: 1 } named && IsInNamespace(named, "System"))
        {
            readOnly = named.Name == "ReadOnlySpan";
            return readOnly || named.Name == "Span" ? named.TypeArguments[0] : null;
        }
        return null;
    }

    /// <summary>The element type of an array or of the interfaces an array implements (IEnumerable&lt;E&gt;, IList&lt;E&gt;, …).</summary>
    private static ITypeSymbol? ArrayLikeElement(ITypeSymbol type)
    {
        if (type is IArrayTypeSymbol { IsSZArray: true } array)
        {
            return array.ElementType;
        }
        if (type is INamedTypeSymbol { Arity: 1, TypeKind: TypeKind.Interface } named && IsInNamespace(named, "System.Collections.Generic") &&
            named.Name is "IEnumerable" or "IReadOnlyCollection" or "IReadOnlyList" or "ICollection" or "IList")
        {
            return named.TypeArguments[0];
        }
        return null;
    }

    private static bool IsError(IMethodSymbol constructor)
    {
        if (FindAttribute(constructor, "ExperimentalAttribute", "System.Diagnostics.CodeAnalysis") is not null)
        {
            return true;
        }
        return FindAttribute(constructor, "ObsoleteAttribute", "System") is { } obsolete &&
               obsolete.ConstructorArguments.Length == 2 && obsolete.ConstructorArguments[1].Value is true;
    }

    private static bool HasRequiredMembers(INamedTypeSymbol type)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            foreach (var member in current.GetMembers())
            {
                if (member is IPropertySymbol { IsRequired: true } or IFieldSymbol { IsRequired: true })
                {
                    return true;
                }
            }
        }
        return false;
    }

    internal static AttributeData? FindAttribute(ISymbol symbol, string name, string containingNamespace)
    {
        foreach (var attribute in symbol.GetAttributes())
        {
            if (attribute.AttributeClass is { } c && c.Name == name && IsInNamespace(c, containingNamespace))
            {
                return attribute;
            }
        }
        return null;
    }

    /// <summary>Whether the type is declared directly in the dotted namespace (compared part by part, without allocating).</summary>
    private static bool IsInNamespace(INamedTypeSymbol type, string dotted)
    {
        if (type.ContainingType is not null)
        {
            return false;
        }
        var ns = type.ContainingNamespace;
        var end = dotted.Length;
        while (ns is { IsGlobalNamespace: false })
        {
            var start = dotted.LastIndexOf('.', end - 1) + 1;
            if (end - start != ns.Name.Length || string.CompareOrdinal(dotted, start, ns.Name, 0, ns.Name.Length) != 0)
            {
                return false;
            }
            ns = ns.ContainingNamespace;
            end = start - 1;
            if (end < 0)
            {
                return ns is { IsGlobalNamespace: true };
            }
        }
        return false;
    }
}
