namespace River.Uniqueness;

/// <summary>
/// The <c>unique_states bit(8)</c> value: one bit per <see cref="JobState"/>, bit <c>i</c> for the enum's
/// <c>i</c>-th value (available = 1, cancelled = 2, completed = 4, discarded = 8, pending = 16,
/// retryable = 32, running = 64, scheduled = 128). Sent as an integer and cast <c>::bit(8)</c>, which puts
/// scheduled in the leftmost position; <c>river_job_state_in_bitmask</c> reads it with <c>get_bit(mask, 7 - ordinal)</c>.
/// </summary>
internal static class UniqueStates
{
    /// <summary>The default set: available, completed, pending, retryable, running, scheduled (245).</summary>
    public const byte Default = JobOptionRules.DefaultUniqueStates;

    /// <summary>The states every set must contain: available, pending, running, scheduled (209).</summary>
    public const byte Required = JobOptionRules.RequiredUniqueStates;

    /// <summary>The bit of one state.</summary>
    public static byte Bit(JobState state) =>
        (uint)state <= (uint)JobState.Scheduled
            ? (byte)(1 << (int)state)
            : throw new ArgumentOutOfRangeException(nameof(state), state, "Not a job state: " + ((int)state).ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>The bit mask of a state set; <see langword="null"/> or empty means <see cref="Default"/> (as in River).</summary>
    public static byte ToBitmask(IReadOnlyList<JobState>? states)
    {
        if (states is null || states.Count == 0)
            return Default;
        byte mask = 0;
        for (var i = 0; i < states.Count; i++)
            mask |= Bit(states[i]);
        return mask;
    }

    /// <summary>Whether a mask contains a state.</summary>
    public static bool Contains(byte mask, JobState state) => (mask & Bit(state)) != 0;

    /// <summary>The states of a mask, in enum order.</summary>
    public static JobState[] FromBitmask(byte mask)
    {
        var result = new JobState[System.Numerics.BitOperations.PopCount(mask)];
        var n = 0;
        for (var i = 0; i < 8; i++)
        {
            if ((mask & (1 << i)) != 0)
                result[n++] = (JobState)i;
        }
        return result;
    }

    /// <summary>
    /// Checks a state set: every entry a defined state, and available, pending, running and scheduled all
    /// present. Returns <see langword="null"/> when valid (a <see langword="null"/> or empty set means the default).
    /// </summary>
    public static string? Validate(IReadOnlyList<JobState>? states)
    {
        if (states is null || states.Count == 0)
            return null;
        for (var i = 0; i < states.Count; i++)
        {
            if ((uint)states[i] > (uint)JobState.Scheduled)
                return "UniqueOptions.ByState[" + i.ToString(System.Globalization.CultureInfo.InvariantCulture) + "] is not a job state: "
                    + ((int)states[i]).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        return JobOptionRules.ValidateUniqueStates(ToBitmask(states));
    }
}
