using Microsoft.Extensions.Logging;
using Npgsql;
using River.Database.Queries;

namespace River.Diagnostics;

/// <summary>
/// Feeds the <c>river.queue.depth</c> gauge: every <see cref="Interval"/>, while a meter listener has the gauge
/// enabled, counts the available jobs per queue; the gauge's callback reads the latest sample (observable
/// callbacks run synchronously and must not query the database). Idle (no query) while nobody observes.
/// </summary>
internal sealed class QueueDepthSampler : IAsyncDisposable
{
    /// <summary>How often the depth is sampled while observed.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    private readonly NpgsqlDataSource _dataSource;
    private readonly string _sql;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly string[] _workedQueues;
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;
    private volatile IReadOnlyList<KeyValuePair<string, long>> _latest = [];

    public QueueDepthSampler(NpgsqlDataSource dataSource, SchemaSql sql, TimeProvider time, ILogger logger, IEnumerable<string>? workedQueues = null)
    {
        _workedQueues = workedQueues?.ToArray() ?? [];
        _dataSource = dataSource;
        _sql = DiagnosticsSql.QueueDepth(sql);
        _time = time;
        _logger = logger;
    }

    /// <summary>
    /// The latest sample: available jobs per queue; the queues this client works are always present (0 when empty),
    /// other queues only while they hold available jobs.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, long>> Latest => _latest;

    public void Start() => _loop = Task.Run(RunAsync);

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

    private async Task RunAsync()
    {
        var ct = _stop.Token;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                if (RiverTelemetry.QueueDepth.Enabled)
                {
                    await SampleAsync(ct).ConfigureAwait(false);
                }
                await Task.Delay(Interval, _time, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException or System.IO.IOException or InvalidOperationException)
            {
                RiverDiagnosticsLog.QueueDepthSampleFailed(_logger, e);
                try { await Task.Delay(Interval, _time, ct).ConfigureAwait(false); }
                catch (OperationCanceledException) { break; }
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_loop is not null)
        {
            await _loop.ConfigureAwait(false);
        }
        _stop.Dispose();
    }
}
