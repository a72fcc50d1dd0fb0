namespace River.Database.Queries;

/// <summary>
/// Every statement of one client with its placeholders (<see cref="SqlTemplate"/>) filled in, built once per client
/// so no path does string work: the hot statements of <see cref="JobSql"/> here, the management, maintenance,
/// leadership, diagnostics and testing statements beside them. The schema name is validated and quoted before it
/// gets here.
/// </summary>
internal sealed class SchemaSql
{
    /// <param name="schema">The schema of River's tables, unquoted.</param>
    /// <param name="prepareStatements">Whether the hot statements (fetch, completion) run as prepared statements.</param>
    /// <param name="deleteCompleted">Whether completed jobs are deleted instead of kept (<see cref="RiverClientOptions.DeleteCompletedJobs"/>).</param>
    public SchemaSql(string schema, bool prepareStatements = true, bool deleteCompleted = false)
    {
        PrepareStatements = prepareStatements;
        DeleteCompleted = deleteCompleted;
        ArgumentException.ThrowIfNullOrEmpty(schema);
        Schema = schema;
        Prefix = JobOptionRules.SchemaPrefix(schema);
        InsertMany = Fill(JobSql.InsertMany);
        FetchAvailable = Fill(JobSql.FetchAvailable);
        FetchUnreceived = Fill(JobSql.FetchUnreceived);
        SetStatesIfRunning = Fill(JobSql.SetStatesIfRunning);
        SetStatesIfRunningReturningRows = Fill(JobSql.SetStatesIfRunning.Replace("RETURNING j.id", "RETURNING " + SqlTemplate.Columns, StringComparison.Ordinal));
        SetCompletedIfRunning = Fill(deleteCompleted ? JobSql.DeleteCompletedIfRunning : JobSql.SetCompletedIfRunning);
        SetCompletedIfRunningReturningRows = deleteCompleted
            ? Fill(JobSql.DeleteCompletedIfRunning.Replace("RETURNING j.id", "RETURNING " + JobSql.DeletedAsCompletedColumns, StringComparison.Ordinal))
            : null;
        GetById = Fill(JobSql.GetById);
        MigrationVersion = Fill(JobSql.MigrationVersion);
        TypedMigrationVersion = Fill(JobSql.TypedMigrationVersion);
        Management = new ManagementStatements(this);
        Maintenance = new MaintenanceSql(this);
        Schedules = new ScheduleSql(this);
        Workflows = new WorkflowSql(this);
        Testing = new TestingStatements(this);
        QueueDepth = DiagnosticsSql.QueueDepth(this);
        FlowSequences = DiagnosticsSql.FlowSequences(this);
        LeaderDeleteExpired = Fill(LeaderSql.DeleteExpired);
        LeaderAttemptElect = Fill(LeaderSql.AttemptElect);
        LeaderReelect = Fill(LeaderSql.Reelect);
        LeaderResign = Fill(LeaderSql.Resign);
        LeaderCheckFence = Fill(LeaderSql.CheckFence);
        LeaderGetTerm = Fill(LeaderSql.GetTerm);
        Fleet = new FleetStatements(this);
        Flow = new FlowStatements(this);
        InsertChannel = schema + ".river_insert";
        ControlChannel = schema + ".river_control";
        LeadershipChannel = schema + ".river_leadership";
    }

    /// <summary>The shared statements of each schema with the default settings (<see cref="ForSchema"/>).</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, SchemaSql> BySchema = new(StringComparer.Ordinal);

    /// <summary>
    /// The statements of <paramref name="schema"/> with the default settings (prepared, completed jobs kept), built
    /// once per schema and shared, as a client builds its own once: what River.Testing's helpers run. The caller
    /// validates the name first (only valid names are kept).
    /// </summary>
    public static SchemaSql ForSchema(string schema) => BySchema.GetOrAdd(schema, static name => new SchemaSql(name));

    /// <summary>
    /// Whether the producers' fetch and the completer's statements are prepared (server-side, once per physical
    /// connection; see <see cref="RiverClientOptions.PrepareStatements"/>).
    /// </summary>
    public bool PrepareStatements { get; }

    /// <summary>The schema name, unquoted.</summary>
    public string Schema { get; }
    /// <summary>The quoted schema followed by a dot, e.g. <c>"public".</c>.</summary>
    public string Prefix { get; }

