using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using River.Generators.Model;

namespace River.Generators.Parsing;

/// <summary>Turns a <c>[JobArgs]</c> type into a <see cref="JobArgsModel"/>; invalid definitions give <see langword="null"/> (the analyzers report them).</summary>
internal static class JobArgsParser
{
    public static JobArgsModel? Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        if (context.TargetSymbol is not INamedTypeSymbol type || context.Attributes.Length != 1)
        {
            return null;
        }
        // The analyzers report every type and kind skipped here, by the same rules (ArgsTypeEligibility, JobOptionRules).
        if (ArgsTypeEligibility.Problem(type) != ArgsTypeProblem.None)
        {
            return null;
        }
        var attribute = context.Attributes[0];
        if (attribute.ConstructorArguments.Length != 1 || attribute.ConstructorArguments[0].Value is not string kind || JobOptionRules.ValidateKind(kind) is not null)
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
                        if (JobOptionRules.ValidateTags(values) is not null)
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
        // On the attribute 0 means "unset" and a null queue the client's default; a value the rules refuse (the analyzers
        // report it) gives no definition, like an invalid kind.
        if (priority != 0 && JobOptionRules.ValidatePriority(priority) is not null
            || maxAttempts != 0 && JobOptionRules.ValidateMaxAttempts(maxAttempts) is not null
            || queue is not null && JobOptionRules.ValidateQueue(queue) is not null)
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
            new JobDefaultsModel(queue, priority, maxAttempts, tags, pending, ParseFlow(type), ParseSequence(type)),
            unique,
            jsonContext,
            shape,
            graph.Objects,
            periodic);
    }

    /// <summary>The <c>[ConcurrencyLimit]</c> and <c>[RateLimit]</c> values, or <see langword="null"/> when neither is there.</summary>
    private static FlowModel? ParseFlow(INamedTypeSymbol type)
    {
        var concurrency = TypeShapes.FindAttribute(type, KnownNames.ConcurrencyLimitAttribute);
        var rate = TypeShapes.FindAttribute(type, KnownNames.RateLimitAttribute);
        if (concurrency is null && rate is null)
        {
            return null;
        }
        var maxRunning = concurrency is { ConstructorArguments.Length: 1 } ? concurrency.ConstructorArguments[0].Value as int? ?? 0 : 0;
        var partition = Named(concurrency, "PartitionBy") as string;
        int count = 0, burst = 0;
        double period = 0;
        if (rate is { ConstructorArguments.Length: 2 })
        {
            count = rate.ConstructorArguments[0].Value as int? ?? 0;
            period = rate.ConstructorArguments[1].Value is { } p ? System.Convert.ToDouble(p, System.Globalization.CultureInfo.InvariantCulture) : 0;
            burst = Named(rate, "Burst") as int? ?? 0;
            partition ??= Named(rate, "PartitionBy") as string;
        }
        return new FlowModel(maxRunning, partition, count, period, burst, rate is not null);
    }

    /// <summary>The <c>[Sequence]</c> values, or <see langword="null"/>.</summary>
    private static SequenceModel? ParseSequence(INamedTypeSymbol type)
    {
        var attribute = TypeShapes.FindAttribute(type, KnownNames.SequenceAttribute);
        return attribute is null ? null : new SequenceModel(Named(attribute, "By") as string, Named(attribute, "OnFailure") as int? ?? 0);
    }

    private static object? Named(AttributeData? attribute, string name)
    {
        if (attribute is null)
        {
            return null;
        }
        foreach (var named in attribute.NamedArguments)
        {
            if (named.Key == name)
            {
                return named.Value.Value;
            }
        }
        return null;
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
}
