namespace River.Database.Queries;

/// <summary>
/// The statements of <see cref="JobSql"/> with the schema placeholder filled in, built once per client so the
/// hot path does no string work. The schema name is validated and quoted before it gets here.
/// </summary>
internal sealed class SchemaSql
{
    /// <param name="schema">The schema of River's tables, unquoted.</param>
    /// <param name="prepareStatements">Whether the hot statements (fetch, completion) run as prepared statements.</param>
    public SchemaSql(string schema, bool prepareStatements = true)
    {
        PrepareStatements = prepareStatements;
        ArgumentException.ThrowIfNullOrEmpty(schema);
        Schema = schema;
        Prefix = JobOptionRules.SchemaPrefix(schema);
        InsertMany = Fill(JobSql.InsertMany);
        FetchAvailable = Fill(JobSql.FetchAvailable);
        SetStatesIfRunning = Fill(JobSql.SetStatesIfRunning);
        SetStatesIfRunningReturningRows = Fill(JobSql.SetStatesIfRunning.Replace("RETURNING j.id", "RETURNING {COLUMNS}", StringComparison.Ordinal));
        SetCompletedIfRunning = Fill(JobSql.SetCompletedIfRunning);
        GetById = Fill(JobSql.GetById);
        MigrationVersion = Fill(JobSql.MigrationVersion);
        InsertChannel = schema + ".river_insert";
        ControlChannel = schema + ".river_control";
        LeadershipChannel = schema + ".river_leadership";
    }

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
    public string SetStatesIfRunning { get; }
    /// <summary><see cref="SetStatesIfRunning"/> returning the updated rows (when events are subscribed).</summary>
    public string SetStatesIfRunningReturningRows { get; }
    public string SetCompletedIfRunning { get; }
    public string GetById { get; }
    public string MigrationVersion { get; }

    /// <summary>The bulk COPY statement for the optional columns in <paramref name="columns"/> (built once per combination).</summary>
    public string CopyIn(CopyColumns columns)
    {
        var index = (int)columns;
        return _copyIn[index] ??= Fill(JobSql.CopyIn.Replace("{COPY_COLUMNS}", CopyColumnsSql.List(columns), StringComparison.Ordinal));
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

    /// <summary>Replaces <c>{s}</c> with the schema prefix and <c>{COLUMNS}</c> with <see cref="JobSql.Columns"/>, <c>{FETCH_COLUMNS}</c> with <see cref="JobSql.FetchColumns"/>.</summary>
    public string Fill(string sql) => sql.Replace("{COLUMNS}", JobSql.Columns, StringComparison.Ordinal)
        .Replace("{FETCH_COLUMNS}", JobSql.FetchColumns, StringComparison.Ordinal)
        .Replace("{s}", Prefix, StringComparison.Ordinal);

    /// <summary>Quotes an identifier the way PostgreSQL's quote_ident does (always quoted; inner quotes doubled).</summary>
    public static string QuoteIdentifier(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
