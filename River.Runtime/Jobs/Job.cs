namespace River;

/// <summary>
/// A job being worked: the row's fields and the decoded, typed args. Passed to
/// <see cref="Worker{TArgs}.WorkAsync"/>.
/// </summary>
/// <typeparam name="TArgs">The job args type.</typeparam>
public sealed class Job<TArgs> where TArgs : notnull
{
    /// <summary>Creates a job view over a row and its decoded args.</summary>
    public Job(JobRow row, TArgs args)
    {
        ArgumentNullException.ThrowIfNull(row);
        ArgumentNullException.ThrowIfNull(args);
        Row = row;
        Args = args;
    }

    /// <summary>The raw row as fetched (state <see cref="JobState.Running"/>, attempt already incremented).</summary>
    public JobRow Row { get; }
    /// <summary>The decoded args.</summary>
    public TArgs Args { get; }

    /// <summary>The job's id.</summary>
    public long Id => Row.Id;
    /// <summary>The kind.</summary>
    public string Kind => Row.Kind;
    /// <summary>The current attempt, 1 for the first.</summary>
    public int Attempt => Row.Attempt;
    /// <summary>The maximum number of attempts.</summary>
    public int MaxAttempts => Row.MaxAttempts;
    /// <summary>The queue.</summary>
    public string Queue => Row.Queue;
    /// <summary>The priority, 1 to 4.</summary>
    public int Priority => Row.Priority;
    /// <summary>The tags.</summary>
    public IReadOnlyList<string> Tags => Row.Tags;
    /// <summary>The metadata object as JSON text.</summary>
    public string Metadata => Row.Metadata;
    /// <summary>Errors of earlier attempts, oldest first.</summary>
    public IReadOnlyList<AttemptError> Errors => Row.Errors;
    /// <summary>When the row was inserted.</summary>
    public DateTimeOffset CreatedAt => Row.CreatedAt;
    /// <summary>When the job was due.</summary>
    public DateTimeOffset ScheduledAt => Row.ScheduledAt;
    /// <summary>When this attempt started.</summary>
    public DateTimeOffset? AttemptedAt => Row.AttemptedAt;

    /// <summary>The output recorded by <see cref="RecordOutput(string)"/>, as JSON text; <see langword="null"/> when none.</summary>
    public string? Output { get; private set; }

    /// <summary>
    /// Records a JSON value as the job's output; it is stored in <c>metadata.output</c> when the job completes.
    /// A later call replaces an earlier one.
    /// </summary>
    /// <param name="json">Any JSON value (object, array, string, number...), as text.</param>
    /// <exception cref="ArgumentException">The text is not a single valid JSON value.</exception>
    public void RecordOutput(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            using var doc = System.Text.Json.JsonDocument.Parse(json);
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new ArgumentException($"Job output must be valid JSON: {e.Message}", nameof(json), e);
        }
        Output = json;
    }
}
