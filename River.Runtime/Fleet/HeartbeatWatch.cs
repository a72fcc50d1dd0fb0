namespace River.Fleet;

/// <summary>
/// The leader's judgement of which registered clients are dead, on its own clock only: a client is dead when its
/// heartbeat sequence has not changed for its TTL <em>as observed by this leader</em>, with observations no further
/// apart than <see cref="MaxGap"/>. Database time is never compared, so a database restart (every observation fails:
/// the gap resets the watch), a new leader (an empty watch: every client gets a full TTL), a paused leader (the gap
/// again) or a clock step on any machine never declares a live client dead.
/// </summary>
internal sealed class HeartbeatWatch
{
    private readonly Dictionary<string, (long Seq, long Since)> _seen = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private long? _last;

    /// <param name="time">The leader's clock (monotonic timestamps).</param>
    /// <param name="maxGap">Observations further apart than this reset the watch (the leader was not watching).</param>
    public HeartbeatWatch(TimeProvider time, TimeSpan maxGap)
    {
        _time = time;
        MaxGap = maxGap;
    }

    public TimeSpan MaxGap { get; }

    /// <summary>Forgets every observation (leadership lost or regained).</summary>
    public void Reset()
    {
        _seen.Clear();
        _last = null;
    }

    /// <summary>
    /// Records one observation of the live registered clients and returns those (id, seq) whose sequence stood still for
    /// their TTL. Clients no longer listed are forgotten.
    /// </summary>
    public List<(string Id, long Seq)> Observe(IReadOnlyList<(string Id, long Seq, TimeSpan Ttl)> clients)
    {
        var now = _time.GetTimestamp();
        if (_last is { } last && _time.GetElapsedTime(last, now) > MaxGap)
        {
            _seen.Clear(); // we were not watching: start over, every client gets a full TTL again
        }
        _last = now;
        var dead = new List<(string, long)>();
        var listed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (id, seq, ttl) in clients)
        {
            listed.Add(id);
            if (!_seen.TryGetValue(id, out var entry) || entry.Seq != seq)
            {
                _seen[id] = (seq, now);
            }
            else if (_time.GetElapsedTime(entry.Since, now) >= ttl)
            {
                dead.Add((id, seq));
            }
        }
        foreach (var id in _seen.Keys.Where(k => !listed.Contains(k)).ToList())
        {
            _seen.Remove(id);
        }

        return dead;
    }
}
