namespace River.Database.Queries;

/// <summary>
/// The optional columns of a bulk COPY into <c>river_job</c>. <c>args</c> and <c>kind</c> are always sent; a flag is set
/// when at least one row of the batch differs from the column's default (see <see cref="JobSql.ColumnDefaultMaxAttempts"/>
/// and its siblings), so a batch of plain jobs sends two columns instead of eight.
/// </summary>
[Flags]
internal enum CopyColumns
{
    None = 0,
    MaxAttempts = 1,
    Metadata = 2,
    Priority = 4,
    Queue = 8,
    ScheduledAt = 16,
    Tags = 32,
    All = MaxAttempts | Metadata | Priority | Queue | ScheduledAt | Tags,
}

/// <summary>The column list of a COPY for a set of <see cref="CopyColumns"/>, in the order rows are written.</summary>
internal static class CopyColumnsSql
{
    public static string List(CopyColumns columns)
    {
        var list = new List<string>(8) { "args", "kind" };
        if ((columns & CopyColumns.MaxAttempts) != 0) list.Add("max_attempts");
        if ((columns & CopyColumns.Metadata) != 0) list.Add("metadata");
        if ((columns & CopyColumns.Priority) != 0) list.Add("priority");
        if ((columns & CopyColumns.Queue) != 0) list.Add("queue");
        if ((columns & CopyColumns.ScheduledAt) != 0) list.Add("scheduled_at");
        if ((columns & CopyColumns.Tags) != 0) list.Add("tags");
        return string.Join(", ", list);
    }
}
