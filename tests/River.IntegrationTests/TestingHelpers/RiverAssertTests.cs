using River.IntegrationTests.Runtime;
using River.Testing;

namespace River.IntegrationTests.TestingHelpers;

public sealed class RiverAssertTests : RuntimeTestBase
{
    [Fact]
    public async Task RequireInserted_returns_the_one_matching_job_with_its_args()
    {
        var client = NewClient();
        var at = DateTimeOffset.UtcNow.AddHours(1);
        var id = (await client.InsertAsync(new ScriptArgs("ok", 7), new InsertOptions { Queue = "mail", Priority = 2, Tags = ["alpha", "beta"], ScheduledAt = at, MaxAttempts = 5 })).Job.Id;
        await client.InsertAsync(new NoopArgs(1));

        var job = await RiverAssert.RequireInsertedAsync<ScriptArgs>(DataSource, new RequireInsertedOptions
        {
            Queue = "mail", Priority = 2, State = JobState.Scheduled, Tags = ["alpha", "beta"], ScheduledAt = at, MaxAttempts = 5,
        }, args => args.Value == 7);

        Assert.Equal(id, job.Id);
        Assert.Equal(new ScriptArgs("ok", 7), job.Args);
    }

    [Fact]
    public async Task RequireInserted_inside_a_transaction_sees_its_uncommitted_jobs()
    {
        var client = NewClient();
        await using var conn = await DataSource.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        await client.InsertAsync(new NoopArgs(3), tx);

        var job = await RiverAssert.RequireInsertedAsync<NoopArgs>(tx);
        Assert.Equal(3, job.Args.N);
        var outside = await Assert.ThrowsAsync<RiverAssertionException>(() => RiverAssert.RequireInsertedAsync<NoopArgs>(DataSource));
        Assert.Equal("Expected 1 job of kind 'test.noop', found none: there are no jobs at all.", outside.Message);
        await RiverAssert.RequireNotInsertedAsync<NoopArgs>(DataSource);
    }

    [Fact]
    public async Task RequireInserted_with_two_matches_lists_them()
    {
        var client = NewClient();
        var first = (await client.InsertAsync(new NoopArgs(1), new InsertOptions { Queue = "mail" })).Job.Id;
        var second = (await client.InsertAsync(new NoopArgs(2), new InsertOptions { Queue = "mail" })).Job.Id;

        var e = await Assert.ThrowsAsync<RiverAssertionException>(() =>
            RiverAssert.RequireInsertedAsync<NoopArgs>(DataSource, new RequireInsertedOptions { Queue = "mail" }));

        var lines = e.Message.Split(Environment.NewLine);
        Assert.Equal("Expected 1 job of kind 'test.noop' in queue 'mail', found 2:", lines[0]);
        Assert.StartsWith($"  job {first} (kind 'test.noop', queue 'mail', priority 1, state available, tags [], scheduled at ", lines[1], StringComparison.Ordinal);
        Assert.EndsWith(", max attempts 25, args {\"n\": 1})", lines[1], StringComparison.Ordinal);
        Assert.StartsWith($"  job {second} ", lines[2], StringComparison.Ordinal);
        Assert.Equal("Use RequireManyInsertedAsync to expect several jobs, or narrow the expectation.", lines[3]);
    }

