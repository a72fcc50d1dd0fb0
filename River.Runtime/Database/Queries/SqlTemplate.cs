namespace River.Database.Queries;

/// <summary>
/// The one placeholder convention of every SQL template in this folder, River's own (its migrations use it too):
/// <c>/* TEMPLATE: name */</c>. <see cref="SchemaSql.Fill"/> replaces them once per client, so no statement is
/// built at run time; a template never reaches the database unfilled (a test checks every statement).
/// </summary>
internal static class SqlTemplate
{
    /// <summary>The quoted schema followed by a dot (<see cref="SchemaSql.Prefix"/>), before every table, type and function name.</summary>
    public const string Schema = "/* TEMPLATE: schema */";

    /// <summary>Every column of <c>river_job</c> in reading order (<see cref="JobSql.Columns"/>).</summary>
    public const string Columns = "/* TEMPLATE: columns */";

    /// <summary>The columns a fetch returns (<see cref="JobSql.FetchColumns"/>).</summary>
    public const string FetchColumns = "/* TEMPLATE: fetch_columns */";

    /// <summary>The columns of <c>river_queue</c> in reading order (<see cref="ManagementSql.QueueColumns"/>).</summary>
    public const string QueueColumns = "/* TEMPLATE: queue_columns */";

    /// <summary>The columns one bulk COPY writes (<see cref="SchemaSql.CopyIn"/>, per combination of optional columns).</summary>
    public const string CopyColumns = "/* TEMPLATE: copy_columns */";

    /// <summary>
    /// The leader fence, a boolean condition for the WHERE clause of every leader-only write:
    /// <c>(SELECT river_typed_leader_fence(@leader_term))</c>, evaluated once per statement (an uncorrelated
    /// subquery), raising SQLSTATE RVF01 when <c>@leader_term</c> is not the current leader term (see <see cref="Leadership.LeaderFence"/>).
    /// </summary>
    public const string LeaderFence = "/* TEMPLATE: leader_fence */";

    /// <summary>The start of every placeholder (what a filled statement must not contain).</summary>
    public const string Marker = "/* TEMPLATE";
}
