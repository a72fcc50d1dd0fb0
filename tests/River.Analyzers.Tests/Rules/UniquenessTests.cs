using River.Analyzers.Tests.Infrastructure;

namespace River.Analyzers.Tests.Rules;

public sealed class UniquenessTests
{
    [Fact]
    public async Task NegativePeriod_OnUniqueJob()
        => await AnalyzerVerifier.VerifyAsync("""
            [JobArgs("job.a"), UniqueJob(ByPeriodSeconds = [|-60|])]
            public sealed record A(string To);
            """, "RIVER0008");

    [Fact]
    public async Task UnsetOrPositivePeriod_OnUniqueJob_IsValid()
        => await AnalyzerVerifier.VerifyAsync("""
            [JobArgs("job.a"), UniqueJob(ByPeriodSeconds = 1)]
            public sealed record A(string To);
            [JobArgs("job.b"), UniqueJob(ByPeriodSeconds = 0)]
            public sealed record B(string To);
            """);

    [Fact]
    public async Task PeriodBelowOneSecond_InUniqueOptions()
        => await AnalyzerVerifier.VerifyAsync("""
            public static class Calls
            {
                public static UniqueOptions A() => new() { ByPeriod = [|TimeSpan.FromMilliseconds(500)|] };
                public static UniqueOptions B() => new() { ByPeriod = [|TimeSpan.Zero|] };
                public static UniqueOptions C() => new() { ByPeriod = [|new TimeSpan(0, 0, -5)|] };
                public static UniqueOptions Ok1() => new() { ByPeriod = TimeSpan.FromSeconds(1) };
                public static UniqueOptions Ok2() => new() { ByPeriod = TimeSpan.FromHours(1) };
                public static UniqueOptions Ok3(TimeSpan period) => new() { ByPeriod = period, ByArgs = true };
                public static UniqueOptions Ok4() => new() { ByPeriod = null };
            }
            """, "RIVER0008");

    [Fact]
    public async Task StateSetMissingRequiredStates_OnUniqueJob()
    {
        var diagnostics = await AnalyzerVerifier.VerifyAsync("""
            [JobArgs("job.a"), UniqueJob(ByState = [|[JobState.Available, JobState.Completed]|])]
            public sealed record A(string To);
            """, "RIVER0009");
        Assert.Contains("Pending, Running, Scheduled", diagnostics[0].GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task StateSetWithRequiredStates_IsValid()
        => await AnalyzerVerifier.VerifyAsync("""
            [JobArgs("job.a"), UniqueJob(ByState = [JobState.Available, JobState.Pending, JobState.Running, JobState.Scheduled, JobState.Cancelled])]
            public sealed record A(string To);
            [JobArgs("job.b"), UniqueJob(ByArgs = true)]
            public sealed record B(string To);
            """);

    [Fact]
    public async Task StateSetMissingRequiredStates_InUniqueOptions()
        => await AnalyzerVerifier.VerifyAsync("""
            public static class Calls
            {
                public static InsertOptions A() => new() { UniqueOptions = new UniqueOptions { ByState = [|new[] { JobState.Available, JobState.Pending, JobState.Running }|] } };
                public static UniqueOptions Ok() => new() { ByState = [JobState.Available, JobState.Pending, JobState.Running, JobState.Scheduled] };
                public static UniqueOptions Computed(JobState s) => new() { ByState = [JobState.Available, s] };
            }
            """, "RIVER0009");

    [Fact]
    public async Task UniqueKeyOnIgnoredProperty_IsReportedOnTheProperty()
        => await AnalyzerVerifier.VerifyAsync("""
            using System.Text.Json.Serialization;
            [JobArgs("job.a"), UniqueJob(ByArgs = true)]
            public sealed class A
            {
                public string To { get; set; } = "";
                [UniqueKey, JsonIgnore] public long [|AccountId|] { get; set; }
                [UniqueKey, JsonIgnore(Condition = JsonIgnoreCondition.Always)] public long [|TenantId|] { get; set; }
                [UniqueKey, JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Region { get; set; }
            }
            """, "RIVER0010");

    [Fact]
    public async Task UniqueKeyOnRecordParameter_WithIgnoredProperty_IsReported()
        => await AnalyzerVerifier.VerifyAsync("""
            using System.Text.Json.Serialization;
            [JobArgs("job.a"), UniqueJob(ByArgs = true)]
            public sealed record A(string To, [UniqueKey][property: JsonIgnore] long [|AccountId|]);
            [JobArgs("job.b"), UniqueJob(ByArgs = true)]
            public sealed record B(string To, [property: UniqueKey] long AccountId);
            """, "RIVER0010");

    [Fact]
    public async Task ByArgsWithoutSerializedProperty_IsReportedOnByArgs()
        => await AnalyzerVerifier.VerifyAsync("""
            using System.Text.Json.Serialization;
            [JobArgs("job.a"), UniqueJob(ByArgs = [|true|])]
            public sealed class A { }
            [JobArgs("job.b"), UniqueJob(ByArgs = [|true|])]
            public sealed class B { [JsonIgnore] public int X { get; set; } internal int Y { get; set; } }
            [JobArgs("job.c"), UniqueJob(ByArgs = false)]
            public sealed class C { }
            [JobArgs("job.d"), UniqueJob(ByArgs = true)]
            public sealed class D { public int X { get; set; } }
            """, "RIVER0011");
}
