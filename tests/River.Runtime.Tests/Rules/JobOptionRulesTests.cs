namespace River.Runtime.Tests.Rules;

public sealed class JobOptionRulesTests
{
    [Theory]
    [InlineData("ab")]
    [InlineData("email.send")]
    [InlineData("Email_Send-2")]
    [InlineData("_private")]
    [InlineData("9lives")]
    [InlineData("generic[int]")]
    [InlineData("a<b>/c:d+e\u00B7f")]
    public void Kind_valid(string kind) => Assert.Null(JobOptionRules.ValidateKind(kind));

    [Fact]
    public void Kind_at_max_length_is_valid() => Assert.Null(JobOptionRules.ValidateKind(new string('k', 127)));

    [Theory]
    [InlineData(null, "Kind must not be null")]
    [InlineData("", "Kind must not be empty")]
    [InlineData("a", "at least 2 characters")]
    [InlineData(".ab", "must start with a letter, digit or underscore, got '.'")]
    [InlineData("-ab", "must start with")]
    [InlineData("a b", "contains U+0020 at index 1")]
    [InlineData("a,b", "contains ',' at index 1")]
    [InlineData("caf\u00E9", "contains '\u00E9' at index 3")]
    [InlineData("ab\u0000", "contains U+0000 at index 2")]
    public void Kind_invalid(string? kind, string expected)
    {
        var error = JobOptionRules.ValidateKind(kind);
        Assert.NotNull(error);
        Assert.StartsWith("Kind", error);
        Assert.Contains(expected, error);
    }

    [Fact]
    public void Kind_over_max_length_is_invalid() =>
        Assert.Equal("Kind must be at most 127 characters, got 128", JobOptionRules.ValidateKind(new string('k', 128)));

    [Fact]
    public void Hostile_values_are_escaped_in_messages()
    {
        var error = JobOptionRules.ValidateKind("a\"\n\u2028");
        Assert.NotNull(error);
        Assert.Contains("\"a\\\"\\u000a\\u2028\"", error);
        Assert.DoesNotContain("\n", error);
    }

    [Theory]
    [InlineData("default")]
    [InlineData("a")]
    [InlineData("mail_high-2")]
    [InlineData("a|b")] // River's separator class includes '|'
    [InlineData("0")]
    public void Queue_valid(string queue) => Assert.Null(JobOptionRules.ValidateQueue(queue));

    [Fact]
    public void Queue_at_max_length_is_valid() => Assert.Null(JobOptionRules.ValidateQueue(new string('q', 64)));

    [Theory]
    [InlineData(null, "Queue must not be null")]
    [InlineData("", "Queue must not be empty")]
    [InlineData("Mail", "contains 'M' at index 0")]
    [InlineData("mail.high", "contains '.' at index 4")]
    [InlineData("_mail", "must start with a lower-case letter or digit")]
    [InlineData("mail-", "must end with a lower-case letter or digit")]
    [InlineData("a__b", "two separators in a row at index 2")]
    [InlineData("a-_b", "two separators in a row at index 2")]
    [InlineData("a b", "contains U+0020 at index 1")]
    public void Queue_invalid(string? queue, string expected)
    {
        var error = JobOptionRules.ValidateQueue(queue);
        Assert.NotNull(error);
        Assert.StartsWith("Queue", error);
        Assert.Contains(expected, error);
    }

    [Fact]
    public void Queue_over_max_length_is_invalid() =>
        Assert.Equal("Queue must be at most 64 characters, got 65", JobOptionRules.ValidateQueue(new string('q', 65)));

    [Theory]
    [InlineData("abc")]
    [InlineData("a-b")]
    [InlineData("A_1")]
    [InlineData("___")]
    [InlineData("email-high_priority")]
    public void Tag_valid(string tag) => Assert.Null(JobOptionRules.ValidateTag(tag));

    [Fact]
    public void Tag_at_max_length_is_valid() => Assert.Null(JobOptionRules.ValidateTag(new string('t', 255)));

    [Theory]
    [InlineData(null, "Tag must not be null")]
    [InlineData("", "Tag must not be empty")]
    [InlineData("ab", "at least 3 characters")]
    [InlineData("-ab", "must not start with '-'")]
    [InlineData("ab-", "must not end with '-'")]
    [InlineData("a,b", "contains ',' at index 1")]
    [InlineData("a b", "contains U+0020 at index 1")]
    [InlineData("a.b", "contains '.' at index 1")]
    public void Tag_invalid(string? tag, string expected)
    {
        var error = JobOptionRules.ValidateTag(tag);
        Assert.NotNull(error);
        Assert.Contains(expected, error);
    }

