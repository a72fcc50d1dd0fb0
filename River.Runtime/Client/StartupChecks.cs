namespace River;

/// <summary>
/// Configuration that is valid but almost certainly not what the user meant, found when a client starts and logged as
/// warnings that name the fix (the jobs would otherwise stay <c>available</c> or fail on every attempt, silently).
/// </summary>
internal static class StartupChecks
{
    /// <summary>The warnings for a client working <see cref="RiverClientOptions.Queues"/> with <see cref="RiverClientOptions.Workers"/>; none for an insert-only client.</summary>
    public static List<string> Collect(RiverClientOptions options)
    {
        var warnings = new List<string>();
        if (options.Queues.Count == 0)
        {
            return warnings; // insert-only: other processes work the jobs
        }
        var queues = string.Join(", ", options.Queues.Select(q => q.Name).Order(StringComparer.Ordinal));
        var worked = options.Workers.WorkedKinds.ToHashSet(StringComparer.Ordinal);
        if (worked.Count == 0)
        {
            warnings.Add(
                $"This client works queues [{queues}] but has no registered workers: every job it fetches fails with 'no registered worker'. " +
                "Chain .AddRiverJobsFromThisAssembly() after AddRiver (or add workers to options.Workers), or remove the queues to make the client insert-only.");
            return warnings;
        }
        foreach (var definition in options.Workers.Definitions.OrderBy(d => d.Kind, StringComparer.Ordinal))
        {
            var queue = definition.Defaults.Queue ?? RiverDefaults.Queue;
            var hasQueue = options.Queues.TryGet(queue, out _);
            if (worked.Contains(definition.Kind) && !hasQueue)
            {
                warnings.Add(
                    $"Kind '{definition.Kind}' has a worker here, but its jobs go to queue '{queue}', which this client does not work (it works [{queues}]): " +
                    $"they stay available. Add options.Queues.Add(\"{queue}\", maxWorkers: 10) (or \"Queues\": {{ \"{queue}\": {{ \"MaxWorkers\": 10 }} }} in configuration).");
            }
            else if (!worked.Contains(definition.Kind) && hasQueue)
            {
                warnings.Add(
                    $"Kind '{definition.Kind}' goes to queue '{queue}', which this client works, but no worker for it is registered: its jobs fail on every attempt here. " +
                    $"Write a Worker<{definition.ArgsType.Name}> in an assembly that calls AddRiverJobsFromThisAssembly(), or work queue '{queue}' elsewhere.");
            }
        }
        return warnings;
    }
}
