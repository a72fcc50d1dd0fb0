using System.Text.Json;
using River.Serialization;
using River.Uniqueness;

namespace River.Insertion;

/// <summary>
/// Resolves the options of an insert (per call, then the kind's attribute, then the client's defaults),
/// validates every value before anything reaches the database, and computes the unique key.
/// </summary>
internal sealed class InsertPreparer
{
    private const string EmptyMetadata = "{}";

    private readonly int _defaultMaxAttempts;
    private readonly TimeProvider _time;
    private readonly bool _deleteCompleted;
    private readonly IReadOnlySet<string>? _sequencedQueues;

    /// <param name="defaultMaxAttempts">The client's <see cref="RiverClientOptions.MaxAttempts"/>.</param>
    /// <param name="time">The client's clock.</param>
    /// <param name="deleteCompleted">The client's <see cref="RiverClientOptions.DeleteCompletedJobs"/>: unique jobs that block while completed are refused.</param>
    /// <param name="sequencedQueues">The queues the client declares sequenced: a job in a sequence going elsewhere is refused (null: not checked).</param>
    public InsertPreparer(int defaultMaxAttempts, TimeProvider time, bool deleteCompleted = false, IReadOnlySet<string>? sequencedQueues = null)
    {
        _defaultMaxAttempts = defaultMaxAttempts;
        _time = time;
        _deleteCompleted = deleteCompleted;
        _sequencedQueues = sequencedQueues;
    }

    /// <summary>
    /// Why a unique kind cannot be inserted or worked by a client that deletes completed jobs, or null when it can:
    /// its unique states include <see cref="JobState.Completed"/>, and a deleted job blocks no duplicate.
    /// </summary>
    public static string? DeleteCompletedConflict(string kind, UniqueOptions? unique)
    {
        if (unique is null || !UniqueStates.Contains(UniqueStates.ToBitmask(unique.ByState), JobState.Completed))
        {
            return null;
        }
        return $"Job kind '{kind}' is unique while completed (its UniqueOptions.ByState "
            + (unique.ByState is { Count: > 0 } ? "includes JobState.Completed" : "is River's default, which includes JobState.Completed")
            + "), but this client deletes completed jobs (RiverClientOptions.DeleteCompletedJobs), so a completed job would block no duplicate. "
            + "Give the kind a ByState without JobState.Completed, or keep completed jobs (DeleteCompletedJobs = false).";
    }

