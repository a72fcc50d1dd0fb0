using River.IntegrationTests.Runtime;

// Args without [JobArgs]: their definitions are hand-built (a [Sequence] fixed by a [UniqueKey] is RIVER0053 at
// compile time, so the runtime's own check can only be reached this way).
#pragma warning disable RIVER0018

namespace River.IntegrationTests.Flow;

/// <summary>
/// Bad flow input refused at run time with the problem and the fix named: a sequence whose key fixes the unique key
/// (the compile-time twin is RIVER0053), and limits below 1 or rates over an impossible period given to
/// <see cref="RiverClient.SetFlowLimitAsync"/> (nothing is stored). Options are FlowControlTests' cases.
/// </summary>
public sealed class FlowBadInputTests : RuntimeTestBase
{
    public sealed record StepArgs(int OrderId, int Step);

    private static readonly JobDefinition<StepArgs> FixedBySequence = TestDefinitions.Create<StepArgs>("flow.bad.fixed_by_sequence",
        new JobDefaults { Queue = "flow_bad", Sequence = new SequenceOptions { By = "order_id" } },
        new UniqueOptions { ByArgs = true, ArgPaths = ["order_id"] });

    private static readonly JobDefinition<StepArgs> UniqueByStep = TestDefinitions.Create<StepArgs>("flow.bad.unique_by_step",
        new JobDefaults { Queue = "flow_bad", Sequence = new SequenceOptions { By = "order_id" } },
        new UniqueOptions { ByArgs = true, ArgPaths = ["order_id", "step"] });

    private sealed class StepWorker : Worker<StepArgs>
    {
        public override Task WorkAsync(Job<StepArgs> job, CancellationToken cancellationToken) => Task.CompletedTask;
    }

    [Fact]
    public void A_sequence_whose_key_fixes_the_unique_key_fails_the_client_construction_naming_the_fix()
    {
        var error = Assert.Throws<RiverConfigurationException>(() => NewClient(o => o.Workers.Add(FixedBySequence, _ => new StepWorker())));
        Assert.Contains("Kind 'flow.bad.fixed_by_sequence' is in a sequence by \"order_id\" and unique by args on [\"order_id\"]", error.Message, StringComparison.Ordinal);
        Assert.Contains("add a value that tells the steps apart to the unique key", error.Message, StringComparison.Ordinal);

        // The twin: a unique key with the step in it is accepted.
        Assert.NotNull(NewClient(o => o.Workers.Add(UniqueByStep, _ => new StepWorker())));
    }

    [Theory]
    [InlineData(0, null, null, "at least 1")]
    [InlineData(-1, null, null, "at least 1")]
    [InlineData(null, 0, 1.0, "at least 1 start per period")]
    [InlineData(null, 5, 0.0, "between 1 ms and 31 days")]
    [InlineData(null, 5, 40.0 * 86_400, "between 1 ms and 31 days")]
    public async Task A_limit_below_1_or_a_rate_over_an_impossible_period_is_refused_at_run_time_and_nothing_is_stored(int? max, int? rate, double? periodSeconds, string expected)
    {
        var client = NewClient();
        var scope = FlowScope.ForKind("flow.plain");
        var limits = new FlowOptions
        {
            MaxRunning = max,
            RateLimit = rate,
            RatePeriod = periodSeconds is { } s ? TimeSpan.FromSeconds(s) : null,
        };
        var error = await Assert.ThrowsAsync<RiverConfigurationException>(() => client.SetFlowLimitAsync(scope, limits));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Contains("flow.plain", error.Message, StringComparison.Ordinal);
        Assert.Null(await client.GetFlowLimitAsync(scope));
    }
}
