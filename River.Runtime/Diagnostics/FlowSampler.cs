using Microsoft.Extensions.Logging;
using Npgsql;
using River.Flow;
using River.Logging;
using River.Services;

namespace River.Diagnostics;

/// <summary>
/// Feeds the flow gauges (<c>river.flow.running</c>, <c>.waiting</c>, <c>.max_running</c>, <c>.tokens</c>,
/// <c>river.sequence.active</c>, <c>.waiting</c>): every <see cref="QueueDepthSampler.Interval"/>, while a meter
/// listener has one of them enabled, reads every limit with its running and waiting jobs (the management API's
/// statement, <see cref="Database.Queries.FlowSql.List"/>) and the sequences per queue; the gauges' callbacks read the
/// latest sample. Gauges, not counters of held-back jobs: the limited fetch is one statement that returns job rows, and
/// a job held back is seen again by every fetch, so a count of "held" would grow with the fetch rate, not the backlog;
/// what an operator asks — how close is each limit, how much waits behind it — is a level. Two queries per interval
/// while observed, none per job or fetch, none while nobody observes.
/// </summary>
internal sealed class FlowSampler : RiverService
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly string _limitsSql;
    private readonly string _sequencesSql;
    private readonly ILogger _logger;
    private volatile FlowSample _latest = FlowSample.Empty;

    /// <param name="context">The client's shared context.</param>
    public FlowSampler(ClientContext context)
        : base("flow_sampler", context.Time, context.Logger)
    {
        _dataSource = context.DataSource;
        _limitsSql = context.Sql.Flow.List;
        _sequencesSql = context.Sql.FlowSequences;
        _logger = context.Logger;
        Sampled = new TestSignal<FlowSample>(Name + ".sampled");
    }

    /// <summary>The latest sample (empty before the first).</summary>
    public FlowSample Latest => _latest;

    /// <summary>Signalled after each sample.</summary>
    internal TestSignal<FlowSample> Sampled { get; }

    /// <summary>Takes one sample now.</summary>
    public async Task SampleAsync(CancellationToken cancellationToken)
    {
        var limits = await FlowLimitReader.ReadAsync(_dataSource, _limitsSql, null, cancellationToken).ConfigureAwait(false);
        var sequences = new List<SequenceCounts>();
        await using (var cmd = _dataSource.CreateCommand(_sequencesSql))
        {
            await using var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                sequences.Add(new SequenceCounts(reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2)));
            }
        }
        var sample = new FlowSample(limits, sequences);
        _latest = sample;
        Sampled.Signal(sample);
    }

    /// <summary>Samples every <see cref="QueueDepthSampler.Interval"/> while a flow gauge is observed; a failed sample keeps the last one.</summary>
    protected override async Task RunAsync(CancellationToken stopping)
    {
        while (true)
        {
            try
            {
                if (RiverTelemetry.FlowObserved)
                {
                    await SampleAsync(stopping).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (!stopping.IsCancellationRequested
                                      && e is NpgsqlException or TimeoutException or System.IO.IOException or InvalidOperationException)
            {
                DiagnosticsLog.FlowSampleFailed(_logger, e);
            }
            await SleepAsync(QueueDepthSampler.Interval, stopping).ConfigureAwait(false);
        }
    }
}
