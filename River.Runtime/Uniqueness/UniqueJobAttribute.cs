namespace River;

/// <summary>
/// Makes jobs of a kind unique: an insert whose unique key matches an existing job in one of the
/// <see cref="ByState"/> states is skipped and reported as a duplicate. The key follows River's algorithm
/// byte for byte, so uniqueness holds across clients in other languages.
/// </summary>
/// <remarks>
/// With no dimension set, jobs are unique by kind alone. <see cref="ByState"/> must contain
/// <see cref="JobState.Available"/>, <see cref="JobState.Pending"/>, <see cref="JobState.Running"/> and
/// <see cref="JobState.Scheduled"/>; the default set also holds <see cref="JobState.Completed"/> and
/// <see cref="JobState.Retryable"/>.
/// </remarks>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class UniqueJobAttribute : Attribute
{
    /// <summary>Include the args in the key: all top-level properties, or only those marked <see cref="UniqueKeyAttribute"/>.</summary>
    public bool ByArgs { get; set; }

    /// <summary>Include the period (in seconds, at least 1) that the scheduled time falls in.</summary>
    public long ByPeriodSeconds { get; set; }

    /// <summary>Include the queue in the key.</summary>
    public bool ByQueue { get; set; }

    /// <summary>The states in which an existing job blocks a new one; <see langword="null"/> means the default set.</summary>
    public JobState[]? ByState { get; set; }

    /// <summary>Leave the kind out of the key, so different kinds can conflict with each other.</summary>
    public bool ExcludeKind { get; set; }
}
