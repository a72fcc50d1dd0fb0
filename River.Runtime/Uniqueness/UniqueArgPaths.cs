using System.Runtime.CompilerServices;
using System.Text;

namespace River.Uniqueness;

/// <summary>
/// The parsed form of <see cref="UniqueOptions.ArgPaths"/>: each path split into UTF-8 name segments and the
/// paths sorted by their canonical text (UTF-8 ordinal, as Go's <c>sort.Strings</c>), duplicates removed.
/// </summary>
/// <remarks>
/// Path syntax: JSON property names separated by <c>.</c>; a <c>\</c> makes the next character literal, so
/// a name containing a dot is written <c>user\.id</c> and a backslash <c>\\</c>. A path that is a prefix of
/// another (<c>account</c> and <c>account.id</c>) is refused: River never produces both, and the result
/// would depend on set order. Parsed forms are cached per list instance.
/// </remarks>
internal sealed class UniqueArgPaths
{
    private static readonly ConditionalWeakTable<IReadOnlyList<string>, UniqueArgPaths> s_cache = new();

    private UniqueArgPaths(byte[][][] paths) => Paths = paths;

    /// <summary>The sorted paths; each an array of UTF-8 name segments.</summary>
    public byte[][][] Paths { get; }

    /// <summary>Parses (or fetches from the cache) a path list; throws <see cref="ArgumentException"/> naming the bad path.</summary>
    public static UniqueArgPaths Get(IReadOnlyList<string> paths)
    {
        if (s_cache.TryGetValue(paths, out var cached))
            return cached;
        var parsed = Parse(paths, out var error);
        if (parsed is null)
            throw new ArgumentException(error, nameof(paths));
        return s_cache.GetValue(paths, _ => parsed);
    }

    /// <summary>Checks a path list; <see langword="null"/> when valid.</summary>
    public static string? Validate(IReadOnlyList<string>? paths)
    {
        if (paths is null || paths.Count == 0)
            return null;
        Parse(paths, out var error);
        return error;
    }

    private static UniqueArgPaths? Parse(IReadOnlyList<string> paths, out string? error)
    {
        var parsed = new List<(string Canonical, byte[][] Segments)>(paths.Count);
        for (var i = 0; i < paths.Count; i++)
        {
            var path = paths[i];
            var label = "UniqueOptions.ArgPaths[" + i.ToString(System.Globalization.CultureInfo.InvariantCulture) + "]";
            if (string.IsNullOrEmpty(path))
            {
                error = label + " must not be empty";
                return null;
            }
            var segments = new List<byte[]>();
            var segment = new StringBuilder();
            var canonical = new StringBuilder(path.Length);
            for (var c = 0; c < path.Length; c++)
            {
                var ch = path[c];
                if (ch == '\\')
                {
                    if (++c == path.Length)
                    {
                        error = label + " \"" + path + "\" ends with an unpaired '\\'";
                        return null;
                    }
                    ch = path[c];
                    segment.Append(ch);
                    if (ch is '.' or '\\')
                        canonical.Append('\\');
                    canonical.Append(ch);
                }
                else if (ch == '.')
                {
                    if (segment.Length == 0)
                    {
                        error = label + " \"" + path + "\" has an empty name at index " + c.ToString(System.Globalization.CultureInfo.InvariantCulture);
                        return null;
                    }
                    segments.Add(Encoding.UTF8.GetBytes(segment.ToString()));
                    segment.Clear();
                    canonical.Append('.');
                }
                else
                {
                    segment.Append(ch);
                    canonical.Append(ch);
                }
            }
            if (segment.Length == 0)
            {
                error = label + " \"" + path + "\" ends with an empty name";
                return null;
            }
            segments.Add(Encoding.UTF8.GetBytes(segment.ToString()));
            parsed.Add((canonical.ToString(), segments.ToArray()));
        }

        parsed.Sort(static (a, b) => CompareUtf8(a.Canonical, b.Canonical));
        var result = new List<byte[][]>(parsed.Count);
        for (var i = 0; i < parsed.Count; i++)
        {
            if (i > 0 && parsed[i].Canonical == parsed[i - 1].Canonical)
                continue;
            result.Add(parsed[i].Segments);
        }
        for (var i = 0; i < result.Count; i++)
        {
            for (var j = 0; j < result.Count; j++)
            {
                if (i != j && IsPrefix(result[i], result[j]))
                {
                    error = "UniqueOptions.ArgPaths: \"" + Join(result[i]) + "\" and \"" + Join(result[j])
                        + "\" overlap; mark either the object or properties inside it, not both";
                    return null;
                }
            }
        }
        error = null;
        return new UniqueArgPaths([.. result]);
    }

    private static bool IsPrefix(byte[][] prefix, byte[][] path)
    {
        if (prefix.Length >= path.Length)
            return false;
        for (var i = 0; i < prefix.Length; i++)
        {
            if (!prefix[i].AsSpan().SequenceEqual(path[i]))
                return false;
        }
        return true;
    }

    private static string Join(byte[][] segments)
    {
        var parts = new string[segments.Length];
        for (var i = 0; i < segments.Length; i++)
            parts[i] = Encoding.UTF8.GetString(segments[i]);
        return string.Join(".", parts);
    }

    /// <summary>Compares strings by their UTF-8 bytes (which differs from UTF-16 ordinal order above U+D7FF).</summary>
    internal static int CompareUtf8(string a, string b)
    {
        var length = Math.Min(a.Length, b.Length);
        for (var i = 0; i < length; i++)
        {
            var x = a[i];
            var y = b[i];
            if (x == y)
                continue;
            // Surrogates (U+D800–U+DFFF) encode code points above U+FFFF, which sort after U+E000–U+FFFF in UTF-8.
            var xs = char.IsSurrogate(x);
            var ys = char.IsSurrogate(y);
            if (xs != ys && (x >= 0xE000 || y >= 0xE000))
                return xs ? 1 : -1;
            return x.CompareTo(y);
        }
        return a.Length.CompareTo(b.Length);
    }
}
