// The one place that decides which types the generated JSON serializer handles, and how System.Text.Json
// lays out an object (members, order, constructor). Self-contained (Roslyn and the BCL only, netstandard2.0)
// so the analyzers project can compile it in through a linked <Compile> item (with the Model enums it uses).
using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using River.Generators.Model;

namespace River.Generators.Parsing;

/// <summary>A serialized property of an object, in System.Text.Json's terms.</summary>
internal sealed class PropertyLayout
{
    public PropertyLayout(IPropertySymbol property) => Property = property;

    public IPropertySymbol Property { get; }
    /// <summary>From <c>[JsonPropertyName]</c>; <see langword="null"/> applies the naming policy.</summary>
    public string? JsonNameOverride { get; set; }
    /// <summary>The getter is public: the property is written.</summary>
    public bool CanRead { get; set; }
    public PropertySetMode SetMode { get; set; }
    /// <summary><c>required</c> or <c>[JsonRequired]</c>.</summary>
    public bool IsRequired { get; set; }
    /// <summary>The C# <c>required</c> modifier: the member must be set in the object initializer.</summary>
    public bool IsCSharpRequired { get; set; }
    public IgnoreMode Ignore { get; set; }
    /// <summary>The property carries its own <c>[JsonConverter]</c>: its value goes through the context.</summary>
    public bool HasConverter { get; set; }
    /// <summary>The property's own converter is <c>JsonStringEnumConverter</c> over its (non-nullable) enum type.</summary>
    public bool HasStringEnumConverter { get; set; }
    /// <summary>Marked <c>[UniqueKey]</c> (on the property or on the bound constructor parameter).</summary>
    public bool IsUniqueKey { get; set; }
    /// <summary>Construction may leave a non-default value (initializer, constructor body, or unknown source).</summary>
    public bool MayBeSetByConstruction { get; set; }
    /// <summary><c>[JsonPropertyOrder]</c>.</summary>
    public int Order { get; set; }
}

/// <summary>The members and constructor System.Text.Json uses for an object type.</summary>
internal sealed class ObjectLayout
{
    public ObjectLayout(IMethodSymbol constructor, List<PropertyLayout> properties, List<int> constructorBindings)
    {
        Constructor = constructor;
        Properties = properties;
        ConstructorBindings = constructorBindings;
    }

    /// <summary>The deserialization constructor.</summary>
    public IMethodSymbol Constructor { get; }
    /// <summary>Properties in System.Text.Json's order: most derived type first, then declaration order, then <c>[JsonPropertyOrder]</c>.</summary>
    public List<PropertyLayout> Properties { get; }
    /// <summary>For each constructor parameter, the index of its property in <see cref="Properties"/>, or -1 when it binds to an ignored property (it always gets its default).</summary>
    public List<int> ConstructorBindings { get; }
    /// <summary>Public instance fields (without <c>[JsonInclude]</c>): neither written nor read, their values are lost.</summary>
    public List<IFieldSymbol> DroppedFields { get; set; } = [];
}

/// <summary>Classifies types into the shapes the generated serializer supports.</summary>
internal static class TypeShapes
{
    private const string JsonNs = "System.Text.Json.Serialization.";
    public const string JsonPropertyNameAttribute = JsonNs + "JsonPropertyNameAttribute";
    public const string JsonIgnoreAttribute = JsonNs + "JsonIgnoreAttribute";
    public const string JsonRequiredAttribute = JsonNs + "JsonRequiredAttribute";
    public const string JsonIncludeAttribute = JsonNs + "JsonIncludeAttribute";
    public const string JsonConstructorAttribute = JsonNs + "JsonConstructorAttribute";
    public const string JsonConverterAttribute = JsonNs + "JsonConverterAttribute";
    public const string JsonPropertyOrderAttribute = JsonNs + "JsonPropertyOrderAttribute";
    public const string UniqueKeyAttribute = "River.UniqueKeyAttribute";

    /// <summary>Attributes that change how System.Text.Json handles an object or member in ways the generated code does not reproduce.</summary>
    private static readonly HashSet<string> UnsupportedAttributes = new(StringComparer.Ordinal)
    {
        JsonNs + "JsonExtensionDataAttribute",
        JsonNs + "JsonNumberHandlingAttribute",
        JsonNs + "JsonObjectCreationHandlingAttribute",
        JsonNs + "JsonPolymorphicAttribute",
        JsonNs + "JsonDerivedTypeAttribute",
        JsonNs + "JsonUnmappedMemberHandlingAttribute",
        JsonConverterAttribute,
    };

