namespace River.Logging;

/// <summary>
/// The event-id range of each log class: every log message of the runtime is a source-generated
/// <c>[LoggerMessage]</c> in one of these classes (all in this folder), with an id inside its class's range and
/// unique across the runtime (a test checks both). A new area gets a new class and a new range here.
/// </summary>
internal static class LogEventRanges
{
    /// <summary>The ranges by log class, first and last id inclusive.</summary>
    public static readonly IReadOnlyDictionary<Type, (int First, int Last)> ByClass = new Dictionary<Type, (int First, int Last)>
    {
        [typeof(RiverLog)] = (1, 99),            // client, producers, completer, notifier, elector, services
        [typeof(MaintenanceLog)] = (100, 199),   // maintenance services, periodic enqueuer
        [typeof(MigratorLog)] = (200, 249),      // migrator
        [typeof(ScheduleLog)] = (450, 499),      // durable schedules
        [typeof(FleetLog)] = (300, 349),         // leader fence, client registry, heartbeats
        [typeof(DiagnosticsLog)] = (900, 949),   // telemetry and health
    };
}
