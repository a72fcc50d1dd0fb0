using System.Collections.Generic;
using System.Linq;
using River.Generators.Model;
using River.Generators.Parsing;

namespace River.Generators.Emitting;

/// <summary>
/// Emits the JSON writers and readers: one pair per args type (the definition's delegates) and one per object or
/// collection shape reachable from them, reused across args types.
/// </summary>
internal sealed class JsonEmitter
{
    private const string Writer = "global::System.Text.Json.Utf8JsonWriter";
    private const string Reader = "global::System.Text.Json.Utf8JsonReader";
    private const string Token = "global::System.Text.Json.JsonTokenType";
    private const string Helpers = "global::River.Serialization.RiverJson";
    private const string Serializer = "global::System.Text.Json.JsonSerializer";

    private readonly EmitPlan _plan;
    private readonly SourceWriter _w = new();
    private readonly Queue<(TypeShapeModel Shape, string? Context, string Name)> _pending = new();
    private readonly List<(string Name, string TypeName, string Context)> _typeInfos = new();
    private readonly List<(string Field, string Name)> _encodedNames = new();
    private readonly Dictionary<string, string> _encodedNameFields = new(System.StringComparer.Ordinal);

    private int _variable;

    public JsonEmitter(EmitPlan plan) => _plan = plan;

    /// <summary>A fresh local name (pattern variables share their method's scope).</summary>
    private string NextVariable() => "v" + _variable++;

    public string Emit()
    {
        var body = new SourceWriter();
        foreach (var (args, context) in _plan.Args)
        {
            EmitArgsMethods(body, args, context);
        }
        while (_pending.Count > 0)
        {
            var (shape, context, name) = _pending.Dequeue();
            if (shape.Kind == ShapeKind.Object)
            {
                EmitObjectWriter(body, shape, context, name);
                EmitObjectReader(body, shape, context, name);
            }
            else
            {
                EmitCollectionWriter(body, shape, context, name);
                EmitCollectionReader(body, shape, context, name);
            }
        }

        Header.Write(_w);
        _w.Line("namespace River.Generated");
        _w.Open();
        _w.Line("/// <summary>Generated JSON writers and readers of the job args of this assembly.</summary>");
        _w.Line(Header.GeneratedCodeAttribute);
        _w.Line("[global::System.ComponentModel.EditorBrowsable(global::System.ComponentModel.EditorBrowsableState.Never)]");
        _w.Open("internal static class " + _plan.JsonClass);
        foreach (var (field, name) in _encodedNames)
        {
            _w.Line($"private static readonly global::System.Text.Json.JsonEncodedText {field} = global::System.Text.Json.JsonEncodedText.Encode({Literals.String(name)});");
        }
        foreach (var (name, typeName, context) in _typeInfos)
        {
            _w.Line($"private static global::System.Text.Json.Serialization.Metadata.JsonTypeInfo<{typeName}>? s_{name};");
            _w.Line($"private static global::System.Text.Json.Serialization.Metadata.JsonTypeInfo<{typeName}> {name} => s_{name} ??= {Helpers}.GetTypeInfo<{typeName}>({context}.Default);");
        }
        if (_encodedNames.Count > 0 || _typeInfos.Count > 0)
        {
            _w.Line();
        }
        var text = body.ToString().TrimEnd('\n').Split('\n');
        foreach (var line in text)
        {
            _w.Line(line);
        }
        _w.Close();
        _w.Close();
        return _w.ToString();
    }

