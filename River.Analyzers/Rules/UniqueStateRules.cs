using System.Collections.Generic;

namespace River.Analyzers.Rules;

/// <summary>
/// Maps <c>River.JobState</c> enum values to the unique-state bits of <see cref="JobOptionRules"/> and names the
/// required states a set lacks.
/// </summary>
internal static class UniqueStateRules
{
    // JobState declaration order (Available = 0 ... Scheduled = 7) is river_job_state's order, which is also the
    // bit order of JobOptionRules.StateNames: enum value i is bit 1 << i.
    private static readonly string[] MemberNames =
        ["Available", "Cancelled", "Completed", "Discarded", "Pending", "Retryable", "Running", "Scheduled"];

    /// <summary>The <c>JobState</c> member names of the required states absent from <paramref name="values"/>, in enum order.</summary>
    public static List<string> Missing(IReadOnlyCollection<int> values)
    {
        var mask = 0;
        foreach (var value in values)
        {
            if (value is >= 0 and < 8)
            {
                mask |= 1 << value;
            }
        }
        var missing = new List<string>(4);
        if (JobOptionRules.ValidateUniqueStates((byte)mask) is null)
        {
            return missing;
        }
        for (var bit = 0; bit < 8; bit++)
        {
            if ((JobOptionRules.RequiredUniqueStates & (1 << bit)) != 0 && (mask & (1 << bit)) == 0)
            {
                missing.Add(MemberNames[bit]);
            }
        }
        return missing;
    }
}
