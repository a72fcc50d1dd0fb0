using River;
using River.Testing;
using RiverWorker.Jobs;

namespace RiverWorker.Tests;

/// <summary>
/// The worker on a real job: JobWorker inserts it in the test's transaction and works it once through River's
/// executor. TestDatabases gives each test a migrated database of its own (a throwaway local PostgreSQL, or the server
/// in RIVER_TEST_DATABASE_URL); rolling back leaves nothing behind.
/// </summary>
public sealed class SendWelcomeEmailWorkerTests
{
    [Fact]
    public async Task The_worker_sends_the_welcome_message()
    {
        var sender = new RecordingSender();
        var worker = new JobWorker<SendWelcomeEmail>(new SendWelcomeEmailWorker(sender));
        await using var db = await TestDatabases.CreateAsync();
        await using var connection = await db.DataSource.OpenConnectionAsync();
        await using var tx = await connection.BeginTransactionAsync();

        var result = await worker.WorkAsync(tx, new SendWelcomeEmail("ada@example.com", "Ada"));

        Assert.Equal(WorkOutcome.Completed, result.Outcome);
        Assert.Equal(JobState.Completed, result.State);
        Assert.Equal(("ada@example.com", "Welcome, Ada!"), Assert.Single(sender.Sent));
    }

    [Fact]
    public async Task A_failed_send_is_retried()
    {
        var worker = new JobWorker<SendWelcomeEmail>(new SendWelcomeEmailWorker(new RecordingSender { Fail = true }));
        await using var db = await TestDatabases.CreateAsync();
        await using var connection = await db.DataSource.OpenConnectionAsync();
        await using var tx = await connection.BeginTransactionAsync();

        var result = await worker.WorkAsync(tx, new SendWelcomeEmail("ada@example.com", "Ada"));

        Assert.Equal(WorkOutcome.Failed, result.Outcome);
        Assert.Equal(1, result.Job.Attempt);           // attempts remain: River retries it later
        Assert.Contains("mail server down", result.Error?.Error, StringComparison.Ordinal);
    }

    private sealed class RecordingSender : IWelcomeSender
    {
        public bool Fail { get; init; }

        public List<(string Email, string Text)> Sent { get; } = [];

        public Task SendAsync(string email, string text, CancellationToken cancellationToken)
        {
            if (Fail)
            {
                throw new InvalidOperationException("mail server down");
            }
            Sent.Add((email, text));
            return Task.CompletedTask;
        }
    }
}
