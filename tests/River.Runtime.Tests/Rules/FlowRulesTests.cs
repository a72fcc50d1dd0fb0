namespace River.Runtime.Tests.Rules;

/// <summary>The path syntax, defaults and sequence keys of flow control (River.Runtime/Rules/FlowRules.cs, River.Flow.SequenceKeys).</summary>
public sealed class FlowRulesTests
{
    [Theory]
    [InlineData("customer_id", new[] { "customer_id" })]
    [InlineData("order.customer.id", new[] { "order", "customer", "id" })]
    [InlineData(@"user\.id", new[] { "user.id" })]
    [InlineData(@"a\\b.c", new[] { @"a\b", "c" })]
    public void Paths_split_into_JSON_names(string path, string[] expected)
        => Assert.Equal(expected, FlowRules.SplitPath(path, "PartitionBy", out _));

    [Theory]
    [InlineData("", "must not be empty")]
    [InlineData("a..b", "empty property name")]
    [InlineData("a.", "empty property name")]
    [InlineData(@"a\", "unpaired")]
    public void Malformed_paths_are_named(string path, string expected)
    {
        Assert.Null(FlowRules.SplitPath(path, "PartitionBy", out var error));
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(50, 1.0, 50)]
    [InlineData(100, 60.0, 2)]
    [InlineData(1, 3600.0, 1)]
    [InlineData(10, 0.5, 10)]
    public void The_default_burst_is_one_seconds_worth_between_1_and_the_count(int count, double period, int expected)
        => Assert.Equal(expected, FlowRules.DefaultBurst(count, period));

    [Fact]
    public void Sequence_keys_take_the_text_at_the_path_and_merge_into_metadata()
    {
        var sequence = new SequenceOptions { By = "order.id" };
        Assert.Equal("k:42", River.Flow.SequenceKeys.FromArgs("k", sequence, """{"order":{"id":42}}"""u8));
        Assert.Equal("k:a-1", River.Flow.SequenceKeys.FromArgs("k", sequence, """{"order":{"id":"a-1"}}"""u8));
        Assert.Equal("k:", River.Flow.SequenceKeys.FromArgs("k", sequence, """{"order":null}"""u8));
        Assert.Equal("k:", River.Flow.SequenceKeys.FromArgs("k", new SequenceOptions(), """{"x":1}"""u8));
        Assert.Equal("""{"a":1,"river:sequence":"s","river:sequence_policy":"skip"}""",
            River.Flow.SequenceKeys.AddToMetadata("""{"a":1,"river:sequence":"old"}""", "s", SequenceFailurePolicy.Skip));
    }

    [Fact]
    public void Invalid_values_are_refused_with_the_fix()
    {
        Assert.Null(FlowRules.ValidateMaxRunning(1));
        Assert.Contains("pause it", FlowRules.ValidateMaxRunning(0), StringComparison.Ordinal);
        Assert.Null(FlowRules.ValidateRate(1, 0.001, 0));
        Assert.NotNull(FlowRules.ValidateRate(1, double.NaN, 0));
        Assert.NotNull(FlowRules.ValidateRate(1, 1, -1));
        Assert.NotNull(FlowRules.ValidatePartitionAgreement("k", "a", "b"));
        Assert.Null(FlowRules.ValidatePartitionAgreement("k", "a", null));
        Assert.NotNull(FlowRules.ValidateSequenceKey(new string('x', 256)));
    }

    /// <summary>The cases the analyzers' FlowControlTests and the integration FlowControlTests feed the same rule.</summary>
    [Theory]
    [InlineData("order_id", new[] { "order_id" }, false, true)]                  // the unique key is the sequence key
    [InlineData("order", new[] { "order.id" }, false, true)]                     // under it: fixed by it too
    [InlineData("order", new[] { "order.id", "order.lines" }, false, true)]
    [InlineData("order_id", new[] { "order_id", "step" }, false, false)]          // the step tells a sequence's jobs apart
    [InlineData("order.id", new[] { "order" }, false, false)]                    // the whole order object: more than the key
    [InlineData("order_id", new[] { "customer_id" }, false, false)]              // not decidable from declarations
    [InlineData("order_id", new string[0], false, false)]                        // the whole args
    [InlineData("order_id", new[] { "order_id" }, true, false)]                  // by period: jobs of different periods queue up
    public void A_unique_key_fixed_by_the_sequence_key_is_refused(string sequenceBy, string[] uniquePaths, bool byPeriod, bool conflict)
    {
        var error = FlowRules.ValidateSequenceWithUniqueKey("k", sequenceBy, uniquePaths, byPeriod);
        if (conflict)
        {
            Assert.NotNull(error);
            Assert.Contains("Kind 'k' is in a sequence by \"" + sequenceBy + "\"", error, StringComparison.Ordinal);
            Assert.Contains("later steps are not inserted", error, StringComparison.Ordinal);
            Assert.Contains("[UniqueKey]", error, StringComparison.Ordinal);
        }
        else
        {
            Assert.Null(error);
        }
        Assert.Null(FlowRules.ValidateSequenceWithUniqueKey("k", null, uniquePaths, byPeriod)); // no sequence path: one sequence per kind
    }
}