    [Fact]
    public async Task RequireInserted_with_no_match_says_why_each_job_of_the_kind_differs()
    {
        var client = NewClient();
        var id = (await client.InsertAsync(new ScriptArgs("ok", 1), new InsertOptions { Queue = "default", Priority = 1, Tags = ["xray"] })).Job.Id;

        var e = await Assert.ThrowsAsync<RiverAssertionException>(() => RiverAssert.RequireInsertedAsync<ScriptArgs>(DataSource,
            new RequireInsertedOptions { Queue = "mail", Priority = 2, Tags = ["yankee"], MaxAttempts = 3 }, args => args.Value == 2));

        var lines = e.Message.Split(Environment.NewLine);
        Assert.Equal("Expected 1 job of kind 'test.script' in queue 'mail' with priority 2, tags [yankee], max attempts 3 and args matching the predicate, found none; 1 job of this kind does not match:", lines[0]);
        Assert.StartsWith($"  job {id} (kind 'test.script'", lines[1], StringComparison.Ordinal);
        Assert.EndsWith("): queue 'default' (expected 'mail'), priority 1 (expected 2), tags [xray] (expected [yankee]), max attempts 25 (expected 3), args do not match the predicate", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task RequireInserted_of_a_missing_kind_names_the_kinds_present()
    {
        var client = NewClient();
        await client.InsertAsync(new NoopArgs(1));
        await client.InsertAsync(new NoopArgs(2));
        await client.InsertAsync(new OtherQueueArgs(3));

        var e = await Assert.ThrowsAsync<RiverAssertionException>(() => RiverAssert.RequireInsertedAsync<ScriptArgs>(DataSource));

        Assert.Equal("Expected 1 job of kind 'test.script', found none: there is no job of kind 'test.script'; kinds present: 'test.noop' (2), 'test.other_queue' (1).", e.Message);
    }

    [Fact]
    public async Task RequireInserted_checks_the_scheduled_time_and_state()
    {
        var client = NewClient();
        var at = DateTimeOffset.UtcNow.AddMinutes(30);
        await client.InsertAsync(new NoopArgs(1), new InsertOptions { ScheduledAt = at });

        await RiverAssert.RequireInsertedAsync<NoopArgs>(DataSource, new RequireInsertedOptions { ScheduledAt = at, State = JobState.Scheduled });
        var e = await Assert.ThrowsAsync<RiverAssertionException>(() => RiverAssert.RequireInsertedAsync<NoopArgs>(DataSource,
            new RequireInsertedOptions { ScheduledAt = at.AddSeconds(1), State = JobState.Available }));
        Assert.Contains("state scheduled (expected available)", e.Message, StringComparison.Ordinal);
        Assert.Contains($"scheduled at {at.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss}", e.Message, StringComparison.Ordinal);
        Assert.Contains("(expected " + at.AddSeconds(1).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture), e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RequireNotInserted_fails_with_the_jobs_that_match()
    {
        var client = NewClient();
        var id = (await client.InsertAsync(new NoopArgs(1), new InsertOptions { Queue = "mail" })).Job.Id;

        await RiverAssert.RequireNotInsertedAsync<NoopArgs>(DataSource, new RequireInsertedOptions { Queue = "other" });
        await RiverAssert.RequireNotInsertedAsync<NoopArgs>(DataSource, argsMatch: a => a.N == 2);
        var e = await Assert.ThrowsAsync<RiverAssertionException>(() => RiverAssert.RequireNotInsertedAsync<NoopArgs>(DataSource, new RequireInsertedOptions { Queue = "mail" }));

        var lines = e.Message.Split(Environment.NewLine);
        Assert.Equal("Expected no job of kind 'test.noop' in queue 'mail', found 1:", lines[0]);
        Assert.StartsWith($"  job {id} (kind 'test.noop', queue 'mail'", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task RequireManyInserted_checks_count_order_kinds_and_options()
    {
        var client = NewClient();
        var a = (await client.InsertAsync(new NoopArgs(1))).Job.Id;
        var b = (await client.InsertAsync(new ScriptArgs("ok"), new InsertOptions { Priority = 3 })).Job.Id;
        var c = (await client.InsertAsync(new NoopArgs(2))).Job.Id;
        await client.InsertAsync(new OtherQueueArgs(9)); // a kind not asked about: ignored

        var rows = await RiverAssert.RequireManyInsertedAsync(DataSource,
        [
            ExpectedJob.Of<NoopArgs>(argsMatch: n => n.N == 1),
            ExpectedJob.Of<ScriptArgs>(new RequireInsertedOptions { Priority = 3 }),
            ExpectedJob.Of<NoopArgs>(),
        ]);
        Assert.Equal([a, b, c], rows.Select(r => r.Id));

        var wrongOrder = await Assert.ThrowsAsync<RiverAssertionException>(() => RiverAssert.RequireManyInsertedAsync(DataSource,
            [ExpectedJob.Of<ScriptArgs>(), ExpectedJob.Of<NoopArgs>(), ExpectedJob.Of<NoopArgs>()]));
        var lines = wrongOrder.Message.Split(Environment.NewLine);
        Assert.Equal("Expected, in insertion order:", lines[0]);
        Assert.Equal("  #1 kind 'test.script'", lines[1]);
        Assert.Equal($"but #1, job {a}: kind 'test.noop' (expected 'test.script'); #2, job {b}: kind 'test.script' (expected 'test.noop'). Jobs of these kinds:", lines[4]);
        Assert.Equal(8, lines.Length);

        var tooFew = await Assert.ThrowsAsync<RiverAssertionException>(() => RiverAssert.RequireManyInsertedAsync(DataSource, [ExpectedJob.Of<NoopArgs>()]));
        Assert.Contains("but found 2 job(s) of these kinds instead of 1", tooFew.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ArgumentException>(() => RiverAssert.RequireManyInsertedAsync(DataSource, []));
    }
}
