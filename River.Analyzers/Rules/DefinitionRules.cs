namespace River.Analyzers.Rules;

/// <summary>
/// The analyzers' view of River's option rules. Every check delegates to <see cref="JobOptionRules"/> (linked
/// from River.Runtime/Rules), so a value the analyzers accept is one the runtime accepts and vice versa. Each
/// check returns <see langword="null"/> when the value is valid, else the runtime's message.
/// </summary>
internal static class DefinitionRules
{
    public const int MinPriority = JobOptionRules.PriorityMin;
    public const int MaxPriority = JobOptionRules.PriorityMax;

    /// <summary>One second in ticks: the shortest unique period River accepts.</summary>
    public const long MinUniquePeriodTicks = JobOptionRules.UniquePeriodMinSeconds * 10_000_000L;

    public static string? KindProblem(string? kind) => JobOptionRules.ValidateKind(kind);

    /// <summary>A <see langword="null"/> queue means "the default queue" and is valid.</summary>
    public static string? QueueProblem(string? queue) => queue is null ? null : JobOptionRules.ValidateQueue(queue);

    public static string? TagProblem(string? tag) => JobOptionRules.ValidateTag(tag);

    public static bool IsValidPriority(long priority)
        => priority is >= int.MinValue and <= int.MaxValue && JobOptionRules.ValidatePriority((int)priority) is null;

    public static bool IsValidMaxAttempts(long maxAttempts)
        => maxAttempts is >= int.MinValue and <= int.MaxValue && JobOptionRules.ValidateMaxAttempts((int)maxAttempts) is null;
}
