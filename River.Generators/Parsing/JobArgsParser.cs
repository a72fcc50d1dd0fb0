using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using River.Generators.Model;

namespace River.Generators.Parsing;

/// <summary>Turns a <c>[JobArgs]</c> type into a <see cref="JobArgsModel"/>; invalid definitions give <see langword="null"/> (the analyzers report them).</summary>
internal static class JobArgsParser
{
    private const int MaxKindLength = 127;

    public static JobArgsModel? Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        if (context.TargetSymbol is not INamedTypeSymbol type || context.Attributes.Length != 1)
        {
            return null;
        }
        if (type.IsGenericType || type.IsAbstract || type.IsStatic || type.TypeKind != TypeKind.Class || !IsAccessible(type))
        {
            return null;
        }
        var attribute = context.Attributes[0];
        if (attribute.ConstructorArguments.Length != 1 || attribute.ConstructorArguments[0].Value is not string kind || !IsValidKind(kind))
        {
            return null;
        }

        string? queue = null;
        int priority = 0, maxAttempts = 0;
        EquatableArray<string>? tags = null;
        var pending = false;
        string? jsonContext = null;
        foreach (var named in attribute.NamedArguments)
        {
            switch (named.Key)
            {
                case "Queue": queue = named.Value.Value as string; break;
                case "Priority": priority = named.Value.Value as int? ?? 0; break;
                case "MaxAttempts": maxAttempts = named.Value.Value as int? ?? 0; break;
                case "Pending": pending = named.Value.Value as bool? ?? false; break;
                case "Tags":
                    if (!named.Value.IsNull)
                    {
                        var values = named.Value.Values.Select(v => v.Value as string).ToList();
                        if (values.Any(v => v is null))
                        {
                            return null;
                        }
                        tags = values.Select(v => v!).ToEquatableArray();
                    }
                    break;
                case "JsonContext":
                    if (named.Value.Value is INamedTypeSymbol ctx)
                    {
                        jsonContext = TypeNames.Of(ctx);
                    }
                    break;
            }
        }
        if (priority is < 0 or > 4 || maxAttempts is < 0 or > short.MaxValue || queue is { Length: 0 or > 127 })
        {
            return null;
        }

        var graph = new ObjectGraphParser(cancellationToken);
        var shape = graph.Shape(type);
        if (shape.Kind != ShapeKind.Object)
        {
            shape = new TypeShapeModel(ShapeKind.Unsupported, TypeNames.Of(type), TypeNames.Of(type), false);
        }

        UniqueModel? unique = null;
        var uniqueAttribute = TypeShapes.FindAttribute(type, KnownNames.UniqueJobAttribute);
        if (uniqueAttribute is not null)
        {
            unique = ParseUnique(uniqueAttribute, shape, graph);
            if (unique is null)
            {
                return null;
            }
        }

        var periodicAttribute = TypeShapes.FindAttribute(type, KnownNames.PeriodicJobAttribute);
        var periodic = periodicAttribute is null ? null : PeriodicParser.Parse(periodicAttribute, type, context.SemanticModel.Compilation);

        cancellationToken.ThrowIfCancellationRequested();
        return new JobArgsModel(
            TypeNames.Of(type),
            type.Name,
            IsPublic(type),
            kind,
            new JobDefaultsModel(queue, priority, maxAttempts, tags, pending),
            unique,
            jsonContext,
            shape,
            graph.Objects,
            periodic);
    }

    private static UniqueModel? ParseUnique(AttributeData attribute, TypeShapeModel shape, ObjectGraphParser graph)
    {
        bool byArgs = false, byQueue = false, excludeKind = false;
        long byPeriod = 0;
        EquatableArray<int>? byState = null;
        foreach (var named in attribute.NamedArguments)
        {
            switch (named.Key)
            {
                case "ByArgs": byArgs = named.Value.Value as bool? ?? false; break;
                case "ByQueue": byQueue = named.Value.Value as bool? ?? false; break;
                case "ExcludeKind": excludeKind = named.Value.Value as bool? ?? false; break;
                case "ByPeriodSeconds": byPeriod = named.Value.Value as long? ?? 0; break;
                case "ByState":
                    if (!named.Value.IsNull)
                    {
                        byState = named.Value.Values.Select(v => v.Value as int? ?? -1).ToEquatableArray();
                    }
                    break;
            }
        }
        if (byPeriod < 0 || byState is { } states && states.Any(s => s is < 0 or > 7))
        {
            return null;
        }

        var paths = new List<UniqueKeyPathModel>();
        if (shape.Kind == ShapeKind.Object)
        {
            CollectUniqueKeys(shape.ObjectId!, new List<UniqueKeySegmentModel>(), graph, new HashSet<string>(System.StringComparer.Ordinal), paths);
        }
        return new UniqueModel(byArgs, byPeriod, byQueue, byState, excludeKind, paths.ToEquatableArray());
    }

    /// <summary>Finds [UniqueKey] members: marked properties, and marked members of directly nested objects (by path).</summary>
    private static void CollectUniqueKeys(string objectId, List<UniqueKeySegmentModel> prefix, ObjectGraphParser graph, HashSet<string> visiting, List<UniqueKeyPathModel> paths)
    {
        var model = graph.Objects.FirstOrDefault(o => o.Id == objectId);
        if (model is null || !visiting.Add(objectId))
        {
            return;
        }
        for (var i = 0; i < model.Properties.Count; i++)
        {
            var property = model.Properties[i];
            var path = new List<UniqueKeySegmentModel>(prefix) { new(objectId, i) };
            if (property.IsUniqueKey)
            {
                paths.Add(new UniqueKeyPathModel(path.ToEquatableArray()));
            }
            else if (property.Shape.Kind == ShapeKind.Object)
            {
                CollectUniqueKeys(property.Shape.ObjectId!, path, graph, visiting, paths);
            }
        }
        visiting.Remove(objectId);
    }

    /// <summary>River's kind rule: 1 to 127 characters of letters, digits and <c>. _ - / : [ ] &lt; &gt;</c>.</summary>
    internal static bool IsValidKind(string kind)
    {
        if (kind.Length is 0 or > MaxKindLength)
        {
            return false;
        }
        foreach (var c in kind)
        {
            if (!(c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9' or '.' or '_' or '-' or '/' or ':' or '[' or ']' or '<' or '>'))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Whether the type and its containing types are public (its registry property can be public).</summary>
    internal static bool IsPublic(INamedTypeSymbol type)
    {
        for (ISymbol? s = type; s is INamedTypeSymbol t; s = t.ContainingType)
        {
            if (t.DeclaredAccessibility != Accessibility.Public)
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Generated code in the same assembly must be able to name the type.</summary>
    internal static bool IsAccessible(INamedTypeSymbol type)
    {
        for (ISymbol? s = type; s is INamedTypeSymbol t; s = t.ContainingType)
        {
            if (t.DeclaredAccessibility is not (Accessibility.Public or Accessibility.Internal or Accessibility.ProtectedOrInternal))
            {
                return false;
            }
        }
        return true;
    }
}
