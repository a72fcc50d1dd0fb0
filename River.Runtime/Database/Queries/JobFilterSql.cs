using System.Text;
using Npgsql;

namespace River.Database.Queries;

/// <summary>
/// Assembles the list and delete-many statements from the fixed fragments of <see cref="ManagementSql"/>: which
/// fragments go in depends only on which filters are set and on enum values; every value is a parameter.
/// </summary>
internal static class JobFilterSql
{
    /// <summary>Appends one fragment per filter set and adds its parameter.</summary>
    public static void AppendFilters(StringBuilder sql, NpgsqlParameterCollection parameters, JobFilterOptions filter)
    {
        if (filter.Ids is { } ids)
        {
            sql.Append(ManagementSql.FilterIds);
            parameters.Add(new NpgsqlParameter<long[]>("ids", ids.ToArray()));
        }
        if (filter.Kinds is { } kinds)
        {
            sql.Append(ManagementSql.FilterKinds);
            parameters.Add(new NpgsqlParameter<string[]>("kinds", kinds.ToArray()));
        }
        if (filter.Queues is { } queues)
        {
            sql.Append(ManagementSql.FilterQueues);
            parameters.Add(new NpgsqlParameter<string[]>("queues", queues.ToArray()));
        }
        if (filter.States is { } states)
        {
            AppendStates(sql, states);
        }
        if (filter.Priorities is { } priorities)
        {
            sql.Append(ManagementSql.FilterPriorities);
            parameters.Add(new NpgsqlParameter<short[]>("priorities", priorities.Select(p => (short)p).ToArray()));
        }
        if (filter.TagsAll is { } tagsAll)
        {
            sql.Append(ManagementSql.FilterTagsAll);
            parameters.Add(new NpgsqlParameter<string[]>("tags_all", tagsAll.ToArray()));
        }
        if (filter.TagsAny is { } tagsAny)
        {
            sql.Append(ManagementSql.FilterTagsAny);
            parameters.Add(new NpgsqlParameter<string[]>("tags_any", tagsAny.ToArray()));
        }
        if (filter.MetadataContains is { } metadata)
        {
            sql.Append(ManagementSql.FilterMetadata);
            parameters.Add(new NpgsqlParameter<string>("metadata", metadata));
        }
        if (filter.ArgsContains is { } args)
        {
            sql.Append(ManagementSql.FilterArgs);
            parameters.Add(new NpgsqlParameter<string>("args", args));
        }
        if (filter.AttemptedBy is { } attemptedBy)
        {
            sql.Append(ManagementSql.FilterAttemptedBy);
            parameters.Add(new NpgsqlParameter<string[]>("attempted_by", attemptedBy.ToArray()));
        }
        if (filter.CreatedAfter is { } createdAfter)
        {
            sql.Append(ManagementSql.FilterCreatedAfter);
            parameters.Add(new NpgsqlParameter<DateTimeOffset>("created_after", createdAfter.ToUniversalTime()));
        }
        if (filter.CreatedBefore is { } createdBefore)
        {
            sql.Append(ManagementSql.FilterCreatedBefore);
            parameters.Add(new NpgsqlParameter<DateTimeOffset>("created_before", createdBefore.ToUniversalTime()));
        }
    }

    /// <summary>
    /// The states as literals (<see cref="ManagementSql.FilterStatesHead"/>): each name comes from <see cref="JobStateNames.ToDb"/>
    /// of a defined <see cref="JobState"/> (the filters are validated first), so no user text reaches the statement.
    /// </summary>
    private static void AppendStates(StringBuilder sql, IReadOnlyList<JobState> states)
    {
        if (states.Count == 0)
        {
            sql.Append(ManagementSql.FilterNoState);
            return;
        }
        sql.Append(ManagementSql.FilterStatesHead);
        var first = true;
        foreach (var state in states.Distinct())
        {
            sql.Append(first ? "'" : ", '").Append(JobStateNames.ToDb(state)).Append('\'');
            first = false;
        }
        sql.Append(')');
    }

