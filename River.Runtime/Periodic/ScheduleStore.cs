using Npgsql;
using NpgsqlTypes;
using River.Database.Queries;

namespace River.Periodic;

/// <summary>Reads and writes rows of <c>river_typed_schedule</c> (statements in <see cref="ScheduleSql"/>).</summary>
internal static class ScheduleStore
{
    /// <summary>One row as read with <see cref="ScheduleSql.Columns"/>.</summary>
    public static ScheduleInfo Read(NpgsqlDataReader r) => new()
    {
        Id = r.GetString(0),
        Owner = r.GetString(1) == "code" ? ScheduleOwner.Code : ScheduleOwner.Runtime,
        Schedule = r.GetString(2),
        TimeZone = r.IsDBNull(3) ? null : r.GetString(3),
        Kind = r.IsDBNull(4) ? null : r.GetString(4),
        ArgsJson = r.IsDBNull(5) ? null : r.GetString(5),
        Queue = r.GetString(6),
        Priority = r.GetInt16(7),
        MaxAttempts = r.GetInt16(8),
        Tags = r.GetFieldValue<string[]>(9),
        MetadataJson = r.GetString(10),
        Misfire = ScheduleDefinition.ParsePolicy(r.GetString(11)),
        MaxMisfireRuns = r.GetInt32(12),
        RunOnStart = r.GetBoolean(13),
        Paused = r.GetBoolean(14),
        NextRunAt = r.IsDBNull(15) ? null : r.GetFieldValue<DateTimeOffset>(15),
        LastRunAt = r.IsDBNull(16) ? null : r.GetFieldValue<DateTimeOffset>(16),
        LastJobId = r.IsDBNull(17) ? null : r.GetInt64(17),
        TriggerPendingAt = r.IsDBNull(18) ? null : r.GetFieldValue<DateTimeOffset>(18),
        DefinitionVersion = r.GetString(19),
        CreatedAt = r.GetFieldValue<DateTimeOffset>(21),
        UpdatedAt = r.GetFieldValue<DateTimeOffset>(22),
    };

    /// <summary>The stored definition hash of a row read with <see cref="ScheduleSql.Columns"/>.</summary>
    public static string ReadHash(NpgsqlDataReader r) => r.GetString(20);

    public static async Task<ScheduleInfo?> ReadOneAsync(NpgsqlCommand cmd, CancellationToken cancellationToken)
    {
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? Read(reader) : null;
    }

    /// <summary>Adds the parameters of <see cref="ScheduleSql.InsertTemplate"/> and <see cref="ScheduleSql.UpdateDefinitionTemplate"/>.</summary>
    public static void AddDefinition(NpgsqlCommand cmd, ScheduleDefinition d)
    {
        cmd.Parameters.Add(new NpgsqlParameter<string>("id", d.Id));
        cmd.Parameters.Add(new NpgsqlParameter<string>("owner", d.Owner == ScheduleOwner.Code ? "code" : "runtime"));
        cmd.Parameters.Add(new NpgsqlParameter<string>("schedule", d.Schedule));
        cmd.Parameters.Add(new NpgsqlParameter("time_zone", NpgsqlDbType.Text) { Value = (object?)d.TimeZone ?? DBNull.Value });
        cmd.Parameters.Add(new NpgsqlParameter("kind", NpgsqlDbType.Text) { Value = (object?)d.Kind ?? DBNull.Value });
        cmd.Parameters.Add(new NpgsqlParameter("args", NpgsqlDbType.Text) { Value = (object?)d.ArgsJson ?? DBNull.Value });
        cmd.Parameters.Add(new NpgsqlParameter<string>("queue", d.Queue));
        cmd.Parameters.Add(new NpgsqlParameter<short>("priority", (short)d.Priority));
        cmd.Parameters.Add(new NpgsqlParameter<short>("max_attempts", (short)d.MaxAttempts));
        cmd.Parameters.Add(new NpgsqlParameter<string[]>("tags", d.Tags.ToArray()));
        cmd.Parameters.Add(new NpgsqlParameter<string>("metadata", d.MetadataJson));
        cmd.Parameters.Add(new NpgsqlParameter<string>("misfire_policy", ScheduleDefinition.PolicyText(d.Misfire)));
        cmd.Parameters.Add(new NpgsqlParameter<int>("max_misfire_runs", d.MaxMisfireRuns));
        cmd.Parameters.Add(new NpgsqlParameter<bool>("run_on_start", d.RunOnStart));
        cmd.Parameters.Add(new NpgsqlParameter<string>("definition_version", d.Version));
        cmd.Parameters.Add(new NpgsqlParameter<string>("definition_hash", d.Hash));
    }

    /// <summary>A nullable timestamptz parameter.</summary>
    public static NpgsqlParameter Timestamp(string name, DateTimeOffset? value) =>
        new(name, NpgsqlDbType.TimestampTz) { Value = value is { } v ? v.UtcDateTime : DBNull.Value };

    /// <summary>Inserts a new row; returns false when the id exists.</summary>
    public static async Task<bool> InsertAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, ScheduleSql sql,
        ScheduleDefinition definition, bool paused, DateTimeOffset? nextRun, CancellationToken cancellationToken)
    {
        await using var cmd = new NpgsqlCommand(sql.Insert, connection, transaction);
        AddDefinition(cmd, definition);
        cmd.Parameters.Add(new NpgsqlParameter<bool>("paused", paused));
        cmd.Parameters.Add(Timestamp("next_run_at", nextRun));
        return await cmd.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is string;
    }

    /// <summary>Replaces a row's definition (the next run too when given); returns the row, or null when none has the id.</summary>
    public static async Task<ScheduleInfo?> UpdateAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, ScheduleSql sql,
        ScheduleDefinition definition, DateTimeOffset? nextRun, CancellationToken cancellationToken)
    {
        await using var cmd = new NpgsqlCommand(sql.UpdateDefinition, connection, transaction);
        AddDefinition(cmd, definition);
        cmd.Parameters.Add(Timestamp("next_run_at", nextRun));
        return await ReadOneAsync(cmd, cancellationToken).ConfigureAwait(false);
    }
}