    /// <summary>
    /// Returns the shape of <paramref name="type"/> (top level only: elements are classified by the caller) and its
    /// element: the underlying type of an enum or nullable, the element of an array or list, the value of a dictionary.
    /// </summary>
    public static ShapeKind Classify(ITypeSymbol type, out ITypeSymbol? element)
    {
        element = null;
        switch (type.SpecialType)
        {
            case SpecialType.System_Boolean: return ShapeKind.Boolean;
            case SpecialType.System_Byte: return ShapeKind.Byte;
            case SpecialType.System_SByte: return ShapeKind.SByte;
            case SpecialType.System_Int16: return ShapeKind.Int16;
            case SpecialType.System_UInt16: return ShapeKind.UInt16;
            case SpecialType.System_Int32: return ShapeKind.Int32;
            case SpecialType.System_UInt32: return ShapeKind.UInt32;
            case SpecialType.System_Int64: return ShapeKind.Int64;
            case SpecialType.System_UInt64: return ShapeKind.UInt64;
            case SpecialType.System_Single: return ShapeKind.Single;
            case SpecialType.System_Double: return ShapeKind.Double;
            case SpecialType.System_Decimal: return ShapeKind.Decimal;
            case SpecialType.System_String: return ShapeKind.String;
            case SpecialType.System_Char: return ShapeKind.Char;
            case SpecialType.System_DateTime: return ShapeKind.DateTime;
        }

        if (type is IArrayTypeSymbol array)
        {
            if (!array.IsSZArray)
            {
                return ShapeKind.Unsupported;
            }
            element = array.ElementType;
            return array.ElementType.SpecialType == SpecialType.System_Byte ? ShapeKind.ByteArray : ShapeKind.Array;
        }

        if (type is not INamedTypeSymbol named || type.TypeKind == TypeKind.Error)
        {
            return ShapeKind.Unsupported;
        }

        if (named.TypeKind == TypeKind.Enum)
        {
            if (FindAttribute(named, JsonConverterAttribute) is { } converter)
            {
                return IsStringEnumConverter(converter, named) ? ShapeKind.StringEnum : ShapeKind.Unsupported;
            }
            element = named.EnumUnderlyingType;
            return element is null ? ShapeKind.Unsupported : ShapeKind.Enum;
        }

        if (named.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T)
        {
            element = named.TypeArguments[0];
            return ShapeKind.Nullable;
        }

        var name = MetadataName(named.OriginalDefinition);
        switch (name)
        {
            case "System.Guid": return ShapeKind.Guid;
            case "System.DateTimeOffset": return ShapeKind.DateTimeOffset;
            case "System.DateOnly": return ShapeKind.DateOnly;
            case "System.TimeOnly": return ShapeKind.TimeOnly;
            case "System.TimeSpan": return ShapeKind.TimeSpan;
            case "System.Text.Json.JsonElement": return ShapeKind.JsonElement;
            case "System.Collections.Generic.List`1":
            case "System.Collections.Generic.IList`1":
            case "System.Collections.Generic.ICollection`1":
            case "System.Collections.Generic.IEnumerable`1":
            case "System.Collections.Generic.IReadOnlyList`1":
            case "System.Collections.Generic.IReadOnlyCollection`1":
                element = named.TypeArguments[0];
                return ShapeKind.List;
            case "System.Collections.Generic.HashSet`1":
            case "System.Collections.Generic.ISet`1":
                element = named.TypeArguments[0];
                return ShapeKind.Set;
            case "System.Collections.Generic.Dictionary`2":
            case "System.Collections.Generic.IDictionary`2":
            case "System.Collections.Generic.IReadOnlyDictionary`2":
                if (named.TypeArguments[0].SpecialType != SpecialType.System_String)
                {
                    return ShapeKind.Unsupported;
                }
                element = named.TypeArguments[1];
                return ShapeKind.Dictionary;
        }

        return IsObjectCandidate(named) ? ShapeKind.Object : ShapeKind.Unsupported;
    }