    /// <summary>Builds a list statement: head, filters, keyset condition, order, limit (one extra row to know whether more follow).</summary>
    public static string BuildList(SchemaSql schema, NpgsqlParameterCollection parameters, JobListOptions list, (DateTimeOffset Key, long Id)? after)
    {
        if (list.OrderBy == JobListOrder.FinalizedAt)
        {
            return BuildListByFinalized(schema, parameters, list, after);
        }
        var sql = new StringBuilder(ManagementSql.ListHead, 512);
        AppendFilters(sql, parameters, list);
        var ascending = list.Direction == SortDirection.Ascending;
        if (after is { } cursor)
        {
            sql.Append((list.OrderBy, ascending) switch
            {
                (JobListOrder.Id, true) => ManagementSql.AfterIdAscending,
                (JobListOrder.Id, false) => ManagementSql.AfterIdDescending,
                (JobListOrder.CreatedAt, true) => ManagementSql.AfterCreatedAscending,
                (JobListOrder.CreatedAt, false) => ManagementSql.AfterCreatedDescending,
                (JobListOrder.ScheduledAt, true) => ManagementSql.AfterScheduledAscending,
                (JobListOrder.ScheduledAt, false) => ManagementSql.AfterScheduledDescending,
                (JobListOrder.FinalizedAt, true) => ManagementSql.AfterFinalizedAscending,
                _ => ManagementSql.AfterFinalizedDescending,
            });
            parameters.Add(new NpgsqlParameter<long>("cursor_id", cursor.Id));
            if (list.OrderBy != JobListOrder.Id)
            {
                parameters.Add(new NpgsqlParameter<DateTimeOffset>("cursor_time", cursor.Key));
            }
        }
        sql.Append((list.OrderBy, ascending) switch
        {
            (JobListOrder.Id, true) => ManagementSql.OrderIdAscending,
            (JobListOrder.Id, false) => ManagementSql.OrderIdDescending,
            (JobListOrder.CreatedAt, true) => ManagementSql.OrderCreatedAscending,
            (JobListOrder.CreatedAt, false) => ManagementSql.OrderCreatedDescending,
            (JobListOrder.ScheduledAt, true) => ManagementSql.OrderScheduledAscending,
            (JobListOrder.ScheduledAt, false) => ManagementSql.OrderScheduledDescending,
            (JobListOrder.FinalizedAt, true) => ManagementSql.OrderFinalizedAscending,
            _ => ManagementSql.OrderFinalizedDescending,
        });
        sql.Append(ManagementSql.Limit);
        parameters.Add(new NpgsqlParameter<int>("limit", list.Limit + 1));
        return schema.Fill(sql.ToString());
    }

    /// <summary>The states with a finalized time, each one range of the index on <c>(state, finalized_at)</c>.</summary>
    private static readonly JobState[] FinalizedStates = [JobState.Cancelled, JobState.Completed, JobState.Discarded];

    /// <summary>
    /// A list by finalized time, as one index-ordered branch per finalized state merged by the outer order: the index on
    /// <c>(state, finalized_at)</c> has no order across states, so a single scan would sort every finalized row (a
    /// full-table sort on a large table) where each branch reads only about a page.
    /// </summary>
    private static string BuildListByFinalized(SchemaSql schema, NpgsqlParameterCollection parameters, JobListOptions list, (DateTimeOffset Key, long Id)? after)
    {
        var ascending = list.Direction == SortDirection.Ascending;
        var tail = new StringBuilder(256);
        AppendFilters(tail, parameters, list);
        if (after is { } cursor)
        {
            tail.Append(ascending ? ManagementSql.AfterFinalizedAscending : ManagementSql.AfterFinalizedDescending);
            parameters.Add(new NpgsqlParameter<long>("cursor_id", cursor.Id));
            parameters.Add(new NpgsqlParameter<DateTimeOffset>("cursor_time", cursor.Key));
        }
        var order = ascending ? ManagementSql.OrderFinalizedAscending : ManagementSql.OrderFinalizedDescending;
        tail.Append(order).Append(ManagementSql.Limit);
        parameters.Add(new NpgsqlParameter<int>("limit", list.Limit + 1));
        var states = FinalizedStates.Where(s => list.States is null || list.States.Contains(s)).ToList();
        var sql = new StringBuilder(ManagementSql.ListByFinalizedHead, 1024);
        if (states.Count == 0)
        {
            sql.Append(ManagementSql.ListByFinalizedNone);
        }
        for (var i = 0; i < states.Count; i++)
        {
            sql.Append(i == 0 ? "(" : " UNION ALL (").Append(ManagementSql.ListByFinalizedBranch)
                .Append(JobStateNames.ToDb(states[i])).Append("'").Append(tail).Append(')');
        }
        sql.Append(ManagementSql.ListByFinalizedFoot).Append(order).Append(ManagementSql.Limit);
        return schema.Fill(sql.ToString());
    }

    /// <summary>Builds a delete-many statement: head (never running jobs) and filters.</summary>
    public static string BuildDeleteMany(SchemaSql schema, NpgsqlParameterCollection parameters, JobDeleteManyOptions filter)
    {
        var sql = new StringBuilder(ManagementSql.DeleteManyHead, 256);
        AppendFilters(sql, parameters, filter);
        return schema.Fill(sql.ToString());
    }
}
