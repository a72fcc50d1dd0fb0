using Npgsql;
using River.Logging;

namespace River.Leadership;

/// <summary>
/// The leader's term, for fencing every leader-only write (River.Typed's line <c>typed</c>: <c>river_typed_fence</c>).
/// Winning an election bumps the term in the same statement that takes the lease (<see cref="Database.Queries.LeaderSql.AttemptElect"/>);
/// the elector then <see cref="Enter"/>s it here and <see cref="Leave"/>s on losing leadership. A leader-only statement
/// carries <see cref="Database.Queries.SqlTemplate.LeaderFence"/> in its WHERE clause and binds <see cref="AddParameter"/>;
/// a multi-statement transaction runs <see cref="CheckAsync"/> first (its row lock holds until commit). When the term
/// is no longer current the database raises SQLSTATE <see cref="SqlState"/> and the statement changes nothing; the
/// service reports it with <see cref="TryReportRefusal"/> (metric <c>river.leader.fence_refused</c>, a warning, and the
/// elector steps down).
/// </summary>
internal sealed class LeaderFence
{
    /// <summary>The SQLSTATE <c>river_typed_leader_fence</c> raises for a stale term.</summary>
    public const string SqlState = "RVF01";

    /// <summary>The parameter name the fence fragment reads (<c>@leader_term</c>).</summary>
    public const string TermParameter = "leader_term";

    private readonly string _clientId;
    private readonly Microsoft.Extensions.Logging.ILogger _logger;
    private readonly string _check;
    private long _term;

    public LeaderFence(string clientId, Microsoft.Extensions.Logging.ILogger logger, string checkSql)
    {
        _clientId = clientId;
        _logger = logger;
        _check = checkSql;
    }

    /// <summary>The term this client leads with, 0 when it does not lead (a fenced write with 0 is always refused).</summary>
    public long Term => Volatile.Read(ref _term);

    /// <summary>Called (by the elector) when the fence reports a refusal: this client is no longer the leader.</summary>
    public Action? Deposed { get; set; }

    /// <summary>Signalled with the stale term each time a write is refused (tests).</summary>
    internal Services.TestSignal<long> Refused { get; } = new("fence.refused");

    /// <summary>Records the term won by an election (before the leader's services start).</summary>
    public void Enter(long term)
    {
        Volatile.Write(ref _term, term);
        FleetLog.TermStarted(_logger, _clientId, term);
    }

    /// <summary>
    /// Tests only: holds the database's current term without an election (creating term 1 when none), so a test can
    /// run leader services by hand (<c>RunOnceAsync</c>). An election by any client afterwards deposes it, as in production.
    /// </summary>
    internal async Task<long> AdoptCurrentTermForTestsAsync(NpgsqlDataSource dataSource, Database.Queries.SchemaSql sql)
    {
        await using var command = dataSource.CreateCommand(sql.Fill(Database.Queries.LeaderSql.AdoptTermForTests));
        command.Parameters.Add(new NpgsqlParameter<string>("leader_id", _clientId));
        var term = (long)(await command.ExecuteScalarAsync().ConfigureAwait(false))!;
        Volatile.Write(ref _term, term);
        return term;
    }

    /// <summary>Forgets the term (after the leader's services stopped).</summary>
    public void Leave() => Volatile.Write(ref _term, 0);

    /// <summary>Binds <c>@leader_term</c> to this client's term.</summary>
    public void AddParameter(NpgsqlParameterCollection parameters) =>
        parameters.Add(new NpgsqlParameter<long>(TermParameter, Term));

    /// <summary>
    /// Checks the term inside <paramref name="transaction"/> (raises <see cref="SqlState"/> when stale). The check
    /// locks the fence row FOR SHARE until the transaction ends, so no election can complete between the check and
    /// the commit: every statement of the transaction is fenced. Without a transaction (the reindexer: <c>REINDEX …
    /// CONCURRENTLY</c> cannot run in one) it is a check just before the statement, not atomic with it.
    /// </summary>
    public async Task CheckAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(_check, connection, transaction);
        AddParameter(command.Parameters);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Whether <paramref name="error"/> is (or wraps) a fence refusal.</summary>
    public static bool IsRefusal(Exception? error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            if (e is PostgresException { SqlState: SqlState })
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// When <paramref name="error"/> is a refusal: counts it, logs it, tells the elector to step down and returns true;
    /// otherwise false (the caller handles the error as before).
    /// </summary>
    public bool TryReportRefusal(string service, Exception error)
    {
        if (!IsRefusal(error))
        {
            return false;
        }

        var term = Term;
        Diagnostics.RiverTelemetry.FenceRefused(_clientId, service);
        FleetLog.FenceRefused(_logger, service, term, (error as PostgresException ?? error.InnerException as PostgresException)?.MessageText ?? error.Message);
        Refused.Signal(term);
        Deposed?.Invoke();
        return true;
    }
}
