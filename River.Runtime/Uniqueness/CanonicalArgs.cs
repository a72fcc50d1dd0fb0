using System.Buffers;
using System.Text.Json;

namespace River.Uniqueness;

/// <summary>
/// Builds the <c>args</c> part of a unique key from encoded args, as River does:
/// <list type="bullet">
/// <item>Without marked properties: a compact object of the top-level properties sorted by name (UTF-8
/// ordinal; a repeated name keeps its first value). Empty input and <c>[]</c> give <c>{}</c>; any other
/// non-object is refused.</item>
/// <item>With marked properties (<see cref="UniqueArgPaths"/>): only those, in sorted path order, nested
/// ones rebuilt as nested objects; absent ones (or ones under a non-object) are skipped; an explicit
/// <c>null</c> counts as present; nothing at all when none is present.</item>
/// </list>
/// Names River writes itself follow the sjson key rule; values (including names inside them) are
/// re-emitted compactly with Go's encoding/json string escaping (<see cref="GoJson"/>), which leaves
/// River's own encodings unchanged and normalizes System.Text.Json's. Values are therefore not hashed as
/// stored: with the kind's <see cref="ArgsShape"/>, dictionary keys are sorted at every depth, times with a
/// zero offset end in <c>Z</c> and floats are written in Go's notation (what Go's encoding/json writes for the
/// equivalent Go value; docs/operations.md, "Unique keys across languages", has the table). Other number
/// text, and every value without a shape, is kept as written.
/// </summary>
internal static class CanonicalArgs
{
    private const int MaxDepth = 64;

    private static readonly JsonReaderOptions s_readerOptions = new() { MaxDepth = MaxDepth };

    private struct Member
    {
        public int KeyStart;
        public int KeyLength;
        public bool KeyInScratch;
        public int ValueStart;
        public int ValueEnd;
        public int Index;
    }

