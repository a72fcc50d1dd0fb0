using System.Collections.Generic;
using System.Linq;
using System.Text;
using River.Generators.Model;
using River.Generators.Parsing;

namespace River.Generators.Emitting;

/// <summary>
/// Decides, from the models alone, which args types get a definition, which helper methods exist and their names.
/// A helper method is keyed by its type and, when something inside it goes through a JsonSerializerContext, by that context.
/// </summary>
internal sealed class EmitPlan
{
    private readonly Dictionary<string, ObjectModel> _objects = new(System.StringComparer.Ordinal);
    private readonly Dictionary<string, bool> _containsUnsupported = new(System.StringComparer.Ordinal);
    private readonly Dictionary<string, string> _methodNames = new(System.StringComparer.Ordinal);
    private readonly HashSet<string> _usedNames = new(System.StringComparer.Ordinal);
    private readonly Dictionary<string, string> _typeInfoNames = new(System.StringComparer.Ordinal);

    public EmitPlan(AssemblyModel assembly, IEnumerable<JobArgsModel> args)
    {
        Assembly = assembly;
        var included = new List<(JobArgsModel Args, string? Context)>();
        foreach (var a in args.OrderBy(a => a.TypeName, System.StringComparer.Ordinal))
        {
            foreach (var o in a.Objects)
            {
                if (!_objects.ContainsKey(o.Id))
                {
                    _objects.Add(o.Id, o);
                }
            }
            var context = a.JsonContext ?? assembly.Context;
            if (context is null && ContainsUnsupported(a.Shape))
            {
                continue; // unsupported shape and no context: skipped quietly, the analyzers report it
            }
            if (included.Any(i => i.Args.Kind == a.Kind || i.Args.TypeName == a.TypeName))
            {
                continue; // duplicate kind: the analyzers report it
            }
            included.Add((a, context));
        }
        Args = included;

        var propertyNames = new HashSet<string>(System.StringComparer.Ordinal);
        foreach (var (a, _) in included)
        {
            var name = Literals.Identifier(a.SimpleName);
            if (!propertyNames.Add(name) || name is "Definitions" or "AddTo" or "RegisterDefinitions" or AssemblyParser.PeriodicJobsMethod || name == RegistryClass)
            {
                name = Sanitize(a.TypeName);
                propertyNames.Add(name);
            }
            RegistryPropertyNames[a.TypeName] = name;
        }
    }

    public AssemblyModel Assembly { get; }

    /// <summary>The args types that get a definition, sorted by type name, with their effective context.</summary>
    public IReadOnlyList<(JobArgsModel Args, string? Context)> Args { get; }

    /// <summary>Registry property name per args type.</summary>
    public Dictionary<string, string> RegistryPropertyNames { get; } = new(System.StringComparer.Ordinal);

    public string RegistryClass => Assembly.Identifier + "JobRegistry";

    public string JsonClass => Assembly.Identifier + "JobJson";

    public ObjectModel Object(string id) => _objects[id];

    /// <summary>The JSON name of a property under the assembly's naming policy.</summary>
    public string JsonName(PropertyModel property) => property.JsonNameOverride ?? NamingPolicies.Convert(Assembly.NamingPolicy, property.Name);

    /// <summary>Whether the shape or anything inside it goes through a context.</summary>
    public bool ContainsUnsupported(TypeShapeModel shape)
    {
        switch (shape.Kind)
        {
            case ShapeKind.Unsupported:
                return true;
            case ShapeKind.Object:
                return ObjectContainsUnsupported(shape.ObjectId!);
            default:
                return shape.Element is { } e && ContainsUnsupported(e);
        }
    }

    private bool ObjectContainsUnsupported(string id)
    {
        if (_containsUnsupported.TryGetValue(id, out var known))
        {
            return known;
        }
        _containsUnsupported[id] = false; // assume false while recursing through a cycle
        var result = !_objects.TryGetValue(id, out var model) || model.Properties.Any(p => ContainsUnsupported(p.Shape));
        _containsUnsupported[id] = result;
        return result;
    }

    /// <summary>The key of the helper method of a collection or object shape under a context.</summary>
    public string MethodKey(TypeShapeModel shape, string? context)
        => ContainsUnsupported(shape) ? shape.TypeName + "@" + context : shape.TypeName;

    /// <summary>The base name (without Write/Read prefix) of the helper of a shape, allocated on first use.</summary>
    public string MethodName(TypeShapeModel shape, string? context, out bool isNew)
    {
        var key = MethodKey(shape, context);
        if (_methodNames.TryGetValue(key, out var name))
        {
            isNew = false;
            return name;
        }
        name = Unique(Sanitize(shape.TypeName));
        _methodNames[key] = name;
        isNew = true;
        return name;
    }

    /// <summary>The name of the cached <c>JsonTypeInfo</c> property for a type under a context, allocated on first use.</summary>
    public string TypeInfoName(string typeName, string context, out bool isNew)
    {
        var key = typeName + "@" + context;
        if (_typeInfoNames.TryGetValue(key, out var name))
        {
            isNew = false;
            return name;
        }
        name = Unique("TypeInfo_" + Sanitize(typeName));
        _typeInfoNames[key] = name;
        isNew = true;
        return name;
    }

    private string Unique(string name)
    {
        var candidate = name;
        for (var i = 2; !_usedNames.Add(candidate); i++)
        {
            candidate = name + "_" + i;
        }
        return candidate;
    }

    /// <summary>A type name as an identifier: <c>global::A.B&lt;int&gt;</c> → <c>A_B_int</c>.</summary>
    public static string Sanitize(string typeName)
    {
        if (typeName.StartsWith("global::", System.StringComparison.Ordinal))
        {
            typeName = typeName.Substring("global::".Length);
        }
        var sb = new StringBuilder(typeName.Length);
        foreach (var c in typeName.Replace("global::", string.Empty))
        {
            if (char.IsLetterOrDigit(c) || c == '_')
            {
                sb.Append(c);
            }
            else if (c == '?')
            {
                sb.Append("_N");
            }
            else if (c == '[')
            {
                sb.Append("_Array");
            }
            else if (sb.Length > 0 && sb[sb.Length - 1] != '_')
            {
                sb.Append('_');
            }
        }
        while (sb.Length > 0 && sb[sb.Length - 1] == '_')
        {
            sb.Length--;
        }
        return sb.ToString();
    }
}
