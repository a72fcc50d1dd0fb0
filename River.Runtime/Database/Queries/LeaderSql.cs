namespace River.Database.Queries;

/// <summary>Statements of leader election on <c>river_leader</c> (one row, name 'default'; UNLOGGED).</summary>
internal static class LeaderSql
{
    /// <summary>Removes an expired lease (run before <see cref="AttemptElect"/> in the same batch).</summary>
    public const string DeleteExpired = "DELETE FROM /* TEMPLATE: schema */river_leader WHERE expires_at < now()";

    /// <summary>Takes the lease if nobody holds it; returns elected_at when this client won.</summary>
    public const string AttemptElect = """
        INSERT INTO /* TEMPLATE: schema */river_leader (leader_id, elected_at, expires_at)
        VALUES (@leader_id, now(), now() + @ttl)
        ON CONFLICT (name) DO NOTHING
        RETURNING elected_at
        """;

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