    [Fact]
    public void Tag_over_max_length_is_invalid() =>
        Assert.Equal("Tag must be at most 255 characters, got 256", JobOptionRules.ValidateTag(new string('t', 256)));

    [Fact]
    public void Tags_name_the_bad_index()
    {
        Assert.Null(JobOptionRules.ValidateTags(null));
        Assert.Null(JobOptionRules.ValidateTags(["abc", "def"]));
        var error = JobOptionRules.ValidateTags(["abc", "d,f"]);
        Assert.NotNull(error);
        Assert.StartsWith("Tags[1]: Tag \"d,f\"", error);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void Priority_valid(int priority) => Assert.Null(JobOptionRules.ValidatePriority(priority));

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(-1)]
    [InlineData(int.MaxValue)]
    public void Priority_invalid(int priority) =>
        Assert.Equal($"Priority must be between 1 and 4, got {priority}", JobOptionRules.ValidatePriority(priority));

    [Theory]
    [InlineData(1)]
    [InlineData(25)]
    [InlineData(32767)]
    public void MaxAttempts_valid(int value) => Assert.Null(JobOptionRules.ValidateMaxAttempts(value));

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    [InlineData(32768)]
    public void MaxAttempts_invalid(int value) =>
        Assert.Equal($"MaxAttempts must be between 1 and 32767, got {value}", JobOptionRules.ValidateMaxAttempts(value));

    [Fact]
    public void Unique_period_boundaries()
    {
        Assert.Null(JobOptionRules.ValidateUniquePeriod(null));
        Assert.Null(JobOptionRules.ValidateUniquePeriod(TimeSpan.FromSeconds(1)));
        Assert.Null(JobOptionRules.ValidateUniquePeriod(TimeSpan.FromDays(365)));
        Assert.Equal("UniqueOptions.ByPeriod must be at least 1 second, got 00:00:00.9999999",
            JobOptionRules.ValidateUniquePeriod(TimeSpan.FromSeconds(1) - TimeSpan.FromTicks(1)));
        Assert.NotNull(JobOptionRules.ValidateUniquePeriod(TimeSpan.Zero));
        Assert.NotNull(JobOptionRules.ValidateUniquePeriod(TimeSpan.FromSeconds(-5)));
        Assert.Null(JobOptionRules.ValidateUniquePeriodSeconds(1));
        Assert.Equal("UniqueOptions.ByPeriod must be at least 1 second, got 0 s", JobOptionRules.ValidateUniquePeriodSeconds(0));
    }

    [Fact]
    public void Unique_states()
    {
        Assert.Null(JobOptionRules.ValidateUniqueStates(JobOptionRules.DefaultUniqueStates));
        Assert.Null(JobOptionRules.ValidateUniqueStates(JobOptionRules.RequiredUniqueStates));
        Assert.Null(JobOptionRules.ValidateUniqueStates(0xFF));
        Assert.Equal("UniqueOptions.ByState must contain available, pending, running and scheduled; missing: available, pending, running, scheduled",
            JobOptionRules.ValidateUniqueStates(0));
        Assert.Equal("UniqueOptions.ByState must contain available, pending, running and scheduled; missing: running",
            JobOptionRules.ValidateUniqueStates((byte)(JobOptionRules.DefaultUniqueStates & ~JobOptionRules.StateBitRunning)));
    }

    [Fact]
    public void State_bits_match_the_enum_order()
    {
        // Bit i is the i-th value of river_job_state (and of JobState).
        foreach (var state in Enum.GetValues<JobState>())
            Assert.Equal(state.ToString().ToLowerInvariant(), JobOptionRules.StateNames[(int)state]);
        Assert.Equal(0b1111_0101, JobOptionRules.DefaultUniqueStates);
        Assert.Equal(0b1101_0001, JobOptionRules.RequiredUniqueStates);
    }

    [Theory]
    [InlineData("cancel_attempted_at")]
    [InlineData("snoozes")]
    [InlineData("unique_key_conflict")]
    [InlineData("periodic")]
    [InlineData("river:periodic_job_id")]
    [InlineData("river:rescue_count")]
    [InlineData("output")]
    public void Reserved_metadata_keys(string key)
    {
        Assert.True(JobOptionRules.IsReservedMetadataKey(key));
        var error = JobOptionRules.ValidateMetadataKey(key);
        Assert.NotNull(error);
        Assert.StartsWith($"Metadata key \"{key}\" is reserved by River", error);
    }

    [Theory]
    [InlineData("Output")]
    [InlineData("tenant")]
    [InlineData("river:custom")]
    public void Unreserved_metadata_keys(string key) => Assert.Null(JobOptionRules.ValidateMetadataKey(key));

