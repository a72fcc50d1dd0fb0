using System.Collections.Concurrent;
using System.Diagnostics;
using River.Execution;

namespace River.Cli.Bench;

/// <summary>
/// What the bench counts while it runs: jobs inserted, worked (worker entered) and completed (outcome written),
/// and in latency mode the <see cref="Stopwatch"/> timestamps of each job's commit, work start and completion.
/// Thread-safe; counters are plain interlocked longs so the hot path allocates nothing.
/// </summary>
internal sealed class BenchProbe
{
    private readonly long[]? _committed;
    private readonly long[]? _started;
    private readonly long[]? _completed;
    private readonly ConcurrentDictionary<long, long>? _seqById;
    private readonly ConcurrentDictionary<long, River.Diagnostics.PickupStages>? _stagesById;
    private long _inserted;
    private long _worked;
    private long _done;
    private volatile Waiter? _waiter;

    private sealed record Waiter(long Target, TaskCompletionSource Reached);

    /// <summary>A probe; with <paramref name="latencyCapacity"/> it records per-job timestamps for that many jobs.</summary>
    public BenchProbe(int latencyCapacity = 0)
    {
        if (latencyCapacity > 0)
        {
            _committed = new long[latencyCapacity];
            _started = new long[latencyCapacity];
            _completed = new long[latencyCapacity];
            _seqById = new ConcurrentDictionary<long, long>();
            _stagesById = new ConcurrentDictionary<long, River.Diagnostics.PickupStages>();
        }
    }

    public long Inserted => Interlocked.Read(ref _inserted);

    public long Worked => Interlocked.Read(ref _worked);

    public long Completed => Interlocked.Read(ref _done);

    /// <summary>Completer writes seen (statements that changed at least one row).</summary>
    public long CompleterWrites => Interlocked.Read(ref _writes);

    private long _writes;

    /// <summary>Completes once <see cref="Completed"/> reaches <paramref name="target"/> (one waiter at a time; a new call replaces the target).</summary>
    public Task WaitForCompletedAsync(long target, CancellationToken cancellationToken)
    {
        var waiter = new Waiter(target, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        _waiter = waiter;
        if (Completed >= target)
        {
            waiter.Reached.TrySetResult();
        }
        return waiter.Reached.Task.WaitAsync(cancellationToken);
    }

    public void AddInserted(long count) => Interlocked.Add(ref _inserted, count);

    /// <summary>Latency mode: the insert of job <paramref name="seq"/> (id <paramref name="id"/>) committed at <paramref name="timestamp"/>.</summary>
    public void Committed(long seq, long id, long timestamp)
    {
        _committed![seq] = timestamp;
        _seqById![id] = seq;
        Interlocked.Increment(ref _inserted);
    }

    /// <summary>Latency mode: the producer's trace of job <paramref name="id"/>'s pickup (<see cref="QueueProducer.PickupTraced"/>).</summary>
    public void PickupTraced(long id, River.Diagnostics.PickupStages stages) => _stagesById?.TryAdd(id, stages);

    /// <summary>
    /// Latency mode: per stage of the pickup path, the milliseconds each traced job spent in it, for jobs whose fetch
    /// was woken by their insert notification (the others were picked up by a fetch already under way or the poll).
    /// The first stage is signed: the notification can reach the worker before the inserting client sees its COMMIT.
    /// </summary>
    public IReadOnlyList<(string Stage, double[] Ms)> Stages(long count)
    {
        string[] names = ["commit_to_notified", "notified_to_routed", "routed_to_woken", "woken_to_fetch_sent", "fetch_round_trip", "fetched_to_dispatched", "dispatched_to_work_started"];
        var lists = names.Select(_ => new List<double>()).ToArray();
        foreach (var (id, seq) in _seqById!)
        {
            if (seq < 0 || seq >= count || !_stagesById!.TryGetValue(id, out var t) || t.Notified == 0 || t.Routed == 0 || _committed![seq] == 0 || _started![seq] == 0)
            {
                continue;
            }
            long[] points = [_committed[seq], t.Notified, t.Routed, t.Woken, t.FetchStarted, t.FetchReturned, t.Dispatched, _started[seq]];
            for (var i = 0; i < names.Length; i++)
            {
                lists[i].Add((points[i + 1] - points[i]) * 1000.0 / Stopwatch.Frequency);
            }
        }
        return names.Select((n, i) => (n, lists[i].ToArray())).ToArray();
    }

    public void WorkStarted(long seq)
    {
        if (_started is not null && seq >= 0 && seq < _started.Length)
        {
            _started[seq] = Stopwatch.GetTimestamp();
        }
        Interlocked.Increment(ref _worked);
    }

    /// <summary>The completer wrote the outcomes of <paramref name="ids"/>.</summary>
    public void OutcomesWritten(IReadOnlyList<long> ids)
    {
        if (_completed is not null)
        {
            var now = Stopwatch.GetTimestamp();
            foreach (var id in ids)
            {
                if (_seqById!.TryGetValue(id, out var seq))
                {
                    _completed[seq] = now;
                }
            }
        }
        Interlocked.Increment(ref _writes);
        var done = Interlocked.Add(ref _done, ids.Count);
        if (_waiter is { } waiter && done >= waiter.Target)
        {
            waiter.Reached.TrySetResult();
        }
    }

    /// <summary>Latency mode: milliseconds from commit to work start and to completion, for jobs that got that far.</summary>
    public (double[] ToStart, double[] ToCompleted) Latencies(long count)
    {
        var toStart = new List<double>((int)count);
        var toCompleted = new List<double>((int)count);
        for (var i = 0; i < count; i++)
        {
            var committed = _committed![i];
            if (committed == 0)
            {
                continue;
            }
            if (_started![i] != 0)
            {
                // The worker can be entered before the inserting task resumes after COMMIT: that is zero latency.
                toStart.Add(Math.Max(0, Stopwatch.GetElapsedTime(committed, _started[i]).TotalMilliseconds));
            }
            if (_completed![i] != 0)
            {
                toCompleted.Add(Math.Max(0, Stopwatch.GetElapsedTime(committed, _completed[i]).TotalMilliseconds));
            }
        }
        return (toStart.ToArray(), toCompleted.ToArray());
    }
}
