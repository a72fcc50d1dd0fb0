using Microsoft.Extensions.Logging;

namespace River.Diagnostics;

/// <summary>Log messages of the diagnostics (source-generated; event ids 900–949).</summary>
internal static partial class RiverDiagnosticsLog
{
    [LoggerMessage(900, LogLevel.Warning, "Sampling the queue depth failed; the river.queue.depth gauge keeps its last sample")]
    public static partial void QueueDepthSampleFailed(ILogger logger, Exception exception);
}
