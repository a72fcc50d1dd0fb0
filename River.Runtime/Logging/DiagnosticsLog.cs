using Microsoft.Extensions.Logging;

namespace River.Logging;

/// <summary>Log messages of the diagnostics (event ids 900–949, see <see cref="LogEventRanges"/>).</summary>
internal static partial class DiagnosticsLog
{
    [LoggerMessage(900, LogLevel.Warning, "Sampling the queue depth failed; the river.queue.depth gauge keeps its last sample")]
    public static partial void QueueDepthSampleFailed(ILogger logger, Exception exception);

    [LoggerMessage(901, LogLevel.Warning, "Sampling the flow limits and sequences failed; the river.flow.* and river.sequence.* gauges keep their last sample")]
    public static partial void FlowSampleFailed(ILogger logger, Exception exception);
}
