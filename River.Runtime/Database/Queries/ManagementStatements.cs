namespace River.Database.Queries;

/// <summary>The fixed statements of <see cref="ManagementSql"/> with the schema filled in, built once per client on first use.</summary>
internal sealed class ManagementStatements
{
    public ManagementStatements(SchemaSql sql)
    {
        Schema = sql;
        CancelJob = sql.Fill(ManagementSql.CancelJob);
        RetryJob = sql.Fill(ManagementSql.RetryJob);
        DeleteJob = sql.Fill(ManagementSql.DeleteJob);
        GetQueue = FillQueue(sql, ManagementSql.GetQueue);
        ListQueues = FillQueue(sql, ManagementSql.ListQueues);
        PauseQueue = sql.Fill(ManagementSql.PauseQueue);
        ResumeQueue = sql.Fill(ManagementSql.ResumeQueue);
        UpdateQueueMetadata = FillQueue(sql, ManagementSql.UpdateQueueMetadata);
        ProducerPoll = sql.Fill(ManagementSql.ProducerPoll);
        StartAttempt = sql.Fill(ManagementSql.StartAttempt);
        JobsByKinds = sql.Fill(ManagementSql.JobsByKinds);
        KindCounts = sql.Fill(ManagementSql.KindCounts);
    }

    public SchemaSql Schema { get; }
    public string CancelJob { get; }
    public string RetryJob { get; }
    public string DeleteJob { get; }
    public string GetQueue { get; }
    public string ListQueues { get; }
    public string PauseQueue { get; }
    public string ResumeQueue { get; }
    public string UpdateQueueMetadata { get; }
    public string ProducerPoll { get; }
    public string StartAttempt { get; }
    public string JobsByKinds { get; }
    public string KindCounts { get; }

    private static string FillQueue(SchemaSql sql, string statement) =>
        sql.Fill(statement.Replace("{QCOLUMNS}", ManagementSql.QueueColumns, StringComparison.Ordinal));
}
