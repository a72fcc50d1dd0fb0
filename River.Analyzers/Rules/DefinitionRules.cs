namespace River.Analyzers.Rules;

/// <summary>
/// River's rules for the values a job definition or an insert carries. Each check returns
/// <see langword="null"/> when the value is valid, else the reason in a few words (used in messages).
/// </summary>
/// <remarks>
/// These mirror the runtime's checks; when <c>River.Runtime/Shared/JobOptionRules.cs</c> is linked in, these
/// delegate to it so that the analyzers and the runtime cannot disagree.
/// </remarks>
internal static class DefinitionRules
{
    public const int MinPriority = 1;
    public const int MaxPriority = 4;
    public const int MinMaxAttempts = 1;
    public const int MaxMaxAttempts = short.MaxValue;
    public const int MaxKindLength = 127;
    public const int MaxQueueLength = 127;
    public const int MaxTagLength = 255;

    /// <summary>One second in ticks: the shortest unique period River accepts.</summary>
    public const long MinUniquePeriodTicks = 10_000_000;

    public static string? KindProblem(string? kind)
    {
        if (string.IsNullOrEmpty(kind))
        {
            return "a kind cannot be empty";
        }
        if (kind!.Length > MaxKindLength)
        {
            return $"it has {kind.Length} characters, at most {MaxKindLength} are allowed";
        }
        foreach (var c in kind)
        {
            if (!IsAsciiLetterOrDigit(c) && c is not ('.' or '_' or '-' or '/' or ':' or '[' or ']' or '<' or '>'))
            {
                return $"character {Describe(c)} is not allowed (letters, digits and . _ - / : [ ] < > are)";
            }
        }
        return null;
    }

    public static string? QueueProblem(string? queue)
    {
        if (queue is null)
        {
            return null;
        }
        if (queue.Length == 0)
        {
            return "a queue name cannot be empty";
        }
        if (queue.Length > MaxQueueLength)
        {
            return $"it has {queue.Length} characters, at most {MaxQueueLength} are allowed";
        }
        foreach (var c in queue)
        {
            if (!IsAsciiLetterOrDigit(c) && c is not ('_' or '-' or '.'))
            {
                return $"character {Describe(c)} is not allowed (letters, digits and _ - . are)";
            }
        }
        return null;
    }

    public static string? TagProblem(string? tag)
    {
        if (string.IsNullOrEmpty(tag))
        {
            return "a tag cannot be empty";
        }
        if (tag!.Length > MaxTagLength)
        {
            return $"it has {tag.Length} characters, at most {MaxTagLength} are allowed";
        }
        foreach (var c in tag)
        {
            if (!IsAsciiLetterOrDigit(c) && c is not ('_' or '-'))
            {
                return $"character {Describe(c)} is not allowed (letters, digits, _ and - are)";
            }
        }
        return null;
    }

    public static bool IsValidPriority(long priority) => priority is >= MinPriority and <= MaxPriority;

    public static bool IsValidMaxAttempts(long maxAttempts) => maxAttempts is >= MinMaxAttempts and <= MaxMaxAttempts;

    private static bool IsAsciiLetterOrDigit(char c) => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9');

    private static string Describe(char c) => c switch
    {
        ' ' => "' ' (space)",
        _ when char.IsControl(c) || char.IsWhiteSpace(c) => $"U+{(int)c:X4}",
        _ => $"'{c}'",
    };
}