    private void EmitArgsMethods(SourceWriter w, JobArgsModel args, string? context)
    {
        var id = EmitPlan.Sanitize(args.TypeName);
        var t = args.TypeName;
        w.Line($"/// <summary>Writes <c>{Xml(Display(t))}</c> (kind <c>{Xml(args.Kind)}</c>) as JSON.</summary>");
        w.Open($"internal static void WriteArgs_{id}({Writer} writer, {t} value)");
        if (args.Shape.Kind == ShapeKind.Object)
        {
            w.Line($"Write_{Method(args.Shape, context)}(writer, value);");
        }
        else
        {
            w.Line($"{Serializer}.Serialize<{t}>(writer, value, {TypeInfo(t, context!)});");
        }
        w.Close();
        w.Line();
        w.Line($"/// <summary>Reads <c>{Xml(Display(t))}</c> from a reader positioned before or on its first token.</summary>");
        w.Open($"internal static {t} ReadArgs_{id}(ref {Reader} reader)");
        w.Open($"if (reader.TokenType == {Token}.None)");
        w.Line("reader.Read();");
        w.Close();
        if (args.Shape.Kind == ShapeKind.Object)
        {
            w.Line($"return reader.TokenType == {Token}.Null ? null! : Read_{Method(args.Shape, context)}(ref reader);");
        }
        else
        {
            w.Line($"return {Serializer}.Deserialize<{t}>(ref reader, {TypeInfo(t, context!)})!;");
        }
        w.Close();
        w.Line();
    }

    private string Method(TypeShapeModel shape, string? context)
    {
        var name = _plan.MethodName(shape, context, out var isNew);
        if (isNew)
        {
            _pending.Enqueue((shape, context, name));
        }
        return name;
    }

    private string TypeInfo(string typeName, string context)
    {
        var name = _plan.TypeInfoName(typeName, context, out var isNew);
        if (isNew)
        {
            _typeInfos.Add((name, typeName, context));
        }
        return name;
    }