    [Theory]
    [InlineData("public")]
    [InlineData("_river")]
    [InlineData("river2")]
    public void Schema_valid(string schema) => Assert.Null(JobOptionRules.ValidateSchemaName(schema));

    [Fact]
    public void Schema_length_boundaries()
    {
        Assert.Null(JobOptionRules.ValidateSchemaName(new string('s', 46)));
        Assert.Equal("Schema must be at most 46 characters, got 47", JobOptionRules.ValidateSchemaName(new string('s', 47)));
    }

    [Theory]
    [InlineData(null, "Schema must not be null")]
    [InlineData("", "Schema must not be empty")]
    [InlineData("1abc", "must start with a lower-case ASCII letter or underscore, got '1'")]
    [InlineData("River2", "must start with a lower-case ASCII letter or underscore, got 'R'")]
    [InlineData("riVer", "contains 'V' at index 2")]
    [InlineData("a-b", "contains '-' at index 1")]
    [InlineData("a\"; drop", "contains '\"' at index 1")]
    [InlineData("pg_jobs", "starts with 'pg_', which PostgreSQL reserves")]
    public void Schema_invalid(string? schema, string expected)
    {
        var error = JobOptionRules.ValidateSchemaName(schema);
        Assert.NotNull(error);
        Assert.Contains(expected, error);
    }

    [Fact]
    public void Client_id()
    {
        Assert.Null(JobOptionRules.ValidateClientId("host-1_2024-05-17T13:47:12"));
        Assert.Null(JobOptionRules.ValidateClientId(new string('c', 100)));
        Assert.Equal("Client id must be at most 100 characters, got 101", JobOptionRules.ValidateClientId(new string('c', 101)));
        Assert.Equal("Client id must not be empty", JobOptionRules.ValidateClientId(""));
        Assert.Equal("Client id must not be null", JobOptionRules.ValidateClientId(null));
        Assert.Equal("Client id contains control character U+0000 at index 1", JobOptionRules.ValidateClientId("a\0"));
    }

    [Fact]
    public void Periodic_job_id_uses_the_kind_pattern()
    {
        Assert.Null(JobOptionRules.ValidatePeriodicJobId("nightly.report"));
        var error = JobOptionRules.ValidatePeriodicJobId("nightly report");
        Assert.NotNull(error);
        Assert.StartsWith("Periodic job id", error);
    }

    [Theory]
    [InlineData("Mail Queue", "mail_queue")]
    [InlineData("mail--eu", "mail-eu")]
    [InlineData("_mail.eu_", "mail_eu")]
    [InlineData("Billing|EU", "billing|eu")]
    [InlineData("a//b", "a_b")]
    [InlineData("--", null)]
    [InlineData("", null)]
    [InlineData("mail", null)] // already valid: nothing to suggest
    public void SuggestQueue_gives_the_nearest_valid_name(string queue, string? expected)
        => Assert.Equal(expected, JobOptionRules.SuggestQueue(queue));

    [Theory]
    [InlineData("no spaces", "no_spaces")]
    [InlineData("-abc-", "abc")]
    [InlineData("a,b", "a_b")]
    [InlineData("x.y", "x_y")]
    [InlineData("-a", null)]
    [InlineData("ab", null)]
    [InlineData("okay", null)]
    public void SuggestTag_gives_the_nearest_valid_tag(string tag, string? expected)
        => Assert.Equal(expected, JobOptionRules.SuggestTag(tag));

    /// <summary>Whatever the input, a suggestion passes the rule it repairs; long hostile input is cut, not rejected.</summary>
    [Fact]
    public void Suggestions_always_pass_their_rule()
    {
        var random = new Random(20261203);
        const string alphabet = "aZ9_-|. ,/\u00e9\0\ud800-_";
        for (var n = 0; n < 5000; n++)
        {
            var chars = new char[random.Next(0, 80)];
            for (var i = 0; i < chars.Length; i++)
                chars[i] = alphabet[random.Next(alphabet.Length)];
            var text = new string(chars);
            if (JobOptionRules.SuggestQueue(text) is { } queue)
                Assert.Null(JobOptionRules.ValidateQueue(queue));
            if (JobOptionRules.SuggestTag(text) is { } tag)
                Assert.Null(JobOptionRules.ValidateTag(tag));
        }
        Assert.Equal(JobOptionRules.QueueMaxLength, JobOptionRules.SuggestQueue(new string('Q', 100_000))!.Length);
        Assert.Equal(JobOptionRules.TagMaxLength, JobOptionRules.SuggestTag(new string('.', 100_000))!.Length);
    }
}
