using Microsoft.Extensions.Logging;

namespace River.Logging;

/// <summary>Log messages of the migrator (event ids 200–249, see <see cref="LogEventRanges"/>).</summary>
internal static partial class MigratorLog
{
    [LoggerMessage(200, LogLevel.Information, "River migration {Direction} line {Line} version {Version} ({Name}) done in {DurationMs:F1} ms")]
    public static partial void StepDone(ILogger logger, string line, RiverMigrationDirection direction, int version, string name, double durationMs);
}
