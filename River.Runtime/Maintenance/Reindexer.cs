using Npgsql;
using River.Logging;

namespace River.Maintenance;

/// <summary>
/// The reindexer (on <see cref="MaintenanceOptions.ReindexerSchedule"/>, by default daily at midnight UTC): rebuilds
/// River's GIN indexes (<see cref="MaintenanceOptions.ReindexerIndexes"/>) with <c>REINDEX INDEX CONCURRENTLY</c>,
/// which does not block inserts or fetches, each within <see cref="MaintenanceOptions.ReindexerTimeout"/>.
/// </summary>
/// <remarks>
/// A concurrent reindex that is interrupted (timeout, crash, lost leadership) leaves an invalid
/// <c>&lt;index&gt;_ccnew</c> (or <c>_ccold</c>) index behind, and the next <c>REINDEX … CONCURRENTLY</c> of that
/// index would fail or pile up more. As River does, the reindexer looks for such leftovers first: when it finds
/// some it drops them and skips that index for this run (the next run rebuilds it). A missing index is skipped
/// with a warning. Failures of one index do not stop the others.
/// <para>
/// <c>REINDEX</c> needs ownership of the index (or, on PostgreSQL 17+, the <c>MAINTAIN</c> privilege); a role with
/// only DML rights has neither. When the server refuses for lack of privilege (SQLSTATE 42501) the reindexer logs one
/// warning per client naming the missing privilege and <see cref="MaintenanceOptions.ReindexerEnabled"/>, ends that
/// run (the other indexes have the same owner), and tries again only at its next scheduled time, quietly (debug
/// level). It never throws to the leader, and the other maintenance services are unaffected.
/// </para>
/// </remarks>
internal sealed class Reindexer : MaintenanceService
{
    private readonly IPeriodicSchedule _schedule;
    private int _privilegeWarned;

    public Reindexer(MaintenanceContext context)
        : base("reindexer", context, maxBatchSize: 1)
    {
        _schedule = context.Options.ReindexerSchedule ?? DailyAtMidnightUtc.Instance;
    }

    protected override TimeSpan FirstDelay(DateTimeOffset now) => UntilNext(now);

    protected override TimeSpan NextDelay(DateTimeOffset now) => UntilNext(now);

    /// <summary>A wake-up only recomputes the delay; the reindexer runs on its schedule.</summary>
    protected override bool RunsWhenWoken => false;

    private TimeSpan UntilNext(DateTimeOffset now)
    {
        var delay = _schedule.Next(now) - now;
        return delay > TimeSpan.Zero ? delay : TimeSpan.FromTicks(1);
    }

    /// <summary>Rebuilds every configured index; returns how many were rebuilt.</summary>
    protected override async Task<int> RunCoreAsync(CancellationToken cancellationToken)
    {
        var rebuilt = 0;
        foreach (var index in Context.Options.ReindexerIndexes)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                if (await ReindexOneAsync(index, cancellationToken).ConfigureAwait(false))
                {
                    rebuilt++;
                }
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege && !cancellationToken.IsCancellationRequested)
            {
                // Every River index has the same owner: the others would be refused too. Warn once per client.
                if (Interlocked.Exchange(ref _privilegeWarned, 1) == 0)
                {
                    MaintenanceLog.ReindexNotPermitted(Context.Logger, index, e.MessageText);
                }
                else
                {
                    MaintenanceLog.ReindexStillNotPermitted(Context.Logger, index);
                }
                break;
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is NpgsqlException or OperationCanceledException or TimeoutException)
            {
                MaintenanceLog.ReindexFailed(Context.Logger, e, index);
            }
        }
        return rebuilt;
    }

    private async Task<bool> ReindexOneAsync(string index, CancellationToken cancellationToken)
    {
        using var timeout = Context.Options.ReindexerTimeout == Timeout.InfiniteTimeSpan
            ? new CancellationTokenSource()
            : new CancellationTokenSource(Context.Options.ReindexerTimeout, Time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var ct = linked.Token;
        await using var connection = await Context.DataSource.OpenConnectionAsync(ct).ConfigureAwait(false);

        await using (var exists = new NpgsqlCommand(Database.Queries.MaintenanceSql.IndexExists, connection))
        {
            exists.Parameters.Add(new NpgsqlParameter<string>("schema", Context.Sql.Schema));
            exists.Parameters.Add(new NpgsqlParameter<string>("name", index));
            if (await exists.ExecuteScalarAsync(ct).ConfigureAwait(false) is not true)
            {
                MaintenanceLog.ReindexMissing(Context.Logger, index, Context.Sql.Schema);
                return false;
            }
        }

        var artifacts = new List<string>();
        await using (var find = new NpgsqlCommand(Database.Queries.MaintenanceSql.ReindexArtifacts, connection))
        {
            find.Parameters.Add(new NpgsqlParameter<string>("schema", Context.Sql.Schema));
            find.Parameters.Add(new NpgsqlParameter<string>("name", index));
            await using var reader = await find.ExecuteReaderAsync(ct).ConfigureAwait(false);
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                artifacts.Add(reader.GetString(0));
            }
        }
        await Context.Client.Fence.CheckAsync(connection, null, ct).ConfigureAwait(false); // DDL cannot carry the fence: check just before
        if (artifacts.Count > 0)
        {
            foreach (var artifact in artifacts)
            {
                await using var drop = new NpgsqlCommand(Context.Sql.DropIndex(artifact), connection);
                drop.CommandTimeout = 0;
                await drop.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            }
            MaintenanceLog.ReindexArtifactsDropped(Context.Logger, index, string.Join(", ", artifacts));
            return false;
        }

        await using (var reindex = new NpgsqlCommand(Context.Sql.Reindex(index), connection))
        {
            reindex.CommandTimeout = 0; // the token carries the timeout
            await reindex.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        MaintenanceLog.Reindexed(Context.Logger, index);
        return true;
    }

    /// <summary>Fires at every midnight UTC.</summary>
    internal sealed class DailyAtMidnightUtc : IPeriodicSchedule
    {
        public static readonly DailyAtMidnightUtc Instance = new();

        public DateTimeOffset Next(DateTimeOffset after)
        {
            var utc = after.ToUniversalTime();
            return new DateTimeOffset(utc.Date, TimeSpan.Zero).AddDays(1);
        }
    }
}
