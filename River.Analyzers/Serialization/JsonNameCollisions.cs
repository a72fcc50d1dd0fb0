using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using River.Analyzers.Diagnostics;
using River.Analyzers.Symbols;
using River.Generators.Emitting;

namespace River.Analyzers.Serialization;

/// <summary>
/// RIVER0048: two serialized properties of an args type whose JSON names are equal once the assembly's naming policy
/// has been applied (<c>UserId</c> and <c>User_Id</c> under snake_case), or a <c>[JsonPropertyName]</c> equal to
/// another property's converted name. The names are the generator's own (<c>NamingPolicies</c>, linked from
/// River.Generators). Two equal <c>[JsonPropertyName]</c> values are the generator's RIVER0022 instead.
/// </summary>
internal static class JsonNameCollisions
{
    /// <summary>
    /// The <c>JsonKnownNamingPolicy</c> the generator names properties with: <c>[assembly: RiverJsonOptions(NamingPolicy = …)]</c>,
    /// else <see cref="NamingPolicies.Default"/> (snake_case_lower), as the generator's AssemblyParser reads it.
    /// </summary>
    public static int AssemblyNamingPolicy(RiverSymbols symbols)
        => RiverSymbols.Find(symbols.Compilation.Assembly, symbols.RiverJsonOptionsAttribute) is { } options
           && AttributeArguments.TryGetNamed(options, "NamingPolicy", out var policy) && policy.Value is int value
            ? value
            : NamingPolicies.Default;

    public static void Report(SymbolAnalysisContext context, INamedTypeSymbol type, List<IPropertySymbol> properties, int policy, RiverSymbols symbols)
    {
        if (properties.Count < 2)
        {
            return;
        }
        var byName = new Dictionary<string, (IPropertySymbol Property, bool Explicit)>(System.StringComparer.Ordinal);
        foreach (var property in properties)
        {
            var explicitName = ExplicitName(property, symbols);
            var name = explicitName ?? NamingPolicies.Convert(policy, property.Name);
            if (!byName.TryGetValue(name, out var first))
            {
                byName[name] = (property, explicitName is not null);
                continue;
            }
            if (first.Explicit && explicitName is not null)
            {
                continue; // two equal [JsonPropertyName]s: the generator skips the type (RIVER0022)
            }
            if (property.Locations.Length > 0 && property.Locations[0].IsInSource)
            {
                context.ReportDiagnostic(Diagnostic.Create(RiverDiagnostics.JsonNameCollision, property.Locations[0],
                    first.Property.Name, property.Name, type.Name, name, Describe(policy, explicitName is not null || first.Explicit)));
            }
        }
    }

    private static string? ExplicitName(IPropertySymbol property, RiverSymbols symbols)
    {
        foreach (var attribute in property.GetAttributes())
        {
            if (attribute.AttributeClass is { Name: "JsonPropertyNameAttribute" } attributeClass
                && attributeClass.ContainingNamespace.ToDisplayString() == "System.Text.Json.Serialization"
                && attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Value is string name)
            {
                return name;
            }
        }
        return null;
    }

    private static string Describe(int policy, bool explicitName)
    {
        var policyName = policy switch
        {
            NamingPolicies.CamelCase => "the camelCase naming policy",
            NamingPolicies.SnakeCaseLower => "the snake_case_lower naming policy",
            NamingPolicies.SnakeCaseUpper => "the SNAKE_CASE_UPPER naming policy",
            NamingPolicies.KebabCaseLower => "the kebab-case-lower naming policy",
            NamingPolicies.KebabCaseUpper => "the KEBAB-CASE-UPPER naming policy",
            _ => null,
        };
        return (explicitName, policyName) switch
        {
            (true, null) => " ([JsonPropertyName])",
            (true, _) => " ([JsonPropertyName] and " + policyName + ")",
            (false, null) => "",
            _ => " (" + policyName + ")",
        };
    }
}
