using Microsoft.Extensions.Logging;
using Npgsql;
using River.Database.Queries;
using River.Services;
using River.Logging;

namespace River.Diagnostics;

/// <summary>
/// Feeds the <c>river.queue.depth</c> gauge: every <see cref="Interval"/>, while a meter listener has the gauge
/// enabled, counts the available jobs per queue; the gauge's callback reads the latest sample (observable
/// callbacks run synchronously and must not query the database). Idle (no query) while nobody observes.
/// </summary>
internal sealed class QueueDepthSampler : RiverService
{
    /// <summary>How often the depth is sampled while observed.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    private readonly NpgsqlDataSource _dataSource;
    private readonly string _sql;
    private readonly ILogger _logger;
    private readonly string[] _workedQueues;
    private volatile IReadOnlyList<KeyValuePair<string, long>> _latest = [];

    /// <param name="context">The client's shared context.</param>
    /// <param name="workedQueues">The queues this client works (always present in a sample).</param>
    public QueueDepthSampler(ClientContext context, IEnumerable<string>? workedQueues = null)
        : base("queue_depth_sampler", context.Time, context.Logger)
    {
        _workedQueues = workedQueues?.ToArray() ?? [];
        _dataSource = context.DataSource;
        _sql = context.Sql.QueueDepth;
        _logger = context.Logger;
    }

    /// <summary>
    /// The latest sample: available jobs per queue; the queues this client works are always present (0 when empty),
    /// other queues only while they hold available jobs.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, long>> Latest => _latest;

    /// <summary>Takes one sample now.</summary>
    public async Task SampleAsync(CancellationToken cancellationToken)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var queue in _workedQueues)
        {
            counts[queue] = 0;
        }
        await using var cmd = _dataSource.CreateCommand(_sql);
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            counts[reader.GetString(0)] = reader.GetInt64(1);
        }
        _latest = counts.ToList();
    }

    /// <summary>Samples every <see cref="Interval"/> while the gauge is observed; a failed sample keeps the last one.</summary>
    protected override async Task RunAsync(CancellationToken stopping)
    {
        while (true)
        {
            try
            {
                if (RiverTelemetry.QueueDepth.Enabled)
                {
                    await SampleAsync(stopping).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (!stopping.IsCancellationRequested
                                      && e is NpgsqlException or TimeoutException or System.IO.IOException or InvalidOperationException)
            {
                DiagnosticsLog.QueueDepthSampleFailed(_logger, e);
            }
            await SleepAsync(Interval, stopping).ConfigureAwait(false);
        }
    }
}