    /// <summary>Appends the canonical args for all top-level properties; values are written through <paramref name="shape"/> when given.</summary>
    public static void AppendAll(ref ByteBuilder output, ReadOnlySpan<byte> args, ArgsShape? shape = null)
    {
        if (IsBlank(args))
        {
            output.Append("{}"u8);
            return;
        }

        var reader = new Utf8JsonReader(args, s_readerOptions);
        var scratch = new ByteBuilder(64);
        var members = ArrayPool<Member>.Shared.Rent(16);
        try
        {
            int count;
            try
            {
                reader.Read();
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartArray:
                        reader.Read();
                        if (reader.TokenType != JsonTokenType.EndArray)
                            throw NotAnObject("a non-empty array");
                        EnsureEnd(ref reader);
                        output.Append("{}"u8);
                        return;
                    case JsonTokenType.StartObject:
                        break;
                    default:
                        throw NotAnObject(Describe(reader.TokenType));
                }
                count = CollectMembers(ref reader, ref scratch, ref members);
                EnsureEnd(ref reader);
            }
            catch (JsonException e)
            {
                throw Malformed(e);
            }
            // River: the top-level names sorted, each written by sjson; the values as Go's encoding/json wrote them.
            AppendSortedMembers(ref output, args, scratch.Written, members.AsSpan(0, count), shape, sjsonKeys: true, depth: 0);
        }
        finally
        {
            ArrayPool<Member>.Shared.Return(members);
            scratch.Dispose();
        }
    }

    /// <summary>Reads the members of the object the reader is in (after its StartObject), noting each name and value range.</summary>
    private static int CollectMembers(ref Utf8JsonReader reader, ref ByteBuilder scratch, ref Member[] members)
    {
        var count = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (count == members.Length)
            {
                var bigger = ArrayPool<Member>.Shared.Rent(count * 2);
                members.AsSpan(0, count).CopyTo(bigger);
                ArrayPool<Member>.Shared.Return(members);
                members = bigger;
            }
            ref var member = ref members[count];
            member.Index = count;
            if (reader.ValueIsEscaped)
            {
                member.KeyInScratch = true;
                member.KeyStart = scratch.Length;
                AppendUnescaped(ref scratch, ref reader);
                member.KeyLength = scratch.Length - member.KeyStart;
            }
            else
            {
                member.KeyInScratch = false;
                member.KeyStart = checked((int)reader.TokenStartIndex) + 1;
                member.KeyLength = reader.ValueSpan.Length;
            }
            reader.Read();
            member.ValueStart = checked((int)reader.TokenStartIndex);
            reader.Skip();
            member.ValueEnd = checked((int)reader.BytesConsumed);
            count++;
        }
        return count;
    }

    /// <summary>Writes members sorted by name (a repeated name keeps its first value), each value through its shape.</summary>
    private static void AppendSortedMembers(ref ByteBuilder output, ReadOnlySpan<byte> json, ReadOnlySpan<byte> keys, Span<Member> span, ArgsShape? shape, bool sjsonKeys, int depth)
    {
        HeapSort(span, json, keys);
        output.Append((byte)'{');
        var written = 0;
        for (var i = 0; i < span.Length; i++)
        {
            var key = KeyOf(span[i], json, keys);
            if (i > 0 && key.SequenceEqual(KeyOf(span[i - 1], json, keys)))
                continue; // repeated name: the first value (lowest index, sorted first) wins
            if (written++ > 0)
                output.Append((byte)',');
            if (sjsonKeys)
                GoJson.WriteSjsonKey(ref output, key);
            else
                GoJson.WriteString(ref output, key);
            output.Append((byte)':');
            var value = json[span[i].ValueStart..span[i].ValueEnd];
            var member = shape is null ? null
                : shape.Kind == ArgsShapeKind.Map ? shape.Element
                : shape.Member(System.Text.Encoding.UTF8.GetString(key));
            if (member is null)
                AppendValue(ref output, value);
            else
                AppendShaped(ref output, value, member, depth + 1);
        }
        output.Append((byte)'}');
    }

    /// <summary>Appends the canonical args for marked properties; appends nothing when none is present.</summary>
    public static void AppendSelected(ref ByteBuilder output, ReadOnlySpan<byte> args, UniqueArgPaths paths, ArgsShape? shape = null)
    {
        var all = paths.Paths;
        // Open objects: the path whose segments are open, how many of them, and per level whether a member was written.
        byte[][]? openPath = null;
        var openDepth = 0;
        Span<bool> levelHasMember = stackalloc bool[MaxDepth + 1];
        var any = false;

        foreach (var path in all)
        {
            if (path.Length > MaxDepth)
                throw new ArgumentException("A marked property path is deeper than " + MaxDepth.ToString(System.Globalization.CultureInfo.InvariantCulture) + " levels.", nameof(paths));
            if (!TryFind(args, path, out var valueStart, out var valueEnd))
                continue;

            if (!any)
            {
                output.Append((byte)'{');
                levelHasMember[0] = false;
                any = true;
            }

            var common = 0;
            if (openPath is not null)
            {
                while (common < openDepth && common < path.Length - 1 && openPath[common].AsSpan().SequenceEqual(path[common]))
                    common++;
            }
            for (var d = openDepth; d > common; d--)
                output.Append((byte)'}');
            openDepth = common;

            for (var level = common; level < path.Length; level++)
            {
                if (levelHasMember[level])
                    output.Append((byte)',');
                levelHasMember[level] = true;
                GoJson.WriteSjsonKey(ref output, path[level]);
                output.Append((byte)':');
                if (level == path.Length - 1)
                {
                    AppendShaped(ref output, args[valueStart..valueEnd], ShapeAt(shape, path), 1);
                }
                else
                {
                    output.Append((byte)'{');
                    levelHasMember[level + 1] = false;
                    openDepth = level + 1;
                }
            }
            openPath = path;
        }

        if (!any)
            return;
        for (var d = openDepth; d > 0; d--)
            output.Append((byte)'}');
        output.Append((byte)'}');
    }

    /// <summary>Finds the value at a path of object member names; the first member of a repeated name is used.</summary>
    private static bool TryFind(ReadOnlySpan<byte> args, byte[][] path, out int valueStart, out int valueEnd)
    {
        valueStart = valueEnd = 0;
        if (IsBlank(args))
            return false;
        var reader = new Utf8JsonReader(args, s_readerOptions);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                return false;
            for (var level = 0; level < path.Length; level++)
            {
                var found = false;
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    if (reader.ValueTextEquals(path[level]))
                    {
                        found = true;
                        reader.Read();
                        break;
                    }
                    reader.Read();
                    reader.Skip();
                }
                if (!found)
                    return false;
                if (level == path.Length - 1)
                {
                    valueStart = checked((int)reader.TokenStartIndex);
                    reader.Skip();
                    valueEnd = checked((int)reader.BytesConsumed);
                    return true;
                }
                if (reader.TokenType != JsonTokenType.StartObject)
                    return false;
            }
            return false;
        }
        catch (JsonException e)
        {
            throw Malformed(e);
        }
    }

    /// <summary>The shape of the value at a marked path (<see cref="ArgsShape.Verbatim"/> when unknown).</summary>
    private static ArgsShape ShapeAt(ArgsShape? shape, byte[][] path)
    {
        if (shape is null)
            return ArgsShape.Verbatim;
        foreach (var segment in path)
        {
            if (shape.Kind != ArgsShapeKind.Object)
                return ArgsShape.Verbatim;
            shape = shape.Member(System.Text.Encoding.UTF8.GetString(segment));
        }
        return shape;
    }

    /// <summary>
    /// Re-emits one JSON value as Go's encoding/json writes the equivalent Go value: dictionaries with sorted keys, times
    /// with <c>Z</c> for a zero offset, floats in Go's notation, everything else as <see cref="AppendValue"/> does. Each
    /// level re-reads only its own value, so the cost is the size times the nesting depth (at most 64).
    /// </summary>
    internal static void AppendShaped(ref ByteBuilder output, ReadOnlySpan<byte> value, ArgsShape shape, int depth)
    {
        if (shape.Kind == ArgsShapeKind.Verbatim || depth > MaxDepth)
        {
            AppendValue(ref output, value);
            return;
        }
        var reader = new Utf8JsonReader(value, s_readerOptions);
        try
        {
            reader.Read();
            switch (shape.Kind, reader.TokenType)
            {
                case (ArgsShapeKind.Time, JsonTokenType.String):
                    AppendTime(ref output, ref reader);
                    return;
                case (ArgsShapeKind.Float64, JsonTokenType.Number):
                case (ArgsShapeKind.Float32, JsonTokenType.Number):
                    GoJson.WriteFloat(ref output, reader.ValueSpan, single: shape.Kind == ArgsShapeKind.Float32);
                    return;
                case (ArgsShapeKind.List, JsonTokenType.StartArray):
                {
                    output.Append((byte)'[');
                    var n = 0;
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    {
                        var start = checked((int)reader.TokenStartIndex);
                        reader.Skip();
                        if (n++ > 0)
                            output.Append((byte)',');
                        AppendShaped(ref output, value[start..checked((int)reader.BytesConsumed)], shape.Element!, depth + 1);
                    }
                    output.Append((byte)']');
                    return;
                }
                case (ArgsShapeKind.Map, JsonTokenType.StartObject):
                case (ArgsShapeKind.Object, JsonTokenType.StartObject):
                    break;
                default:
                    AppendValue(ref output, value);
                    return;
            }

            var scratch = new ByteBuilder(64);
            var members = ArrayPool<Member>.Shared.Rent(16);
            try
            {
                var count = CollectMembers(ref reader, ref scratch, ref members);
                if (shape.Kind == ArgsShapeKind.Map)
                {
                    AppendSortedMembers(ref output, value, scratch.Written, members.AsSpan(0, count), shape, sjsonKeys: false, depth);
                    return;
                }
                // A record: members in the order written (Go writes struct fields in declaration order).
                output.Append((byte)'{');
                for (var i = 0; i < count; i++)
                {
                    if (i > 0)
                        output.Append((byte)',');
                    var key = KeyOf(members[i], value, scratch.Written);
                    GoJson.WriteString(ref output, key);
                    output.Append((byte)':');
                    AppendShaped(ref output, value[members[i].ValueStart..members[i].ValueEnd], shape.Member(System.Text.Encoding.UTF8.GetString(key)), depth + 1);
                }
                output.Append((byte)'}');
            }
            finally
            {
                ArrayPool<Member>.Shared.Return(members);
                scratch.Dispose();
            }
        }
        catch (JsonException e)
        {
            throw Malformed(e);
        }
    }

    /// <summary>A date-time string as Go's <c>time.Time</c> writes it: RFC 3339 with <c>Z</c> for a zero offset (System.Text.Json writes <c>+00:00</c>).</summary>
    private static void AppendTime(ref ByteBuilder output, ref Utf8JsonReader reader)
    {
        var scratch = new ByteBuilder(reader.ValueSpan.Length + 1);
        try
        {
            if (reader.ValueIsEscaped)
                AppendUnescaped(ref scratch, ref reader);
            else
                scratch.Append(reader.ValueSpan);
            var text = scratch.Written;
            if (text.Length > "+00:00".Length && text.EndsWith("+00:00"u8))
            {
                scratch.Truncate(text.Length - "+00:00".Length);
                scratch.Append((byte)'Z');
            }
            GoJson.WriteString(ref output, scratch.Written);
        }
        finally
        {
            scratch.Dispose();
        }
    }

    /// <summary>Re-emits one JSON value compactly with Go's string escaping; numbers and literals as written.</summary>
    internal static void AppendValue(ref ByteBuilder output, ReadOnlySpan<byte> value)
    {
        var reader = new Utf8JsonReader(value, s_readerOptions);
        Span<bool> hasMember = stackalloc bool[MaxDepth + 2];
        var depth = 0;
        var afterName = false;
        try
        {
            while (reader.Read())
            {
                var token = reader.TokenType;
                if (token is JsonTokenType.EndObject or JsonTokenType.EndArray)
                {
                    output.Append(token == JsonTokenType.EndObject ? (byte)'}' : (byte)']');
                    depth--;
                    continue;
                }
                if (!afterName && depth > 0 && hasMember[depth])
                    output.Append((byte)',');
                hasMember[depth] = true;
                afterName = false;
                switch (token)
                {
                    case JsonTokenType.StartObject:
                    case JsonTokenType.StartArray:
                        output.Append(token == JsonTokenType.StartObject ? (byte)'{' : (byte)'[');
                        depth++;
                        hasMember[depth] = false;
                        break;
                    case JsonTokenType.PropertyName:
                        WriteString(ref output, ref reader);
                        output.Append((byte)':');
                        afterName = true;
                        break;
                    case JsonTokenType.String:
                        WriteString(ref output, ref reader);
                        break;
                    default: // Number, True, False, Null
                        output.Append(reader.ValueSpan);
                        break;
                }
            }
        }
        catch (JsonException e)
        {
            throw Malformed(e);
        }
    }

    private static void WriteString(ref ByteBuilder output, ref Utf8JsonReader reader)
    {
        if (!reader.ValueIsEscaped)
        {
            GoJson.WriteString(ref output, reader.ValueSpan);
            return;
        }
        var scratch = new ByteBuilder(reader.ValueSpan.Length);
        try
        {
            AppendUnescaped(ref scratch, ref reader);
            GoJson.WriteString(ref output, scratch.Written);
        }
        finally
        {
            scratch.Dispose();
        }
    }

    private static void AppendUnescaped(ref ByteBuilder scratch, ref Utf8JsonReader reader)
    {
        // Unescaped text is never longer than its escaped form.
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(reader.ValueSpan.Length, 1));
        try
        {
            var written = reader.CopyString(buffer);
            scratch.Append(buffer.AsSpan(0, written));
        }
        catch (InvalidOperationException e)
        {
            throw new ArgumentException("The encoded args contain a string that cannot be unescaped (e.g. a lone surrogate escape): " + e.Message, "encodedArgs", e);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static ReadOnlySpan<byte> KeyOf(in Member member, ReadOnlySpan<byte> args, ReadOnlySpan<byte> keys) =>
        (member.KeyInScratch ? keys : args).Slice(member.KeyStart, member.KeyLength);

    private static int Compare(in Member a, in Member b, ReadOnlySpan<byte> args, ReadOnlySpan<byte> keys)
    {
        var c = KeyOf(a, args, keys).SequenceCompareTo(KeyOf(b, args, keys));
        return c != 0 ? c : a.Index.CompareTo(b.Index);
    }

    /// <summary>In-place heap sort by (name bytes, original index): a total order, so the result is deterministic.</summary>
    private static void HeapSort(Span<Member> items, ReadOnlySpan<byte> args, ReadOnlySpan<byte> keys)
    {
        var n = items.Length;
        for (var i = n / 2 - 1; i >= 0; i--)
            SiftDown(items, i, n, args, keys);
        for (var end = n - 1; end > 0; end--)
        {
            (items[0], items[end]) = (items[end], items[0]);
            SiftDown(items, 0, end, args, keys);
        }
    }

    private static void SiftDown(Span<Member> items, int root, int count, ReadOnlySpan<byte> args, ReadOnlySpan<byte> keys)
    {
        while (true)
        {
            var child = 2 * root + 1;
            if (child >= count)
                return;
            if (child + 1 < count && Compare(items[child + 1], items[child], args, keys) > 0)
                child++;
            if (Compare(items[child], items[root], args, keys) <= 0)
                return;
            (items[root], items[child]) = (items[child], items[root]);
            root = child;
        }
    }

    private static void EnsureEnd(ref Utf8JsonReader reader)
    {
        if (reader.Read())
            throw new ArgumentException("The encoded args have data after the JSON value.", "encodedArgs");
    }

    private static bool IsBlank(ReadOnlySpan<byte> json)
    {
        foreach (var b in json)
        {
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r'))
                return false;
        }
        return true;
    }

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        _ => token.ToString(),
    };

    private static ArgumentException NotAnObject(string what) =>
        new("Unique args must encode a JSON object (or an empty array), got " + what + ".", "encodedArgs");

    private static ArgumentException Malformed(JsonException e) =>
        new("The encoded args are not valid JSON: " + e.Message, "encodedArgs", e);
}
