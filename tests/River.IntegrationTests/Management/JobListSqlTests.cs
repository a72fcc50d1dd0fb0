using Npgsql;
using River.Database.Queries;

namespace River.IntegrationTests.Management;

/// <summary>The list statement builder and the cursor, without a database.</summary>
public sealed class JobListSqlTests
{
    private static readonly SchemaSql Schema = new("public");

    [Fact]
    public void User_values_travel_as_parameters_never_as_sql_text()
    {
        const string hostile = "x'); DROP TABLE river_job; --";
        using var cmd = new NpgsqlCommand();
        var list = new JobListOptions
        {
            Ids = [1, 2], Kinds = [hostile], Queues = [hostile], States = [JobState.Running], Priorities = [2],
            TagsAll = [hostile], TagsAny = [hostile], MetadataContains = "{\"k\":\"" + hostile + "\"}",
            OrderBy = JobListOrder.ScheduledAt, Direction = SortDirection.Descending, Limit = 10,
        };

        var sql = JobFilterSql.BuildList(Schema, cmd.Parameters, list, (DateTimeOffset.UnixEpoch, 42));

        Assert.DoesNotContain("DROP", sql, StringComparison.Ordinal);
        Assert.Equal(
            ["ids", "kinds", "queues", "priorities", "tags_all", "tags_any", "metadata", "cursor_id", "cursor_time", "limit"],
            cmd.Parameters.Select(p => p.ParameterName));
        Assert.Equal(11, cmd.Parameters["limit"].Value); // one extra row tells whether another page follows
        Assert.EndsWith(" AND (j.scheduled_at, j.id) < (@cursor_time, @cursor_id) ORDER BY j.scheduled_at DESC, j.id DESC LIMIT @limit", sql, StringComparison.Ordinal);
        // States are written from the enum as literals, so the planner sees them (no user text can be a JobState).
        Assert.Contains(" AND j.state IN ('running') AND ", sql, StringComparison.Ordinal);
    }

    [Fact]
    public void Only_the_filters_that_are_set_are_in_the_statement()
    {
        using var cmd = new NpgsqlCommand();
        var sql = JobFilterSql.BuildList(Schema, cmd.Parameters, new JobListOptions(), null);
        Assert.Equal("SELECT " + JobSql.Columns + " FROM \"public\".river_job AS j WHERE true ORDER BY j.id ASC LIMIT @limit", sql);

        using var delete = new NpgsqlCommand();
        var deleteSql = JobFilterSql.BuildDeleteMany(Schema, delete.Parameters, new JobDeleteManyOptions { Kinds = ["a"] });
        Assert.Equal(Schema.Fill(ManagementSql.DeleteManyHead) + " AND j.kind = ANY(@kinds)", deleteSql);
        Assert.StartsWith("DELETE FROM \"public\".river_job AS j WHERE j.state <> 'running'", deleteSql, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(JobListOrder.Id)]
    [InlineData(JobListOrder.CreatedAt)]
    [InlineData(JobListOrder.ScheduledAt)]
    [InlineData(JobListOrder.FinalizedAt)]
    public void A_cursor_round_trips_its_sort_key_and_id_to_the_tick(JobListOrder order)
    {
        var row = Row(finalizedAt: new DateTimeOffset(2024, 5, 17, 13, 47, 12, TimeSpan.Zero).AddTicks(1_234_560));
        var cursor = JobListResult.CursorAfter(row, order);

        var (key, id) = JobListCursor.Decode(cursor, order);

        Assert.Equal(row.Id, id);
        var expected = order switch
        {
            JobListOrder.CreatedAt => row.CreatedAt,
            JobListOrder.ScheduledAt => row.ScheduledAt,
            JobListOrder.FinalizedAt => row.FinalizedAt!.Value,
            _ => new DateTimeOffset(0, TimeSpan.Zero),
        };
        Assert.Equal(expected.UtcTicks, key.UtcTicks);
        Assert.DoesNotContain('=', cursor);
        Assert.DoesNotContain('+', cursor);
        Assert.DoesNotContain('/', cursor);
    }

    [Fact]
    public void A_tampered_or_foreign_cursor_is_refused()
    {
        var cursor = JobListResult.CursorAfter(Row(finalizedAt: null), JobListOrder.Id);
        Assert.Throws<ArgumentException>(() => JobListCursor.Decode(cursor[..^2], JobListOrder.Id));
        Assert.Throws<ArgumentException>(() => JobListCursor.Decode("", JobListOrder.Id));
        var other = Assert.Throws<ArgumentException>(() => JobListCursor.Decode(cursor, JobListOrder.FinalizedAt));
        Assert.Contains("ordered by Id, but this list is ordered by FinalizedAt", other.Message, StringComparison.Ordinal);
        var unfinalized = Assert.Throws<ArgumentException>(() => JobListResult.CursorAfter(Row(finalizedAt: null), JobListOrder.FinalizedAt));
        Assert.Contains("is not finalized", unfinalized.Message, StringComparison.Ordinal);
    }

    private static JobRow Row(DateTimeOffset? finalizedAt) => new()
    {
        Id = 9_876_543_210,
        State = finalizedAt is null ? JobState.Available : JobState.Completed,
        Attempt = 0,
        MaxAttempts = 25,
        CreatedAt = new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.Zero).AddTicks(10),
        ScheduledAt = new DateTimeOffset(2024, 2, 3, 4, 5, 6, TimeSpan.FromHours(2)).AddTicks(20),
        FinalizedAt = finalizedAt,
        Priority = 1,
        EncodedArgs = "{}"u8.ToArray(),
        Kind = "k",
        Queue = "default",
    };
}
