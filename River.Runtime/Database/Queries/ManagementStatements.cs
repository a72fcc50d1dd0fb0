namespace River.Database.Queries;

/// <summary>The fixed statements of <see cref="ManagementSql"/> with the schema filled in, built once per client (part of <see cref="SchemaSql"/>).</summary>
internal sealed class ManagementStatements
{
    public ManagementStatements(SchemaSql sql)
    {
        Schema = sql;
        CancelJob = sql.Fill(ManagementSql.CancelJob);
        RetryJobLock = sql.Fill(ManagementSql.RetryJobLock);
        RetryJob = sql.Fill(ManagementSql.RetryJob);
        DeleteJob = sql.Fill(ManagementSql.DeleteJob);
        GetQueue = sql.Fill(ManagementSql.GetQueue);
        ListQueues = sql.Fill(ManagementSql.ListQueues);
        PauseQueue = sql.Fill(ManagementSql.PauseQueue);
        ResumeQueue = sql.Fill(ManagementSql.ResumeQueue);
        UpdateQueueMetadata = sql.Fill(ManagementSql.UpdateQueueMetadata);
        ProducerPoll = sql.Fill(ManagementSql.ProducerPoll);
    }

    public SchemaSql Schema { get; }
    public string CancelJob { get; }
    public string RetryJobLock { get; }
    public string RetryJob { get; }
    public string DeleteJob { get; }
    public string GetQueue { get; }
    public string ListQueues { get; }
    public string PauseQueue { get; }
    public string ResumeQueue { get; }
    public string UpdateQueueMetadata { get; }
    public string ProducerPoll { get; }
}
