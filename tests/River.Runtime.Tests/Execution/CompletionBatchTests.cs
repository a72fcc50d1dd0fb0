using River.Execution;

namespace River.Runtime.Tests.Execution;

public sealed class CompletionBatchTests
{
    private static readonly DateTimeOffset Now = new(2024, 5, 17, 13, 47, 12, TimeSpan.Zero);

    [Fact]
    public void Plain_completions_take_the_lean_arrays_and_everything_else_the_general_ones()
    {
        var batch = new List<JobCompletion>
        {
            new(1, JobState.Completed, Now, null, null, false, null),
            new(2, JobState.Completed, Now, null, null, false, """{"output":1}"""),
            new(3, JobState.Retryable, null, Now.AddSeconds(16), """{"error":"boom"}""", false, null),
            new(4, JobState.Completed, Now.AddSeconds(1), null, null, false, null),
            new(5, JobState.Available, null, Now, null, true, null),
        };

        var built = CompletionBatch.Build(batch);

        Assert.Equal([1L, 4L], built.CompletedIds);
        Assert.Equal([Now.UtcDateTime, Now.AddSeconds(1).UtcDateTime], built.CompletedAt);
        Assert.Equal([2L, 3L, 5L], built.Ids);
        Assert.Equal(["completed", "retryable", "available"], built.States);
        Assert.Equal<IEnumerable<string?>>([null, """{"error":"boom"}""", null], built.Errors);
        Assert.Equal([false, false, true], built.Snoozed);
        Assert.Equal<IEnumerable<string?>>(["""{"output":1}""", null, null], built.Metadata);
        Assert.Equal([Now.UtcDateTime, null, null], built.FinalizedAt);
    }

    [Fact]
    public void Without_lean_every_outcome_goes_to_the_general_arrays()
    {
        var batch = new List<JobCompletion> { new(7, JobState.Completed, Now, null, null, false, null) };

        var built = CompletionBatch.Build(batch, lean: false);

        Assert.Empty(built.CompletedIds);
        Assert.Equal([7L], built.Ids);
        Assert.Equal(["completed"], built.States);
    }
}
