using River.Testing;
using RiverWorker.Jobs;

namespace RiverWorker.Tests;

/// <summary>Enqueue code under test with RecordingRiverInserter: no PostgreSQL, the client's own validation.</summary>
public sealed class SignupsTests
{
    [Fact]
    public async Task Signing_up_enqueues_a_welcome_email()
    {
        var inserter = new RecordingRiverInserter();

        await new Signups(inserter).SignUpAsync("ada@example.com", "Ada");

        var job = Assert.Single(inserter.Inserted<SendWelcomeEmail>());
        Assert.Equal(new SendWelcomeEmail("ada@example.com", "Ada"), job);
        Assert.Equal("default", inserter.Inserts[0].Job.Queue);
        Assert.Equal(5, inserter.Inserts[0].Job.MaxAttempts);
    }

    [Fact]
    public async Task A_blank_email_is_refused_and_nothing_is_enqueued()
    {
        var inserter = new RecordingRiverInserter();

        await Assert.ThrowsAsync<ArgumentException>(() => new Signups(inserter).SignUpAsync(" ", "Ada"));

        Assert.Empty(inserter.Inserts);
    }
}
