namespace River;

/// <summary>One failed attempt of a job, as stored in an element of <c>river_job.errors</c>.</summary>
/// <param name="At">When the attempt failed.</param>
/// <param name="Attempt">The attempt number (1-based) that failed.</param>
/// <param name="Error">The error message.</param>
/// <param name="Trace">The stack trace, or an empty string.</param>
public sealed record AttemptError(DateTimeOffset At, int Attempt, string Error, string Trace);
