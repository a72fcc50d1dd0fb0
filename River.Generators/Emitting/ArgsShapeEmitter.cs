using System.Collections.Generic;
using System.Linq;
using River.Generators.Model;
using River.Generators.Parsing;

namespace River.Generators.Emitting;

/// <summary>
/// Emits, for a kind unique by args, the method that builds its <c>ArgsShape</c>: where the encoded args hold
/// dictionaries, times and floats, so the runtime hashes them as Go's encoding/json writes the equivalent Go value.
/// </summary>
internal static class ArgsShapeEmitter
{
    private const string Shape = "global::River.Uniqueness.ArgsShape";

    /// <summary>Whether the kind gets a shape: unique by args, with args the generated serializer writes.</summary>
    public static bool Applies(JobArgsModel args) => args.Unique is { ByArgs: true } && args.Shape.Kind == ShapeKind.Object;

    /// <summary>The name of the emitted method.</summary>
    public static string MethodName(JobArgsModel args) => "CreateArgsShape_" + EmitPlan.Sanitize(args.TypeName);

    /// <summary>Writes the method (objects are made first and defined after, so recursive types refer to themselves).</summary>
    public static void Emit(SourceWriter w, EmitPlan plan, JobArgsModel args)
    {
        var variables = new Dictionary<string, string>(System.StringComparer.Ordinal);
        foreach (var o in args.Objects)
        {
            variables[o.Id] = "o" + variables.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        w.Line($"private static {Shape} {MethodName(args)}()");
        w.Open();
        foreach (var o in args.Objects)
        {
            w.Line($"var {variables[o.Id]} = {Shape}.NewObject();");
        }
        foreach (var o in args.Objects)
        {
            var names = o.Properties.Select(p => Literals.String(plan.JsonName(p)));
            var shapes = o.Properties.Select(p => Expression(p.Shape, variables));
            w.Line($"{variables[o.Id]}.Define(new string[] {{ {string.Join(", ", names)} }}, new {Shape}[] {{ {string.Join(", ", shapes)} }});");
        }
        w.Line($"return {variables[args.Shape.ObjectId!]};");
        w.Close();
        w.Line();
    }

    private static string Expression(TypeShapeModel shape, Dictionary<string, string> objects) => shape.Kind switch
    {
        ShapeKind.Object when shape.ObjectId is { } id && objects.TryGetValue(id, out var variable) => variable,
        ShapeKind.Nullable => Expression(shape.Element!, objects),
        ShapeKind.DateTime or ShapeKind.DateTimeOffset => Shape + ".Time",
        ShapeKind.Double => Shape + ".Float64",
        ShapeKind.Single => Shape + ".Float32",
        ShapeKind.Dictionary => $"{Shape}.Map({Expression(shape.Element!, objects)})",
        ShapeKind.Array or ShapeKind.List or ShapeKind.Set => $"{Shape}.List({Expression(shape.Element!, objects)})",
        _ => Shape + ".Verbatim",
    };
}