    /// <exception cref="ArgumentException">An option is invalid; the message names it and the rule.</exception>
    public PreparedInsert Prepare(JobDefinition definition, ReadOnlyMemory<byte> encodedArgs, InsertOptions? opts)
    {
        var defaults = definition.Defaults;
        Check(JobOptionRules.ValidateKind(definition.Kind));

        var queue = opts?.Queue ?? defaults.Queue ?? RiverDefaults.Queue;
        Check(JobOptionRules.ValidateQueue(queue));

        var priority = opts?.Priority ?? defaults.Priority ?? RiverDefaults.Priority;
        Check(JobOptionRules.ValidatePriority(priority));

        var maxAttempts = opts?.MaxAttempts ?? defaults.MaxAttempts ?? _defaultMaxAttempts;
        Check(JobOptionRules.ValidateMaxAttempts(maxAttempts));

        var tags = opts?.Tags ?? defaults.Tags ?? [];
        Check(JobOptionRules.ValidateTags(tags));

        var metadata = opts?.Metadata ?? EmptyMetadata;
        if (!ReferenceEquals(metadata, EmptyMetadata))
        {
            // Parsed only when given: the default needs no check, and bulk inserts skip a JsonDocument per job.
            ValidateMetadata(metadata);
        }

        var sequenceKey = opts?.SequenceKey
            ?? (defaults.Sequence is { } sequence ? Flow.SequenceKeys.FromArgs(definition.Kind, sequence, encodedArgs.Span) : null);
        if (sequenceKey is not null)
        {
            Check(FlowRules.ValidateSequenceKey(sequenceKey));
            if (_sequencedQueues is not null && !_sequencedQueues.Contains(queue)
                && !(opts?.SequenceKey is null && queue == (defaults.Queue ?? RiverDefaults.Queue)))
            {
                throw new ArgumentException(
                    $"Job kind '{definition.Kind}' goes to queue '{queue}' in sequence '{sequenceKey}', but this client does not declare the queue sequenced, "
                    + "so the fetch might not keep the order: add it to RiverClientOptions.Flow.SequencedQueues (in every client working the queue), "
                    + "or register the kind's [Sequence] (its default queue is then sequenced).", nameof(InsertOptions.SequenceKey));
            }
            metadata = Flow.SequenceKeys.AddToMetadata(metadata, sequenceKey, defaults.Sequence?.OnFailure ?? SequenceFailurePolicy.Block);
        }

        var now = _time.GetUtcNow();
        var scheduledAt = opts?.ScheduledAt;
        var pending = opts?.Pending ?? defaults.Pending;
        var state = pending ? JobState.Pending
            : scheduledAt is { } at && at > now ? JobState.Scheduled
            : JobState.Available;

        byte[]? uniqueKey = null;
        byte? uniqueStates = null;
        if ((opts?.UniqueOptions ?? definition.Unique) is { } unique)
        {
            Check(UniqueKeyBuilder.Validate(unique));
            if (_deleteCompleted)
            {
                Check(DeleteCompletedConflict(definition.Kind, unique));
            }
            uniqueStates = UniqueStates.ToBitmask(unique.ByState);
            uniqueKey = UniqueKeyBuilder.Compute(definition.Kind, encodedArgs.Span, unique, queue, scheduledAt, _time, definition.ArgsShape);
        }

        return new PreparedInsert(definition.Kind, encodedArgs, maxAttempts, metadata, priority, queue,
            scheduledAt, state, tags.Count == 0 ? "" : string.Join(',', tags), uniqueKey, uniqueStates);
    }

    private static void ValidateMetadata(string metadata)
    {
        // Checked before parsing: the parser would fail to transcode with an error that names neither field nor place.
        if (LoneSurrogates.IndexOf(metadata) is var lone and >= 0)
        {
            throw new ArgumentException(
                $"Metadata holds invalid UTF-16: {LoneSurrogates.Describe(metadata[lone], lone)} of the metadata text; PostgreSQL's jsonb cannot store it.",
                nameof(InsertOptions.Metadata));
        }
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(metadata);
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"Metadata must be a JSON object: {e.Message}", nameof(InsertOptions.Metadata), e);
        }
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new ArgumentException($"Metadata must be a JSON object, got {doc.RootElement.ValueKind}.", nameof(InsertOptions.Metadata));
            }
            foreach (var property in doc.RootElement.EnumerateObject())
            {
                Check(JobOptionRules.ValidateMetadataKey(property.Name));
            }
        }
        var utf8 = System.Text.Encoding.UTF8.GetBytes(metadata);
        var findings = JsonEscapes.Scan(utf8);
        if ((findings & JsonEscapeFindings.Nul) != 0)
        {
            throw new ArgumentException("Metadata contains a NUL character (U+0000), which PostgreSQL's jsonb cannot store.", nameof(InsertOptions.Metadata));
        }
        // The same as an escape in the JSON text ("\uD800"): valid JSON syntax, refused by jsonb.
        if ((findings & JsonEscapeFindings.LoneSurrogate) != 0)
        {
            throw new ArgumentException(
                $"Metadata holds invalid UTF-16 {LoneSurrogates.Locate(utf8) ?? "(a lone UTF-16 surrogate escape)"}; PostgreSQL's jsonb cannot store it.",
                nameof(InsertOptions.Metadata));
        }
    }

    private static void Check(string? error)
    {
        if (error is not null)
        {
            throw new ArgumentException(error);
        }
    }
}
