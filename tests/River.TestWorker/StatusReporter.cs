using System.Globalization;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace River.TestWorker;

/// <summary>
/// Samples the client every <see cref="LeaderSampleInterval"/>: each leadership term is written to
/// <c>reliability_leadership</c> as [first sample that saw it, last sample that saw it], so the tests can check that
/// no two processes were ever sampled as leader at the same moment. Prints a status line (<c>@@ status …</c>) every
/// <c>--status-ms</c> with leadership, notifier state and memory.
/// </summary>
internal sealed class StatusReporter(RiverClient client, NpgsqlDataSource dataSource, WorkerSettings settings) : BackgroundService
{
    private static readonly TimeSpan LeaderSampleInterval = TimeSpan.FromMilliseconds(20);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        DateTimeOffset? termStart = null;
        var termLast = DateTimeOffset.MinValue;
        var nextStatus = DateTimeOffset.UtcNow;
        using var timer = new PeriodicTimer(LeaderSampleInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                var now = DateTimeOffset.UtcNow;
                var leader = client.IsLeader;
                if (leader)
                {
                    termStart ??= now;
                    termLast = now;
                }
                else if (termStart is { } start)
                {
                    await WriteTermAsync(start, termLast);
                    termStart = null;
                }
                if (settings.StatusInterval > TimeSpan.Zero && now >= nextStatus)
                {
                    nextStatus = now + settings.StatusInterval;
                    Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"@@ status leader={(leader ? 1 : 0)} notifier={client.NotifierState} heap={GC.GetTotalMemory(false)} ws={Environment.WorkingSet} backlog={client.CompleterBacklog}"));
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        if (termStart is { } last)
        {
            await WriteTermAsync(last, termLast);
        }
    }

    private async Task WriteTermAsync(DateTimeOffset first, DateTimeOffset last)
    {
        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"@@ leader-term {first:O} {last:O}"));
        try
        {
            await using var cmd = dataSource.CreateCommand(
                "INSERT INTO reliability_leadership (client_id, pid, first_seen, last_seen) VALUES ($1, $2, $3, $4)");
            cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = settings.ClientId });
            cmd.Parameters.Add(new NpgsqlParameter<int> { TypedValue = Environment.ProcessId });
            cmd.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = first.UtcDateTime });
            cmd.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = last.UtcDateTime });
            await cmd.ExecuteNonQueryAsync();
        }
        catch (NpgsqlException e)
        {
            // The stdout line above still carries the term.
            Console.Out.WriteLine("@@ leader-term not recorded: " + e.Message);
        }
    }
}