    /// <summary>
    /// Whether a <c>[JsonConverter]</c> names <c>JsonStringEnumConverter</c> or <c>JsonStringEnumConverter&lt;TEnum&gt;</c> for
    /// <paramref name="enumType"/>, without constructor arguments (a naming policy or options are not reproduced).
    /// </summary>
    public static bool IsStringEnumConverter(AttributeData converter, ITypeSymbol enumType)
    {
        if (enumType.TypeKind != TypeKind.Enum || converter.ConstructorArguments.Length != 1 ||
            converter.ConstructorArguments[0].Value is not INamedTypeSymbol converterType)
        {
            return false;
        }
        var name = MetadataName(converterType.OriginalDefinition);
        return name == JsonNs + "JsonStringEnumConverter" ||
               name == JsonNs + "JsonStringEnumConverter`1" && SymbolEqualityComparer.Default.Equals(converterType.TypeArguments[0], enumType);
    }

    /// <summary>
    /// A non-abstract class or record outside the <c>System</c> namespaces, not a collection, without attributes that
    /// change System.Text.Json's handling. Whether its members fit is checked by <see cref="TryGetObjectLayout"/>.
    /// </summary>
    private static bool IsObjectCandidate(INamedTypeSymbol type)
    {
        if (type.TypeKind != TypeKind.Class || type.IsAbstract || type.IsStatic || type.IsUnboundGenericType ||
            type.SpecialType != SpecialType.None)
        {
            return false;
        }
        var ns = type.ContainingNamespace?.ToDisplayString() ?? string.Empty;
        if (ns == "System" || ns.StartsWith("System.", StringComparison.Ordinal) || ns == "Microsoft" || ns.StartsWith("Microsoft.", StringComparison.Ordinal))
        {
            return false;
        }
        if (type.AllInterfaces.Any(i => i.SpecialType == SpecialType.System_Collections_IEnumerable))
        {
            return false;
        }
        if (type.GetAttributes().Any(a => a.AttributeClass is { } c && UnsupportedAttributes.Contains(MetadataName(c))))
        {
            return false;
        }
        for (var b = type.BaseType; b is not null && b.SpecialType != SpecialType.System_Object; b = b.BaseType)
        {
            if (b.GetAttributes().Any(a => a.AttributeClass is { } c && UnsupportedAttributes.Contains(MetadataName(c))))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>
    /// Lays out an object the way System.Text.Json's default resolver does, or explains why the generated code
    /// cannot reproduce it.
    /// </summary>
    public static bool TryGetObjectLayout(INamedTypeSymbol type, out ObjectLayout? layout, out string? reason)
    {
        layout = null;
        var constructor = FindConstructor(type, out reason);
        if (constructor is null)
        {
            return false;
        }

        var properties = new List<PropertyLayout>();
        var ignored = new List<IPropertySymbol>();
        var droppedFields = new List<IFieldSymbol>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        // System.Text.Json walks the hierarchy from the type itself to its bases; a derived member hides a base one.
        for (var current = type; current is not null && current.SpecialType != SpecialType.System_Object; current = current.BaseType)
        {
            foreach (var member in current.GetMembers())
            {
                if (member.IsStatic || member.IsImplicitlyDeclared && member is not IPropertySymbol)
                {
                    continue;
                }
                if (member is IFieldSymbol field)
                {
                    if (HasAttribute(field, JsonIncludeAttribute))
                    {
                        reason = $"field '{field.Name}' is marked [JsonInclude]";
                        return false;
                    }
                    if (field is { DeclaredAccessibility: Accessibility.Public, IsConst: false, IsImplicitlyDeclared: false })
                    {
                        droppedFields.Add(field); // neither written nor read (System.Text.Json's IncludeFields is off): RIVER0033
                    }
                    continue;
                }
                if (member is not IPropertySymbol property || property.IsIndexer || property.Name == "EqualityContract")
                {
                    continue;
                }
                if (!seen.Add(property.Name))
                {
                    continue;
                }
                var include = HasAttribute(property, JsonIncludeAttribute);
                if (property.DeclaredAccessibility != Accessibility.Public)
                {
                    if (include)
                    {
                        reason = $"non-public property '{property.Name}' is marked [JsonInclude]";
                        return false;
                    }
                    continue;
                }
                if (property.ReturnsByRef || property.ReturnsByRefReadonly)
                {
                    reason = $"property '{property.Name}' returns by reference";
                    return false;
                }
                if (property.GetAttributes().Any(a => a.AttributeClass is { } c && c.Name != "JsonConverterAttribute" && UnsupportedAttributes.Contains(MetadataName(c))))
                {
                    reason = $"property '{property.Name}' carries a System.Text.Json attribute the generated serializer does not reproduce";
                    return false;
                }

                var ignore = IgnoreMode.Never;
                var ignoreAttribute = FindAttribute(property, JsonIgnoreAttribute);
                if (ignoreAttribute is not null)
                {
                    var condition = 1; // JsonIgnoreCondition.Always
                    foreach (var arg in ignoreAttribute.NamedArguments)
                    {
                        if (arg.Key == "Condition" && arg.Value.Value is int c)
                        {
                            condition = c;
                        }
                    }
                    switch (condition)
                    {
                        case 0: break; // Never
                        case 1: // Always
                            if (property.IsRequired)
                            {
                                reason = $"required property '{property.Name}' is marked [JsonIgnore]";
                                return false;
                            }
                            ignored.Add(property);
                            continue;
                        case 2: ignore = IgnoreMode.WhenWritingDefault; break;
                        case 3: ignore = IgnoreMode.WhenWritingNull; break;
                        default:
                            reason = $"property '{property.Name}' uses an unknown JsonIgnoreCondition";
                            return false;
                    }
                }

                if (ignore == IgnoreMode.WhenWritingNull && property.Type.IsValueType && property.Type.OriginalDefinition.SpecialType != SpecialType.System_Nullable_T)
                {
                    reason = $"JsonIgnoreCondition.WhenWritingNull is not valid on value-type property '{property.Name}' (System.Text.Json throws)";
                    return false;
                }

                var getterPublic = property.GetMethod is { DeclaredAccessibility: Accessibility.Public };
                var setterPublic = property.SetMethod is { DeclaredAccessibility: Accessibility.Public };
                if (include && (!getterPublic || property.SetMethod is { } s && !setterPublic))
                {
                    reason = $"property '{property.Name}' is marked [JsonInclude] with a non-public accessor";
                    return false;
                }
                if (!getterPublic && !setterPublic)
                {
                    continue;
                }

                var layoutProperty = new PropertyLayout(property)
                {
                    JsonNameOverride = FindAttribute(property, JsonPropertyNameAttribute)?.ConstructorArguments.FirstOrDefault().Value as string,
                    CanRead = getterPublic,
                    SetMode = !setterPublic ? PropertySetMode.None : property.SetMethod!.IsInitOnly ? PropertySetMode.Init : PropertySetMode.Setter,
                    IsRequired = property.IsRequired || HasAttribute(property, JsonRequiredAttribute),
                    IsCSharpRequired = property.IsRequired,
                    Ignore = ignore,
                    HasConverter = HasAttribute(property, JsonConverterAttribute),
                    HasStringEnumConverter = FindAttribute(property, JsonConverterAttribute) is { } converter && IsStringEnumConverter(converter, property.Type),
                    IsUniqueKey = HasAttribute(property, UniqueKeyAttribute),
                    MayBeSetByConstruction = MayBeSetByConstruction(property),
                    Order = FindAttribute(property, JsonPropertyOrderAttribute)?.ConstructorArguments.FirstOrDefault().Value as int? ?? 0,
                };
                properties.Add(layoutProperty);
            }
        }

        // Stable sort by [JsonPropertyOrder], as System.Text.Json does.
        var ordered = properties.Select((p, i) => (p, i)).OrderBy(t => t.p.Order).ThenBy(t => t.i).Select(t => t.p).ToList();

        var jsonNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (var p in ordered)
        {
            if (p.JsonNameOverride is { } n && !jsonNames.Add(n))
            {
                reason = $"two properties share the JSON name '{n}'";
                return false;
            }
        }

        var bindings = new List<int>();
        foreach (var parameter in constructor.Parameters)
        {
            var index = ordered.FindIndex(p => string.Equals(p.Property.Name, parameter.Name, StringComparison.OrdinalIgnoreCase) &&
                                               SymbolEqualityComparer.Default.Equals(p.Property.Type.WithNullableAnnotation(NullableAnnotation.NotAnnotated), parameter.Type.WithNullableAnnotation(NullableAnnotation.NotAnnotated)));
            if (index < 0 && parameter.RefKind == RefKind.None && ignored.Any(p => string.Equals(p.Name, parameter.Name, StringComparison.OrdinalIgnoreCase)))
            {
                bindings.Add(-1); // bound to an ignored property: always the parameter's default
                continue;
            }
            if (index < 0 || bindings.Contains(index) || parameter.RefKind != RefKind.None)
            {
                reason = $"constructor parameter '{parameter.Name}' does not bind to a public property of the same name and type";
                return false;
            }
            bindings.Add(index);
            ordered[index].SetMode = PropertySetMode.Constructor;
            if (HasAttribute(parameter, UniqueKeyAttribute))
            {
                ordered[index].IsUniqueKey = true;
            }
        }

        layout = new ObjectLayout(constructor, ordered, bindings) { DroppedFields = droppedFields };
        reason = null;
        return true;
    }

    /// <summary>
    /// System.Text.Json's choice: the public constructor marked <c>[JsonConstructor]</c>, else the public parameterless
    /// one, else the only public one.
    /// </summary>
    public static IMethodSymbol? FindConstructor(INamedTypeSymbol type, out string? reason)
    {
        reason = null;
        var constructors = type.InstanceConstructors;
        var marked = constructors.Where(c => HasAttribute(c, JsonConstructorAttribute)).ToList();
        if (marked.Count > 0)
        {
            if (marked.Count > 1 || marked[0].DeclaredAccessibility != Accessibility.Public)
            {
                reason = "the [JsonConstructor] constructor must be single and public";
                return null;
            }
            return marked[0];
        }
        var publicOnes = constructors.Where(c => c.DeclaredAccessibility == Accessibility.Public).ToList();
        var parameterless = publicOnes.FirstOrDefault(c => c.Parameters.Length == 0);
        if (parameterless is not null)
        {
            return parameterless;
        }
        if (publicOnes.Count == 1)
        {
            return publicOnes[0];
        }
        reason = publicOnes.Count == 0 ? "the type has no public constructor" : "the type has several public constructors and none is marked [JsonConstructor]";
        return null;
    }

    /// <summary>
    /// Whether constructing the object may leave the property with a non-default value: it has an initializer, a
    /// constructor body of its declaring type names it, or its source is not visible (metadata).
    /// </summary>
    private static bool MayBeSetByConstruction(IPropertySymbol property)
    {
        if (property.DeclaringSyntaxReferences.Length == 0)
        {
            return true;
        }
        foreach (var reference in property.DeclaringSyntaxReferences)
        {
            var syntax = reference.GetSyntax();
            if (syntax is PropertyDeclarationSyntax { Initializer: not null })
            {
                return true;
            }
        }
        foreach (var constructor in property.ContainingType.InstanceConstructors)
        {
            foreach (var reference in constructor.DeclaringSyntaxReferences)
            {
                if (reference.GetSyntax() is ConstructorDeclarationSyntax declaration &&
                    declaration.DescendantTokens().Any(t => t.ValueText == property.Name))
                {
                    return true;
                }
            }
        }
        return false;
    }

    /// <summary>The metadata name with namespace, e.g. <c>System.Collections.Generic.List`1</c>.</summary>
    public static string MetadataName(INamedTypeSymbol type)
    {
        var ns = type.ContainingNamespace is { IsGlobalNamespace: false } n ? n.ToDisplayString() + "." : string.Empty;
        var outer = type.ContainingType is { } c ? MetadataName(c) + "+" : ns;
        return type.ContainingType is null ? ns + type.MetadataName : outer + type.MetadataName;
    }

    public static bool HasAttribute(ISymbol symbol, string metadataName) => FindAttribute(symbol, metadataName) is not null;

    public static AttributeData? FindAttribute(ISymbol symbol, string metadataName)
    {
        foreach (var attribute in symbol.GetAttributes())
        {
            if (attribute.AttributeClass is { } c && MetadataName(c) == metadataName)
            {
                return attribute;
            }
        }
        return null;
    }
}
