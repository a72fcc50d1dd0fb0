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

    /// <summary>Records a typed output, serialized by its generated serializer (see <see cref="RecordOutput(string)"/>).</summary>
    /// <typeparam name="T">A string, boolean or number type, or a type with a generated serializer (a <c>[JobArgs]</c> type).</typeparam>
    /// <exception cref="InvalidOperationException"><typeparamref name="T"/> has no generated serializer; use the <c>JsonTypeInfo</c> overload.</exception>
    public void RecordOutput<T>(T value) where T : notnull => Output = River.Workflows.OutputSerializer.Serialize(value);

    /// <summary>Records a typed output, serialized with <paramref name="typeInfo"/> (from a <c>JsonSerializerContext</c>: no reflection).</summary>
    public void RecordOutput<T>(T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo) where T : notnull
        => Output = River.Workflows.OutputSerializer.Serialize(value, typeInfo);

    /// <summary>
    /// The output of dependency <paramref name="task"/> of this workflow task, typed. Outputs are copied into the task's
    /// metadata (<c>workflow_outputs</c>) when it is released, so reading one costs no query.
    /// </summary>
    /// <typeparam name="T">The type the dependency recorded (see <see cref="RecordOutput{T}(T)"/>).</typeparam>
    /// <exception cref="KeyNotFoundException">This job has no output from a task of that name (not a dependency, the dependency recorded none, or it failed under <see cref="WorkflowFailurePolicy.RunAnyway"/>).</exception>
    /// <exception cref="InvalidOperationException">The output does not fit <typeparamref name="T"/>, or <typeparamref name="T"/> has no generated serializer.</exception>
    public T GetOutput<T>(string task) where T : notnull
        => TryGetOutputJson(task, out var json) ? River.Workflows.OutputSerializer.Deserialize<T>(json, task) : throw NoOutput(task);

    /// <summary>The output of dependency <paramref name="task"/>, read with <paramref name="typeInfo"/> (see <see cref="GetOutput{T}(string)"/>).</summary>
    public T GetOutput<T>(string task, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo) where T : notnull
        => TryGetOutputJson(task, out var json) ? River.Workflows.OutputSerializer.Deserialize(json, task, typeInfo) : throw NoOutput(task);

    /// <summary>Whether dependency <paramref name="task"/> left an output; <paramref name="json"/> is its JSON text when it did.</summary>
    public bool TryGetOutputJson(string task, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? json)
    {
        ArgumentNullException.ThrowIfNull(task);
        json = River.Workflows.WorkflowMetadata.OutputOf(Row.Metadata, task);
        return json is not null;
    }

    private KeyNotFoundException NoOutput(string task) => new(
        $"Job {Id} ({Kind}) has no output from a task named '{task}': it is not one of this task's dependencies, the dependency recorded no output "
        + "(RecordOutput), or it failed and this task runs anyway (WorkflowFailurePolicy.RunAnyway). Use TryGetOutputJson to test first.");
}
