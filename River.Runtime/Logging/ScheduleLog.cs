using Microsoft.Extensions.Logging;

namespace River.Logging;

/// <summary>Log messages of durable schedules: declarations, management calls (event ids 450–499, see <see cref="LogEventRanges"/>).</summary>
internal static partial class ScheduleLog
{
    [LoggerMessage(450, LogLevel.Warning, "Schedule {ScheduleId}: this client (app version {Version}) declares it differently from the stored declaration of app version {StoredVersion}, which is kept (the newer app version's declaration wins; between equal versions the greater definition hash). Deploy one definition everywhere, or give the changed declaration a new id")]
    public static partial void DeclarationLost(ILogger logger, string scheduleId, string version, string storedVersion);

    [LoggerMessage(451, LogLevel.Information, "Schedule {ScheduleId}: the declaration of app version {Version} replaced the stored one of app version {StoredVersion}")]
    public static partial void DeclarationReplaced(ILogger logger, string scheduleId, string version, string storedVersion);

    [LoggerMessage(452, LogLevel.Information, "Schedule {ScheduleId}: {Action}")]
    public static partial void Changed(ILogger logger, string scheduleId, string action);

    [LoggerMessage(453, LogLevel.Warning, "Schedule {ScheduleId}: its stored schedule \"{Schedule}\" cannot be read by this client and it declares no such job; its runs wait for a leader that can (remove or update it)")]
    public static partial void CannotFire(ILogger logger, string scheduleId, string schedule);
}
