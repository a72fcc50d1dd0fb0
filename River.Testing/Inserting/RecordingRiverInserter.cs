using Npgsql;
using River.Insertion;

namespace River.Testing;

/// <summary>
/// An <see cref="IRiverInserter"/> that records jobs in memory instead of writing them, for application unit tests
/// that assert what was enqueued without PostgreSQL. It validates every job with the client's own rules (kind, queue,
/// priority, max attempts, tags, metadata, unique options: the same <see cref="ArgumentException"/> and message as
/// <see cref="RiverClient"/>), resolves options the way the client does, computes unique keys, and reports a unique job
/// whose key was already recorded as <see cref="InsertResult.UniqueSkippedAsDuplicate"/> (every recorded job is in a
/// state that River's unique index always covers). Insert middleware and hooks do not run. Thread-safe.
/// </summary>
/// <example>
/// <code>
/// var inserter = new RecordingRiverInserter();
/// await new SignupService(inserter).SignUpAsync("a@example.com");
/// var email = Assert.Single(inserter.Inserted&lt;SendEmail&gt;());
/// </code>
/// </example>
public sealed class RecordingRiverInserter : IRiverInserter
{
    private readonly InsertPreparer _preparer;
    private readonly TimeProvider _time;
    private readonly List<RecordedInsert> _inserts = [];
    private readonly object _gate = new();

    /// <summary>
    /// Creates a recorder with the client defaults of <paramref name="options"/> (its <see cref="RiverClientOptions.MaxAttempts"/>
    /// and <see cref="RiverClientOptions.TimeProvider"/>), or River's defaults without.
    /// </summary>
    public RecordingRiverInserter(RiverClientOptions? options = null)
    {
        _time = options?.TimeProvider ?? TimeProvider.System;
        _preparer = new InsertPreparer(options?.MaxAttempts ?? RiverDefaults.MaxAttempts, _time);
    }

    /// <summary>Every insert call's jobs so far, in call order, duplicates included.</summary>
    public IReadOnlyList<RecordedInsert> Inserts
    {
        get
        {
            lock (_gate)
            {
                return _inserts.ToArray();
            }
        }
    }

    /// <summary>The args of the recorded jobs of <typeparamref name="TArgs"/>'s kind (skipped duplicates left out), in order.</summary>
    public IReadOnlyList<TArgs> Inserted<TArgs>() where TArgs : notnull
    {
        var kind = JobDefinition.For<TArgs>().Kind;
        return Inserts.Where(i => i.Kind == kind && !i.UniqueSkippedAsDuplicate).Select(i => i.Args<TArgs>()).ToArray();
    }

    /// <summary>Forgets every recorded job.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _inserts.Clear();
        }
    }

    /// <inheritdoc />
    public async Task<InsertResult> InsertAsync<TArgs>(TArgs args, InsertOptions? opts = null, CancellationToken cancellationToken = default)
        where TArgs : notnull
        => (await InsertManyAsync([JobInsertRequest.Create(args, opts)], cancellationToken).ConfigureAwait(false))[0];

    /// <inheritdoc />
    public async Task<InsertResult> InsertAsync<TArgs>(TArgs args, NpgsqlTransaction transaction, InsertOptions? opts = null, CancellationToken cancellationToken = default)
        where TArgs : notnull
        => (await InsertManyAsync([JobInsertRequest.Create(args, opts)], transaction, cancellationToken).ConfigureAwait(false))[0];

    /// <inheritdoc />
    public Task<IReadOnlyList<InsertResult>> InsertManyAsync(IEnumerable<JobInsertRequest> jobs, CancellationToken cancellationToken = default)
        => Task.FromResult(Record(jobs, null, cancellationToken));

    /// <inheritdoc />
    public Task<IReadOnlyList<InsertResult>> InsertManyAsync(IEnumerable<JobInsertRequest> jobs, NpgsqlTransaction transaction, CancellationToken cancellationToken = default)
    {
        RiverClient.ConnectionOf(transaction);
        return Task.FromResult(Record(jobs, transaction, cancellationToken));
    }

    private IReadOnlyList<InsertResult> Record(IEnumerable<JobInsertRequest> jobs, NpgsqlTransaction? transaction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        cancellationToken.ThrowIfCancellationRequested();
        // All validated first: as with the client, an invalid job means nothing of the call is recorded.
        var prepared = new List<PreparedInsert>();
        foreach (var job in jobs)
        {
            ArgumentNullException.ThrowIfNull(job, nameof(jobs));
            prepared.Add(_preparer.Prepare(job.Definition, job.EncodedArgs, job.Options));
        }
        var now = _time.GetUtcNow();
        var results = new InsertResult[prepared.Count];
        lock (_gate)
        {
            for (var i = 0; i < prepared.Count; i++)
            {
                var job = prepared[i];
                var existing = job.UniqueKey is { } key
                    ? _inserts.Find(r => !r.UniqueSkippedAsDuplicate && r.Job.UniqueKey is { } k && k.Span.SequenceEqual(key))
                    : null;
                var row = existing?.Job ?? ToRow(job, _inserts.Count(r => !r.UniqueSkippedAsDuplicate) + 1, now);
                _inserts.Add(new RecordedInsert(row, transaction, existing is not null));
                results[i] = new InsertResult(row, existing is not null);
            }
        }
        return results;
    }

    private static JobRow ToRow(PreparedInsert job, long id, DateTimeOffset now) => new()
    {
        Id = id,
        State = job.State,
        Attempt = 0,
        MaxAttempts = job.MaxAttempts,
        CreatedAt = now,
        ScheduledAt = job.ScheduledAt ?? now,
        Priority = job.Priority,
        EncodedArgs = job.EncodedArgs,
        Kind = job.Kind,
        Metadata = job.Metadata,
        Queue = job.Queue,
        Tags = job.TagsJoined.Length == 0 ? [] : job.TagsJoined.Split(','),
        UniqueKey = job.UniqueKey,
        UniqueStates = job.UniqueStates,
    };
}
