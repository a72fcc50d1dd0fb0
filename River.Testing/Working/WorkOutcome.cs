namespace River.Testing;

/// <summary>What one attempt worked by <see cref="JobWorker{TArgs}"/> came to.</summary>
public enum WorkOutcome
{
    /// <summary>The worker returned: the job is completed.</summary>
    Completed = 0,
    /// <summary>The worker failed and attempts remain: the job is retryable (or available, when the retry is due soon).</summary>
    Failed = 1,
    /// <summary>The worker failed on its last attempt: the job is discarded.</summary>
    Discarded = 2,
    /// <summary>The worker cancelled the job (<see cref="Worker{TArgs}"/>'s <c>Cancel</c>), or its cancel was requested.</summary>
    Cancelled = 3,
    /// <summary>The worker snoozed the job: it runs again later without using up the attempt.</summary>
    Snoozed = 4,
}
