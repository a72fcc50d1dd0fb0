using System.Collections.Generic;

namespace River.Analyzers.Rules;

/// <summary>The states every unique state set must hold, by their <c>River.JobState</c> member names and values.</summary>
internal static class UniqueStateRules
{
    /// <summary>Required states as (enum value, member name), in <c>JobState</c> order.</summary>
    public static readonly IReadOnlyList<(int Value, string Name)> Required =
    [
        (0, "Available"),
        (4, "Pending"),
        (6, "Running"),
        (7, "Scheduled"),
    ];

    /// <summary>Names of the required states absent from <paramref name="values"/>, in enum order.</summary>
    public static List<string> Missing(IReadOnlyCollection<int> values)
    {
        var missing = new List<string>(Required.Count);
        foreach (var (value, name) in Required)
        {
            var found = false;
            foreach (var v in values)
            {
                if (v == value)
                {
                    found = true;
                    break;
                }
            }
            if (!found)
            {
                missing.Add(name);
            }
        }
        return missing;
    }
}
