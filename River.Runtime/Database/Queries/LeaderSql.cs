namespace River.Database.Queries;

/// <summary>Statements of leader election on <c>river_leader</c> (one row, name 'default'; UNLOGGED).</summary>
internal static class LeaderSql
{
    /// <summary>Removes an expired lease (run before <see cref="AttemptElect"/> in the same batch).</summary>
    public const string DeleteExpired = "DELETE FROM /* TEMPLATE: schema */river_leader WHERE expires_at < now()";

    /// <summary>
    /// Takes the lease if nobody holds it and, in the same statement, bumps the leader term in line typed's logged
    /// <c>river_typed_fence</c> (so a term exists exactly when a lease was won, and terms only grow, even after an
    /// immediate restart emptied the UNLOGGED <c>river_leader</c>); returns (elected_at, term) when this client won.
    /// </summary>
    public const string AttemptElect = """
        WITH elected AS (
            INSERT INTO /* TEMPLATE: schema */river_leader (leader_id, elected_at, expires_at)
            VALUES (@leader_id, now(), now() + @ttl)
            ON CONFLICT (name) DO NOTHING
            RETURNING elected_at
        ),
        fenced AS (
            INSERT INTO /* TEMPLATE: schema */river_typed_fence AS f (name, term, leader_id, elected_at)
            SELECT 'default', 1, @leader_id, elected_at FROM elected
            ON CONFLICT (name) DO UPDATE SET term = f.term + 1, leader_id = EXCLUDED.leader_id, elected_at = EXCLUDED.elected_at
            RETURNING term
        )
        SELECT elected.elected_at, fenced.term FROM elected CROSS JOIN fenced
        """;

    /// <summary>The fence check as a statement of its own (first in a multi-statement leader transaction); <c>@leader_term</c>.</summary>
    public const string CheckFence = "SELECT /* TEMPLATE: schema */river_typed_leader_fence(@leader_term)";

    /// <summary>
    /// Tests that drive leader services by hand, without an election: returns the current term, creating term 1 when
    /// there is none (never bumps it, so several such clients of one test share the term).
    /// </summary>
    public const string AdoptTermForTests = """
        INSERT INTO /* TEMPLATE: schema */river_typed_fence AS f (name, term, leader_id) VALUES ('default', 1, @leader_id)
        ON CONFLICT (name) DO UPDATE SET name = f.name
        RETURNING term
        """;

    /// <summary>The current term row (operators, tests): term, leader_id, elected_at.</summary>
    public const string GetTerm = "SELECT term, leader_id, elected_at FROM /* TEMPLATE: schema */river_typed_fence WHERE name = 'default'";

    /// <summary>Extends this client's lease for the same term; no row means the term is lost.</summary>
    public const string Reelect = """
        UPDATE /* TEMPLATE: schema */river_leader SET expires_at = now() + @ttl
        WHERE leader_id = @leader_id AND elected_at = @elected_at
        RETURNING expires_at
        """;

    /// <summary>Gives up this term's lease and tells followers on the leadership channel.</summary>
    public const string Resign = """
        WITH resigned AS (
            DELETE FROM /* TEMPLATE: schema */river_leader WHERE leader_id = @leader_id AND elected_at = @elected_at RETURNING leader_id
        )
        SELECT pg_notify(@channel, json_build_object('action', 'resigned', 'leader_id', leader_id)::text) FROM resigned
        """;

    /// <summary>The current leader, if any.</summary>
    public const string GetLeader = "SELECT leader_id, elected_at, expires_at FROM /* TEMPLATE: schema */river_leader WHERE expires_at >= now()";
}
