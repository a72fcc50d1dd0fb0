using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using River.IntegrationTests.Runtime;
using River.Testing;

namespace River.IntegrationTests.TestingHelpers;

/// <summary>The recording fake: no database; the same validation and option resolution as the client.</summary>
public sealed class RecordingRiverInserterTests
{
    static RecordingRiverInserterTests() => Defs.EnsureRegistered();

    /// <summary>Code under test that only enqueues, as an application would write it.</summary>
    private sealed class SignupService(IRiverInserter inserter)
    {
        public Task SignUpAsync(int n) => inserter.InsertAsync(new OtherQueueArgs(n));
    }

    [Fact]
    public async Task Records_jobs_with_the_options_the_client_would_resolve()
    {
        var inserter = new RecordingRiverInserter();
        await new SignupService(inserter).SignUpAsync(7);
        await inserter.InsertAsync(new NoopArgs(1), new InsertOptions { Queue = "mail", Priority = 2, Tags = ["t_1"] });

        var other = Assert.Single(inserter.Inserted<OtherQueueArgs>());
        Assert.Equal(7, other.N);
        var rows = inserter.Inserts;
        Assert.Equal(2, rows.Count);
        Assert.Equal(("test.other_queue", "other", 3, 7), (rows[0].Kind, rows[0].Job.Queue, rows[0].Job.Priority, rows[0].Job.MaxAttempts));
        Assert.Equal(["tag_a", "tag_b"], rows[0].Job.Tags);
        Assert.Equal(("mail", 2, RiverDefaults.MaxAttempts), (rows[1].Job.Queue, rows[1].Job.Priority, rows[1].Job.MaxAttempts));
        Assert.Equal(["t_1"], rows[1].Job.Tags);
        Assert.Equal([1L, 2L], rows.Select(r => r.Job.Id));
        Assert.All(rows, r => Assert.Equal(JobState.Available, r.Job.State));
        Assert.Equal(1, rows[1].Args<NoopArgs>().N);
        Assert.Throws<InvalidOperationException>(() => rows[1].Args<OtherQueueArgs>());
    }

    [Fact]
    public async Task A_unique_job_with_a_recorded_key_is_reported_as_a_duplicate()
    {
        var inserter = new RecordingRiverInserter();
        var first = await inserter.InsertAsync(new UniqueArgs("a"));
        var second = await inserter.InsertAsync(new UniqueArgs("a"));
        var third = await inserter.InsertAsync(new UniqueArgs("b"));
        Assert.False(first.UniqueSkippedAsDuplicate);
        Assert.True(second.UniqueSkippedAsDuplicate);
        Assert.Equal(first.Job.Id, second.Job.Id);
        Assert.False(third.UniqueSkippedAsDuplicate);
        Assert.Equal(["a", "b"], inserter.Inserted<UniqueArgs>().Select(a => a.Key));
    }

    /// <summary>A value the analyzers cannot see as a constant (they would flag a literal out of range at compile time).</summary>
    private static int OutOfRange(int value) => value;

    public static TheoryData<string, InsertOptions> InvalidOptions => new()
    {
        { "queue", new InsertOptions { Queue = "" } },
        { "priority", new InsertOptions { Priority = OutOfRange(9) } },
        { "max attempts", new InsertOptions { MaxAttempts = OutOfRange(0) } },
        { "tag", new InsertOptions { Tags = ["has space"] } },
        { "metadata", new InsertOptions { Metadata = "[1]" } },
        { "unique states", new InsertOptions { UniqueOptions = new UniqueOptions { ByArgs = true, ByState = [JobState.Completed] } } },
    };

    [Theory]
    [MemberData(nameof(InvalidOptions))]
    public async Task Refuses_what_the_client_refuses_with_the_same_message(string what, InsertOptions opts)
    {
        // The client validates before it opens a connection: a data source that points nowhere is never used.
        await using var dataSource = NpgsqlDataSource.Create("Host=127.0.0.1;Port=1;Timeout=1");
        await using var client = new RiverClient(new RiverClientOptions { DataSource = dataSource });
        var inserter = new RecordingRiverInserter();

        var expected = await Assert.ThrowsAnyAsync<ArgumentException>(() => client.InsertAsync(new NoopArgs(1), opts));
        var actual = await Assert.ThrowsAnyAsync<ArgumentException>(() => inserter.InsertAsync(new NoopArgs(1), opts));
        Assert.Equal(expected.Message, actual.Message);
        Assert.Empty(inserter.Inserts);
        Assert.False(string.IsNullOrEmpty(what));
    }

    [Fact]
    public async Task An_invalid_job_in_a_batch_records_nothing_of_the_batch()
    {
        var inserter = new RecordingRiverInserter();
        await Assert.ThrowsAnyAsync<ArgumentException>(() => inserter.InsertManyAsync(
            [JobInsertRequest.Create(new NoopArgs(1)), JobInsertRequest.Create(new NoopArgs(2), new InsertOptions { Priority = OutOfRange(0) })]));
        Assert.Empty(inserter.Inserts);
    }

    [Fact]
    public async Task AddRiver_registers_the_client_as_the_inserter()
    {
        var services = new ServiceCollection();
        services.AddSingleton(_ => NpgsqlDataSource.Create("Host=127.0.0.1;Port=1"));
        services.AddRiver(_ => { });
        await using var provider = services.BuildServiceProvider();
        Assert.Same(provider.GetRequiredService<RiverClient>(), provider.GetRequiredService<IRiverInserter>());
    }
}
