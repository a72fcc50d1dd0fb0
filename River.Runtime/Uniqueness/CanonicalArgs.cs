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
/// River's own encodings unchanged and normalizes System.Text.Json's. Number text is kept as written.
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

    /// <summary>Appends the canonical args for all top-level properties.</summary>
    public static void AppendAll(ref ByteBuilder output, ReadOnlySpan<byte> args)
    {
        if (IsBlank(args))
        {
            output.Append("{}"u8);
            return;
        }

        var reader = new Utf8JsonReader(args, s_readerOptions);
        var scratch = new ByteBuilder(64);
        var members = ArrayPool<Member>.Shared.Rent(16);
        var count = 0;
        try
        {
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
                EnsureEnd(ref reader);
            }
            catch (JsonException e)
            {
                throw Malformed(e);
            }

            var keys = scratch.Written;
            var span = members.AsSpan(0, count);
            HeapSort(span, args, keys);

            output.Append((byte)'{');
            var written = 0;
            for (var i = 0; i < span.Length; i++)
            {
                var key = KeyOf(span[i], args, keys);
                if (i > 0 && key.SequenceEqual(KeyOf(span[i - 1], args, keys)))
                    continue; // repeated name: the first value (lowest index, sorted first) wins
                if (written++ > 0)
                    output.Append((byte)',');
                GoJson.WriteSjsonKey(ref output, key);
                output.Append((byte)':');
                AppendValue(ref output, args[span[i].ValueStart..span[i].ValueEnd]);
            }
            output.Append((byte)'}');
        }
        finally
        {
            ArrayPool<Member>.Shared.Return(members);
            scratch.Dispose();
        }
    }

    /// <summary>Appends the canonical args for marked properties; appends nothing when none is present.</summary>
    public static void AppendSelected(ref ByteBuilder output, ReadOnlySpan<byte> args, UniqueArgPaths paths)
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
                    AppendValue(ref output, args[valueStart..valueEnd]);
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
