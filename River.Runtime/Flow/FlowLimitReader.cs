using Npgsql;
using River.Database.Queries;

namespace River.Flow;

/// <summary>
/// Reads the rows of <see cref="FlowSql.List"/> into <see cref="FlowLimitInfo"/>: the management API
/// (<c>ListFlowLimitsAsync</c>, <c>GetFlowLimitAsync</c>) and the flow gauges' sampler read the same statement.
/// </summary>
internal static class FlowLimitReader
{
    /// <param name="dataSource">The client's data source.</param>
    /// <param name="listSql">The client's filled <see cref="FlowSql.List"/>.</param>
    /// <param name="id">One limit's id (<see cref="FlowScope.Id"/>), or null for every limit.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public static async Task<List<FlowLimitInfo>> ReadAsync(NpgsqlDataSource dataSource, string listSql, string? id, CancellationToken cancellationToken)
    {
        await using var cmd = dataSource.CreateCommand(listSql);
        cmd.Parameters.Add(new NpgsqlParameter<string?>("id", id));
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var list = new List<FlowLimitInfo>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var partition = reader.IsDBNull(3) ? null : System.Text.Json.JsonDocument.Parse(reader.GetString(3)).RootElement
                .EnumerateArray().Select(e => e.GetString()!.Replace("\\", "\\\\", StringComparison.Ordinal).Replace(".", "\\.", StringComparison.Ordinal));
            list.Add(new FlowLimitInfo
            {
                // Not validated: a row another writer stored with a name the rules refuse is listed, not thrown at.
                Scope = FlowScope.Stored(reader.IsDBNull(1) ? null : reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2)),
                Limits = new FlowOptions
                {
                    PartitionBy = partition is null ? null : string.Join('.', partition),
                    MaxRunning = reader.IsDBNull(4) ? null : reader.GetInt32(4),
                    RateLimit = reader.IsDBNull(5) ? null : reader.GetInt32(5),
                    RatePeriod = reader.IsDBNull(6) ? null : TimeSpan.FromMilliseconds((double)reader.GetDecimal(6)),
                    RateBurst = reader.IsDBNull(7) ? null : reader.GetInt32(7),
                },
                Sequenced = reader.GetBoolean(8),
                ChangedAtRunTime = reader.GetString(9) == "runtime",
                UpdatedAt = reader.GetFieldValue<DateTimeOffset>(10),
                Running = reader.GetInt64(11),
                Waiting = reader.GetInt64(12),
                PartitionsRunning = reader.GetInt64(13),
                TokensLeft = reader.IsDBNull(14) ? null : reader.GetDouble(14),
            });
        }
        return list;
    }
}
