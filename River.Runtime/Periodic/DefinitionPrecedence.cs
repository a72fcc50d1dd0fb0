using System.Globalization;

namespace River.Periodic;

/// <summary>
/// Which declaration of a code schedule is stored when two running versions of an app declare the same id
/// differently (a rolling deploy): the one of the <em>newer app version</em>
/// (<see cref="RiverClientOptions.AppVersion"/>), and between equal versions the one with the greater definition hash
/// (ordinal). The rule depends only on the two declarations, never on which client started last, so the row
/// settles on one definition and does not flap; the losing client logs it once.
/// </summary>
internal static class DefinitionPrecedence
{
    /// <summary>Whether the incoming declaration (version and hash) replaces the stored one.</summary>
    public static bool Replaces(string incomingVersion, string incomingHash, string storedVersion, string storedHash)
    {
        if (string.Equals(incomingHash, storedHash, StringComparison.Ordinal))
        {
            return false;
        }
        var byVersion = CompareVersions(incomingVersion, storedVersion);
        return byVersion != 0 ? byVersion > 0 : string.CompareOrdinal(incomingHash, storedHash) > 0;
    }

    /// <summary>
    /// Orders app versions: dotted numbers (<c>1.10.0</c> after <c>1.9.2</c>, a missing part is 0) with anything after
    /// the first character that is neither digit nor dot compared ordinally when the numbers are equal, a version
    /// without a suffix (a release) after one with (a pre-release); texts that do not start with a digit sort before
    /// every numbered version, ordinally among themselves.
    /// </summary>
    public static int CompareVersions(string a, string b)
    {
        var (aNumbers, aSuffix) = Split(a);
        var (bNumbers, bSuffix) = Split(b);
        if (aNumbers is null || bNumbers is null)
        {
            return aNumbers is null && bNumbers is null ? Math.Sign(string.CompareOrdinal(a, b)) : aNumbers is null ? -1 : 1;
        }
        for (var i = 0; i < Math.Max(aNumbers.Length, bNumbers.Length); i++)
        {
            var x = i < aNumbers.Length ? aNumbers[i] : 0;
            var y = i < bNumbers.Length ? bNumbers[i] : 0;
            if (x != y)
            {
                return x < y ? -1 : 1;
            }
        }
        if (aSuffix.Length == 0 || bSuffix.Length == 0)
        {
            return aSuffix.Length == bSuffix.Length ? 0 : aSuffix.Length == 0 ? 1 : -1;
        }
        return Math.Sign(string.CompareOrdinal(aSuffix, bSuffix));
    }

    private static (long[]? Numbers, string Suffix) Split(string version)
    {
        var end = 0;
        while (end < version.Length && (char.IsAsciiDigit(version[end]) || version[end] == '.'))
        {
            end++;
        }
        if (end == 0 || !char.IsAsciiDigit(version[0]))
        {
            return (null, version);
        }
        var parts = version[..end].Split('.', StringSplitOptions.RemoveEmptyEntries);
        var numbers = new long[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            numbers[i] = long.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : long.MaxValue;
        }
        return (numbers, version[end..]);
    }
}
