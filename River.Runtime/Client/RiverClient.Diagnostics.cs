using River.Diagnostics;

namespace River;

public sealed partial class RiverClient
{
    /// <summary>
    /// A snapshot of this client's health: started, leader, notifier state, completer backlog and, per configured
    /// queue, running jobs and pause state. Cheap (in-memory only); safe to call from health-check endpoints at any
    /// time, before start and after stop included.
    /// </summary>
    public RiverHealth GetHealth()
    {
        var started = _state == State.Started;
        var queues = new List<RiverQueueHealth>(_options.Queues.Count);
        foreach (var queue in _options.Queues)
        {
            var producer = started && _producers.TryGetValue(queue.Name, out var p) ? p : null;
            queues.Add(new RiverQueueHealth(queue.Name, producer?.RunningCount ?? 0, queue.MaxWorkers, producer?.Paused ?? false));
        }
        return new RiverHealth(ClientId, started, IsLeader, NotifierState, _options.PollOnly, CompleterBacklog, queues);
    }
}