    private string PropertyNameExpression(string jsonName)
    {
        // A name made only of characters no encoder escapes is pre-encoded once; any other name is escaped by the
        // writer's own encoder on each write, exactly as System.Text.Json does with the options' encoder.
        if (!jsonName.All(c => c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9' or '_' or '-' or '.') || jsonName.Length == 0)
        {
            return Literals.String(jsonName);
        }
        if (!_encodedNameFields.TryGetValue(jsonName, out var field))
        {
            field = "s_name_" + EmitPlan.Sanitize(jsonName.Replace("-", "_").Replace(".", "_"));
            var candidate = field;
            for (var i = 2; _encodedNames.Any(e => e.Field == candidate); i++)
            {
                candidate = field + "_" + i;
            }
            field = candidate;
            _encodedNameFields[jsonName] = field;
            _encodedNames.Add((field, jsonName));
        }
        return field;
    }

    // ---- writers -------------------------------------------------------------------------------------------

    private void EmitObjectWriter(SourceWriter w, TypeShapeModel shape, string? context, string name)
    {
        _variable = 0;
        var model = _plan.Object(shape.ObjectId!);
        w.Open($"private static void Write_{name}({Writer} writer, {shape.TypeName} value)");
        w.Line("writer.WriteStartObject();");
        foreach (var p in model.Properties)
        {
            if (!p.CanRead)
            {
                continue;
            }
            var expr = "value." + Literals.Identifier(p.Name);
            var guarded = false;
            if (p.Ignore == IgnoreMode.WhenWritingNull && (!p.Shape.IsValueType || p.Shape.Kind == ShapeKind.Nullable))
            {
                w.Open($"if ({expr} is not null)");
                guarded = true;
            }
            else if (p.Ignore == IgnoreMode.WhenWritingDefault)
            {
                w.Open(p.Shape.IsValueType
                    ? $"if (!global::System.Collections.Generic.EqualityComparer<{p.Shape.TypeName}>.Default.Equals({expr}, default))"
                    : $"if ({expr} is not null)");
                guarded = true;
            }
            w.Line($"writer.WritePropertyName({PropertyNameExpression(_plan.JsonName(p))});");
            WriteValue(w, p.Shape, expr, context);
            if (guarded)
            {
                w.Close();
            }
        }
        w.Line("writer.WriteEndObject();");
        w.Close();
        w.Line();
    }

    private void EmitCollectionWriter(SourceWriter w, TypeShapeModel shape, string? context, string name)
    {
        _variable = 0;
        w.Open($"private static void Write_{name}({Writer} writer, {shape.TypeName} value)");
        if (shape.Kind == ShapeKind.Dictionary)
        {
            w.Line("writer.WriteStartObject();");
            w.Open("foreach (var entry in value)");
            w.Line("writer.WritePropertyName(entry.Key);");
            WriteValue(w, shape.Element!, "entry.Value", context);
            w.Close();
            w.Line("writer.WriteEndObject();");
        }
        else
        {
            w.Line("writer.WriteStartArray();");
            w.Open("foreach (var item in value)");
            WriteValue(w, shape.Element!, "item", context);
            w.Close();
            w.Line("writer.WriteEndArray();");
        }
        w.Close();
        w.Line();
    }

    /// <summary>Writes the statements that write <paramref name="expr"/> (evaluated possibly more than once).</summary>
    private void WriteValue(SourceWriter w, TypeShapeModel shape, string expr, string? context)
    {
        switch (shape.Kind)
        {
            case ShapeKind.Boolean:
                w.Line($"writer.WriteBooleanValue({expr});");
                return;
            case ShapeKind.Byte:
            case ShapeKind.SByte:
            case ShapeKind.Int16:
            case ShapeKind.UInt16:
                w.Line($"writer.WriteNumberValue((int){expr});");
                return;
            case ShapeKind.Int32:
            case ShapeKind.UInt32:
            case ShapeKind.Int64:
            case ShapeKind.UInt64:
            case ShapeKind.Single:
            case ShapeKind.Double:
            case ShapeKind.Decimal:
                w.Line($"writer.WriteNumberValue({expr});");
                return;
            case ShapeKind.String:
            case ShapeKind.Guid:
            case ShapeKind.DateTime:
            case ShapeKind.DateTimeOffset:
                w.Line($"writer.WriteStringValue({expr});");
                return;
            case ShapeKind.Char:
            case ShapeKind.DateOnly:
            case ShapeKind.TimeOnly:
            case ShapeKind.TimeSpan:
                w.Line($"{Helpers}.Write{shape.Kind}(writer, {expr});");
                return;
            case ShapeKind.Enum:
                w.Line($"writer.WriteNumberValue(({EnumCast(shape.Element!.Kind)}){expr});");
                return;
            case ShapeKind.JsonElement:
                w.Line($"{expr}.WriteTo(writer);");
                return;
            case ShapeKind.StringEnum:
                w.Line($"{Helpers}.WriteStringEnum<{shape.TypeName}>(writer, {expr});");
                return;
            case ShapeKind.Nullable:
            {
                var v = NextVariable();
                w.Open($"if ({expr} is {{ }} {v})");
                WriteValue(w, shape.Element!, v, context);
                w.Close();
                w.Open("else");
                w.Line("writer.WriteNullValue();");
                w.Close();
                return;
            }
            case ShapeKind.ByteArray:
            case ShapeKind.Array:
            case ShapeKind.List:
            case ShapeKind.Set:
            case ShapeKind.Dictionary:
            case ShapeKind.Object:
            {
                var v = NextVariable();
                w.Open($"if ({expr} is {{ }} {v})");
                w.Line(shape.Kind == ShapeKind.ByteArray
                    ? $"writer.WriteBase64StringValue({v});"
                    : $"Write_{Method(shape, context)}(writer, {v});");
                w.Close();
                w.Open("else");
                w.Line("writer.WriteNullValue();");
                w.Close();
                return;
            }
            default:
                w.Line($"{Serializer}.Serialize<{shape.TypeName}>(writer, {expr}!, {TypeInfo(shape.TypeName, context!)});");
                return;
        }
    }

    private static string EnumCast(ShapeKind underlying) => underlying switch
    {
        ShapeKind.UInt32 => "uint",
        ShapeKind.Int64 => "long",
        ShapeKind.UInt64 => "ulong",
        _ => "int",
    };

    // ---- readers -------------------------------------------------------------------------------------------

    /// <summary>An expression that reads the value the reader is positioned on.</summary>
    private string ReadValue(TypeShapeModel shape, string? context)
    {
        switch (shape.Kind)
        {
            case ShapeKind.Boolean: return "reader.GetBoolean()";
            case ShapeKind.Byte: return "reader.GetByte()";
            case ShapeKind.SByte: return "reader.GetSByte()";
            case ShapeKind.Int16: return "reader.GetInt16()";
            case ShapeKind.UInt16: return "reader.GetUInt16()";
            case ShapeKind.Int32: return "reader.GetInt32()";
            case ShapeKind.UInt32: return "reader.GetUInt32()";
            case ShapeKind.Int64: return "reader.GetInt64()";
            case ShapeKind.UInt64: return "reader.GetUInt64()";
            case ShapeKind.Single: return "reader.GetSingle()";
            case ShapeKind.Double: return "reader.GetDouble()";
            case ShapeKind.Decimal: return "reader.GetDecimal()";
            case ShapeKind.String: return "reader.GetString()!";
            case ShapeKind.Guid: return "reader.GetGuid()";
            case ShapeKind.DateTime: return "reader.GetDateTime()";
            case ShapeKind.DateTimeOffset: return "reader.GetDateTimeOffset()";
            case ShapeKind.Char:
            case ShapeKind.DateOnly:
            case ShapeKind.TimeOnly:
            case ShapeKind.TimeSpan:
                return $"{Helpers}.Read{shape.Kind}(ref reader)";
            case ShapeKind.Enum:
                return $"({shape.TypeName}){ReadValue(shape.Element!, context)}";
            case ShapeKind.JsonElement:
                return "global::System.Text.Json.JsonElement.ParseValue(ref reader)";
            case ShapeKind.StringEnum:
                return $"{Helpers}.ReadStringEnum<{shape.TypeName}>(ref reader)";
            case ShapeKind.Nullable:
                return $"reader.TokenType == {Token}.Null ? default({shape.TypeName}) : {ReadValue(shape.Element!, context)}";
            case ShapeKind.ByteArray:
                return $"reader.TokenType == {Token}.Null ? null! : reader.GetBytesFromBase64()";
            case ShapeKind.Array:
            case ShapeKind.List:
            case ShapeKind.Set:
            case ShapeKind.Dictionary:
            case ShapeKind.Object:
                return $"reader.TokenType == {Token}.Null ? null! : Read_{Method(shape, context)}(ref reader)";
            default:
                return $"{Serializer}.Deserialize<{shape.TypeName}>(ref reader, {TypeInfo(shape.TypeName, context!)})!";
        }
    }

    private void EmitCollectionReader(SourceWriter w, TypeShapeModel shape, string? context, string name)
    {
        var element = shape.Element!;
        w.Open($"private static {shape.TypeName} Read_{name}(ref {Reader} reader)");
        if (shape.Kind == ShapeKind.Dictionary)
        {
            w.Open($"if (reader.TokenType != {Token}.StartObject)");
            w.Line($"throw {Helpers}.UnexpectedToken(reader.TokenType, {Token}.StartObject, {Literals.String(Display(shape.TypeName))});");
            w.Close();
            w.Line($"var result = new global::System.Collections.Generic.Dictionary<string, {element.DeclaredName}>();");
            w.Line("string? key = null;");
            w.Open("try");
            w.Open($"while (reader.Read() && reader.TokenType != {Token}.EndObject)");
            w.Line("key = reader.GetString()!;");
            w.Line("reader.Read();");
            w.Line($"result[key] = {ReadValue(element, context)};");
            w.Line("key = null;");
            w.Close();
            w.Close();
            w.Open($"catch (global::System.Exception e) when ({Helpers}.IsReadError(e))");
            w.Line($"throw {Helpers}.AtProperty(e, key);");
            w.Close();
            w.Line("return result;");
        }
        else
        {
            w.Open($"if (reader.TokenType != {Token}.StartArray)");
            w.Line($"throw {Helpers}.UnexpectedToken(reader.TokenType, {Token}.StartArray, {Literals.String(Display(shape.TypeName))});");
            w.Close();
            w.Line(shape.Kind == ShapeKind.Set
                ? $"var result = new global::System.Collections.Generic.HashSet<{element.DeclaredName}>();"
                : $"var result = new global::System.Collections.Generic.List<{element.DeclaredName}>();");
            w.Open("try");
            w.Open($"while (reader.Read() && reader.TokenType != {Token}.EndArray)");
            w.Line($"result.Add({ReadValue(element, context)});");
            w.Close();
            w.Close();
            w.Open($"catch (global::System.Exception e) when ({Helpers}.IsReadError(e))");
            w.Line($"throw {Helpers}.AtIndex(e, result.Count); // a set's count, as System.Text.Json reports it");
            w.Close();
            w.Line(shape.Kind == ShapeKind.Array ? "return result.ToArray();" : "return result;");
        }
        w.Close();
        w.Line();
    }

    private void EmitObjectReader(SourceWriter w, TypeShapeModel shape, string? context, string name)
    {
        var model = _plan.Object(shape.ObjectId!);
        var props = model.Properties;
        w.Open($"private static {shape.TypeName} Read_{name}(ref {Reader} reader)");
        w.Open($"if (reader.TokenType != {Token}.StartObject)");
        w.Line($"throw {Helpers}.UnexpectedToken(reader.TokenType, {Token}.StartObject, {Literals.String(Display(shape.TypeName))});");
        w.Close();

        var readable = Enumerable.Range(0, props.Count).Where(i => props[i].SetMode != PropertySetMode.None).ToList();
        var defaulted = new HashSet<int>(model.ConstructorParameters.Where(c => c.DefaultValueLiteral is not null).Select(c => c.PropertyIndex));
        // Strict args (RiverJsonOptions.StrictArgs, System.Text.Json's RespectRequiredConstructorParameters and
        // RespectNullableAnnotations): a constructor parameter without a default value must be present, and a
        // non-nullable reference must not be read as null.
        var strict = _plan.Assembly.StrictArgs;
        var parameters = new HashSet<int>(model.ConstructorParameters.Where(c => c.PropertyIndex >= 0).Select(c => c.PropertyIndex));
        var requiredParameters = strict
            ? new HashSet<int>(model.ConstructorParameters.Where(c => c.PropertyIndex >= 0 && c.DefaultValueLiteral is null).Select(c => c.PropertyIndex))
            : new HashSet<int>();
        var tracked = new HashSet<int>(readable.Where(i =>
            props[i].IsRequired ||
            requiredParameters.Contains(i) ||
            defaulted.Contains(i) ||
            props[i].SetMode == PropertySetMode.Setter && !props[i].IsCSharpRequired ||
            props[i].SetMode == PropertySetMode.Init && props[i].MayBeSetByConstruction));
        foreach (var i in readable)
        {
            w.Line($"{props[i].Shape.DeclaredName} p{i} = default!;");
            if (tracked.Contains(i))
            {
                w.Line($"bool has{i} = false;");
            }
        }
        w.Line("string? property = null;");
        w.Open("try");
        w.Open($"while (reader.Read() && reader.TokenType != {Token}.EndObject)");
        var first = true;
        foreach (var i in readable)
        {
            var jsonName = _plan.JsonName(props[i]);
            w.Open($"{(first ? "if" : "else if")} (reader.ValueTextEquals({Literals.String(jsonName)}u8))");
            w.Line($"property = {Literals.String(jsonName)};");
            w.Line("reader.Read();");
            w.Line($"p{i} = {ReadValue(props[i].Shape, context)};");
            if (strict && IsNonNullableReference(props[i].Shape))
            {
                w.Open($"if (p{i} is null)");
                w.Line($"throw {Helpers}.NullNotAllowed({Literals.String(Display(shape.TypeName))}, {Literals.String(jsonName)}, {(parameters.Contains(i) ? "true" : "false")});");
                w.Close();
            }
            if (tracked.Contains(i))
            {
                w.Line($"has{i} = true;");
            }
            w.Close();
            first = false;
        }
        if (first)
        {
            w.Line("reader.Skip();");
        }
        else
        {
            w.Open("else");
            w.Line("reader.Skip();");
            w.Close();
        }
        w.Line("property = null;");
        w.Close();
        w.Close();
        w.Open($"catch (global::System.Exception e) when ({Helpers}.IsReadError(e))");
        w.Line($"throw {Helpers}.AtProperty(e, property);");
        w.Close();

        var required = readable.Where(i => props[i].IsRequired || requiredParameters.Contains(i)).ToList();
        if (required.Count > 0)
        {
            w.Open($"if ({string.Join(" || ", required.Select(i => "!has" + i))})");
            var missing = string.Join(", ", required.Select(i => $"has{i} ? null : {Literals.String(_plan.JsonName(props[i]))}"));
            w.Line($"throw {Helpers}.MissingRequired({Literals.String(Display(shape.TypeName))}, {missing});");
            w.Close();
        }

        // Constructor arguments: a missing one takes the parameter's default value, as System.Text.Json does.
        var ctorArgs = new List<string>();
        foreach (var parameter in model.ConstructorParameters)
        {
            var i = parameter.PropertyIndex;
            if (i < 0)
            {
                ctorArgs.Add(parameter.DefaultValueLiteral ?? $"default({parameter.TypeName})!");
                continue;
            }
            if (parameter.DefaultValueLiteral is { } literal)
            {
                w.Open($"if (!has{i})");
                w.Line($"p{i} = {literal};");
                w.Close();
            }
            ctorArgs.Add("p" + i);
        }
        var construct = $"new {shape.TypeName}({string.Join(", ", ctorArgs)})";

        // Init-only and C#-required members go into the object initializer. A missing init-only member whose
        // construction may leave a value (an initializer) keeps it: it is copied from a template instance.
        var initializers = new List<string>();
        var needsTemplate = false;
        foreach (var i in readable)
        {
            var p = props[i];
            if (p.SetMode == PropertySetMode.Init || p.IsCSharpRequired && p.SetMode == PropertySetMode.Setter)
            {
                if (!p.IsRequired && p.MayBeSetByConstruction)
                {
                    needsTemplate = true;
                    initializers.Add($"{Literals.Identifier(p.Name)} = has{i} ? p{i} : template.{Literals.Identifier(p.Name)}");
                }
                else
                {
                    initializers.Add($"{Literals.Identifier(p.Name)} = p{i}");
                }
            }
        }
        if (needsTemplate)
        {
            var templateInit = readable.Where(i => props[i].IsCSharpRequired).Select(i => $"{Literals.Identifier(props[i].Name)} = p{i}").ToList();
            w.Line($"var template = {construct}{Initializer(templateInit)};");
        }
        w.Line($"var result = {construct}{Initializer(initializers)};");
        foreach (var i in readable)
        {
            var p = props[i];
            if (p.SetMode == PropertySetMode.Setter && !p.IsCSharpRequired)
            {
                w.Open($"if (has{i})");
                w.Line($"result.{Literals.Identifier(p.Name)} = p{i};");
                w.Close();
            }
        }
        w.Line("return result;");
        w.Close();
        w.Line();
    }

    /// <summary>A reference type declared without <c>?</c> (System.Text.Json's RespectNullableAnnotations refuses null for it).</summary>
    private static bool IsNonNullableReference(TypeShapeModel shape)
        => !shape.IsValueType && shape.Kind != ShapeKind.Nullable && !shape.DeclaredName.EndsWith("?", System.StringComparison.Ordinal);

    private static string Initializer(List<string> assignments)
        => assignments.Count == 0 ? string.Empty : " { " + string.Join(", ", assignments) + " }";

    private static string Display(string typeName) => typeName.Replace("global::", string.Empty);

    private static string Xml(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
}
