using System.Collections;

namespace River;

/// <summary>
/// The jobs of one <see cref="BatchWorker{TArgs}.WorkAsync"/> call and the outcome recorded for each. A job gets at
/// most one explicit outcome (a second one throws, so two parts of a worker cannot silently disagree); a job left
/// without one completes when the call returns and fails with the call's error when it throws.
/// </summary>
/// <remarks>Recording is thread-safe: jobs may be worked in parallel inside the call. Outcomes can be recorded only
/// while the call runs; recording one after it has returned throws.</remarks>
/// <typeparam name="TArgs">The args type.</typeparam>
public sealed class JobBatch<TArgs> : IReadOnlyList<Job<TArgs>> where TArgs : notnull
{
    /// <summary>A recorded completion (no error).</summary>
    private static readonly Exception Completed = new("completed");

    private readonly Job<TArgs>[] _jobs;
    private readonly CancellationToken[] _tokens;
    private readonly Exception?[] _outcomes;
    private Dictionary<Job<TArgs>, int>? _index;
    private bool _sealed;

    /// <param name="jobs">The jobs, in fetch order.</param>
    /// <param name="tokens">Each job's own token (remote cancel, timeout and stop), or null for the call's token.</param>
    /// <param name="callToken">The call's token.</param>
    internal JobBatch(Job<TArgs>[] jobs, CancellationToken[]? tokens, CancellationToken callToken)
    {
        _jobs = jobs;
        if (tokens is null)
        {
            tokens = new CancellationToken[jobs.Length];
            Array.Fill(tokens, callToken);
        }
        _tokens = tokens;
        _outcomes = new Exception?[jobs.Length];
    }

    /// <summary>The number of jobs.</summary>
    public int Count => _jobs.Length;

    /// <summary>The job at <paramref name="index"/>.</summary>
    public Job<TArgs> this[int index] => _jobs[index];

    /// <summary>Completes <paramref name="job"/> (with its output, if <see cref="Job{TArgs}.RecordOutput"/> was called).</summary>
    /// <exception cref="ArgumentException">The job is not one of this batch.</exception>
    /// <exception cref="InvalidOperationException">The job already has an outcome, or the call has returned.</exception>
    public void Complete(Job<TArgs> job) => Record(job, Completed);

    /// <summary>
    /// Fails this attempt of <paramref name="job"/> with <paramref name="error"/>: it is retried by the retry policy (or
    /// <see cref="BatchWorker{TArgs}.NextRetry"/>), and discarded once its attempts are used up, as a single job whose
    /// worker threw.
    /// </summary>
    /// <exception cref="ArgumentException">The job is not one of this batch.</exception>
    /// <exception cref="InvalidOperationException">The job already has an outcome, or the call has returned.</exception>
    public void Fail(Job<TArgs> job, Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        Record(job, error);
    }

    /// <summary>Runs <paramref name="job"/> again after <paramref name="delay"/> without using an attempt (its <c>snoozes</c> counter grows).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The delay is negative.</exception>
    /// <exception cref="ArgumentException">The job is not one of this batch.</exception>
    /// <exception cref="InvalidOperationException">The job already has an outcome, or the call has returned.</exception>
    public void Snooze(Job<TArgs> job, TimeSpan delay) => Record(job, new JobSnoozeException(delay));

    /// <summary>Cancels <paramref name="job"/> for good, with <paramref name="reason"/> recorded as the attempt's error.</summary>
    /// <exception cref="ArgumentException">The job is not one of this batch.</exception>
    /// <exception cref="InvalidOperationException">The job already has an outcome, or the call has returned.</exception>
    public void Cancel(Job<TArgs> job, string reason)
    {
        ArgumentNullException.ThrowIfNull(reason);
        Record(job, new JobCancelException(reason));
    }

    /// <summary>Whether an outcome has been recorded for <paramref name="job"/>.</summary>
    /// <exception cref="ArgumentException">The job is not one of this batch.</exception>
    public bool HasOutcome(Job<TArgs> job)
    {
        var i = IndexOf(job);
        lock (_outcomes)
        {
            return _outcomes[i] is not null;
        }
    }

    /// <summary>
    /// The token of one job: cancelled when that job is cancelled remotely (<c>CancelJobAsync</c>), and when the call's
    /// own token is (timeout, hard stop). Other jobs' tokens are not affected by a remote cancel.
    /// </summary>
    /// <exception cref="ArgumentException">The job is not one of this batch.</exception>
    public CancellationToken CancellationTokenOf(Job<TArgs> job) => _tokens[IndexOf(job)];

    /// <inheritdoc />
    public IEnumerator<Job<TArgs>> GetEnumerator() => ((IEnumerable<Job<TArgs>>)_jobs).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Ends recording (the call has returned or thrown).</summary>
    internal void Seal()
    {
        lock (_outcomes)
        {
            _sealed = true;
        }
    }

    /// <summary>
    /// The outcome recorded for the job at <paramref name="index"/>: false when none; else <paramref name="error"/> is
    /// null for a completion, or the failure, <see cref="JobSnoozeException"/> or <see cref="JobCancelException"/>.
    /// </summary>
    internal bool TryGetOutcome(int index, out Exception? error)
    {
        lock (_outcomes)
        {
            var outcome = _outcomes[index];
            error = ReferenceEquals(outcome, Completed) ? null : outcome;
            return outcome is not null;
        }
    }

    private void Record(Job<TArgs> job, Exception outcome)
    {
        var i = IndexOf(job);
        lock (_outcomes)
        {
            if (_sealed)
            {
                throw new InvalidOperationException(
                    $"The batch call of kind '{job.Kind}' has returned; the outcome of job {job.Id} must be recorded before WorkAsync returns (await the work that records it).");
            }
            if (_outcomes[i] is { } existing)
            {
                throw new InvalidOperationException(
                    $"Job {job.Id} already has an outcome in this batch ({Describe(existing)}); record one outcome per job.");
            }
            _outcomes[i] = outcome;
        }
    }

    private int IndexOf(Job<TArgs> job)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (_jobs.Length <= 8)
        {
            // Small batches: a scan costs less than building the index.
            for (var i = 0; i < _jobs.Length; i++)
            {
                if (ReferenceEquals(_jobs[i], job))
                {
                    return i;
                }
            }
            throw NotInBatch(job);
        }
        var index = Volatile.Read(ref _index);
        if (index is null)
        {
            index = new Dictionary<Job<TArgs>, int>(_jobs.Length, ReferenceEqualityComparer.Instance);
            for (var i = 0; i < _jobs.Length; i++)
            {
                index[_jobs[i]] = i;
            }
            index = Interlocked.CompareExchange(ref _index, index, null) ?? index;
        }
        return index.TryGetValue(job, out var at) ? at : throw NotInBatch(job);
    }

    private static ArgumentException NotInBatch(Job<TArgs> job)
        => new($"Job {job.Id} is not one of this batch; record outcomes only for the jobs the call received.", nameof(job));

    private static string Describe(Exception outcome) => outcome switch
    {
        _ when ReferenceEquals(outcome, Completed) => "completed",
        JobSnoozeException s => "snoozed for " + s.Delay,
        JobCancelException => "cancelled",
        _ => "failed: " + outcome.Message,
    };
}