    public string InsertMany { get; }
    public string FetchAvailable { get; }
    public string FetchUnreceived { get; }
    public string SetStatesIfRunning { get; }
    /// <summary><see cref="SetStatesIfRunning"/> returning the updated rows (when events are subscribed).</summary>
    public string SetStatesIfRunningReturningRows { get; }
    /// <summary>
    /// Writes plain completions: <see cref="JobSql.SetCompletedIfRunning"/>, or <see cref="JobSql.DeleteCompletedIfRunning"/>
    /// when <see cref="DeleteCompleted"/>.
    /// </summary>
    public string SetCompletedIfRunning { get; }
    /// <summary>
    /// With <see cref="DeleteCompleted"/>: the delete returning each row as it would read completed (for events);
    /// otherwise null (completions are then written by <see cref="SetStatesIfRunningReturningRows"/>).
    /// </summary>
    public string? SetCompletedIfRunningReturningRows { get; }
    /// <summary>Whether completed jobs are deleted instead of kept (<see cref="RiverClientOptions.DeleteCompletedJobs"/>).</summary>
    public bool DeleteCompleted { get; }
    public string GetById { get; }
    public string MigrationVersion { get; }
    public string TypedMigrationVersion { get; }

    /// <summary>The job and queue management statements (and the producer's poll).</summary>
    public ManagementStatements Management { get; }

    /// <summary>The maintenance services' statements.</summary>
    public MaintenanceSql Maintenance { get; }
    /// <summary>The statements of durable schedules (line <c>typed</c>).</summary>
    public ScheduleSql Schedules { get; }
    /// <summary>The statements of workflows (line <c>typed</c>).</summary>
    public WorkflowSql Workflows { get; }

    /// <summary>The statements only River.Testing runs.</summary>
    public TestingStatements Testing { get; }

    /// <summary>The queue depth sample (<see cref="DiagnosticsSql.QueueDepth"/>).</summary>
    public string QueueDepth { get; }

    /// <summary>The sequence gauges' sample (<see cref="DiagnosticsSql.FlowSequences"/>).</summary>
    public string FlowSequences { get; }

    /// <summary>The leader election statements of <see cref="LeaderSql"/>, filled.</summary>
    public string LeaderDeleteExpired { get; }
    public string LeaderAttemptElect { get; }
    public string LeaderReelect { get; }
    public string LeaderResign { get; }
    public string LeaderCheckFence { get; }
    public string LeaderGetTerm { get; }

    /// <summary>The client registry's statements (<see cref="FleetSql"/>).</summary>
    public FleetStatements Fleet { get; }

    /// <summary>Flow control's statements (<see cref="FlowSql"/>): the limited fetch, declarations, management.</summary>
    public FlowStatements Flow { get; }

    /// <summary>The bulk COPY statement for the optional columns in <paramref name="columns"/> (built once per combination).</summary>
    public string CopyIn(CopyColumns columns)
    {
        var index = (int)columns;
        return _copyIn[index] ??= Fill(JobSql.CopyIn.Replace(SqlTemplate.CopyColumns, CopyColumnsSql.List(columns), StringComparison.Ordinal));
    }

    private readonly string?[] _copyIn = new string?[(int)CopyColumns.All + 1];
    public string NotifyInsert => JobSql.NotifyInsert;

    /// <summary>Binds <see cref="NotifyInsert"/>'s parameters: this schema's insert channel and the queues to notify.</summary>
    public void AddNotifyInsertParameters(Npgsql.NpgsqlParameterCollection parameters, string[] queues)
    {
        parameters.Add(new Npgsql.NpgsqlParameter<string>("channel", InsertChannel));
        parameters.Add(new Npgsql.NpgsqlParameter<string[]>("queues", queues));
    }

    /// <summary>LISTEN/NOTIFY channel names (<c>&lt;schema&gt;.river_insert</c>...).</summary>
    public string InsertChannel { get; }
    public string ControlChannel { get; }
    public string LeadershipChannel { get; }

    /// <summary>Fills the placeholders of <see cref="SqlTemplate"/> (all but the per-call copy columns) for this schema.</summary>
    public string Fill(string sql) => sql.Replace(SqlTemplate.Columns, JobSql.Columns, StringComparison.Ordinal)
        .Replace(SqlTemplate.FetchColumns, JobSql.FetchColumns, StringComparison.Ordinal)
        .Replace(SqlTemplate.QueueColumns, ManagementSql.QueueColumns, StringComparison.Ordinal)
        .Replace(SqlTemplate.LeaderFence, LeaderFenceCondition, StringComparison.Ordinal)
        .Replace(SqlTemplate.Schema, Prefix, StringComparison.Ordinal);

    /// <summary>What <see cref="SqlTemplate.LeaderFence"/> becomes (its schema placeholder filled next).</summary>
    private const string LeaderFenceCondition = "(SELECT " + SqlTemplate.Schema + "river_typed_leader_fence(@" + Leadership.LeaderFence.TermParameter + "))";

    /// <summary>Quotes an identifier the way PostgreSQL's quote_ident does (always quoted; inner quotes doubled).</summary>
    public static string QuoteIdentifier(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
