using System.Globalization;
using Microsoft.CodeAnalysis;
using River.Analyzers.Periodic;
using River.Analyzers.Tests.Infrastructure;

namespace River.Analyzers.Tests.Rules;

public sealed class PeriodicJobTests
{
    private static string Message(Diagnostic diagnostic) => diagnostic.GetMessage(CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("@hourly")]
    [InlineData("@DAILY")]
    [InlineData("0 3 * * *")]
    [InlineData("*/15 * * * * *")]
    [InlineData("0 9 * jan-mar MON-FRI")]
    [InlineData("0 0 1 * MON")]
    [InlineData("0 0 ? * 7")]
    [InlineData("@every 1s")]
    [InlineData("@every 1h30m")]
    [InlineData("  @Every 90s ")]
    [InlineData("@every 1000ms")]
    public async Task ValidSchedules_AreNotReported(string schedule)
        => await AnalyzerVerifier.VerifyAsync($$"""
            [JobArgs("reports.build")]
            [PeriodicJob("{{schedule}}")]
            public sealed record BuildReport(string Name = "daily");
            """);

    [Theory]
    [InlineData("61 * * * *", "minute field: 61 is out of range 0-59.")]
    [InlineData("0 24 * * *", "hour field: 24 is out of range 0-23.")]
    [InlineData("0 0 0 * *", "day-of-month field: 0 is out of range 1-31.")]
    [InlineData("0 0 * 13 *", "month field: 13 is out of range 1-12.")]
    [InlineData("0 0 * * 8", "day-of-week field: 8 is out of range 0-7.")]
    [InlineData("0 0 * * MOX", "day-of-week field: unknown name \"MOX\"")]
    [InlineData("0 0 L * *", "(Quartz syntax) is not supported.")]
    [InlineData("*/0 * * * *", "minute field: step 0 in \"*/0\" is not allowed.")]
    [InlineData("0 5-2 * * *", "hour field: range \"5-2\" goes backwards")]
    [InlineData("0 0 30 2 *", "no listed day exists in February")]
    [InlineData("0 0 * * 7/2", "selects no value")]
    [InlineData("* * *", "has 3.")]
    [InlineData("@often", "Unknown cron macro \"@often\"")]
    [InlineData("", "The schedule is empty")]
    [InlineData("@every", "\"@every\" needs a duration")]
    [InlineData("@every 5x", "unknown unit \"x\" at index 1")]
    [InlineData("@every 1h 30m", "invalid at index 2")]
    [InlineData("@every 999999999d", "is too long")]
    public async Task InvalidSchedule_IsReportedOnTheSchedule_WithTheParsersReason(string schedule, string reason)
    {
        var diagnostics = await AnalyzerVerifier.VerifyAsync($$"""
            [JobArgs("reports.build")]
            [PeriodicJob([|"{{schedule}}"|], RunOnStart = true)]
            public sealed record BuildReport;
            """, "RIVER0023");
        Assert.Contains(reason, Message(diagnostics[0]), StringComparison.Ordinal);
        Assert.Equal(PeriodicSchedulesError(schedule), Message(diagnostics[0]).Split(" is invalid: ", 2)[1]);
    }

    /// <summary>The runtime's own message for the same text: the analyzer must say exactly what start-up would.</summary>
    private static string PeriodicSchedulesError(string schedule)
    {
        Assert.False(PeriodicSchedules.TryParse(schedule, null, out _, out var error));
        return error;
    }

    [Fact]
    public async Task ScheduleFromAConstant_IsChecked()
        => await AnalyzerVerifier.VerifyAsync("""
            public static class Schedules { public const string Nightly = "0 3 * * * * *"; }
            [JobArgs("reports.build")]
            [PeriodicJob([|Schedules.Nightly|])]
            public sealed record BuildReport;
            """, "RIVER0023");

    [Theory]
    [InlineData("@every 500ms")]
    [InlineData("@every 999ms")]
    [InlineData("@EVERY 0s")]
    public async Task IntervalBelowOneSecond_IsReported(string schedule)
    {
        var diagnostics = await AnalyzerVerifier.VerifyAsync($$"""
            [JobArgs("cache.warm")]
            [PeriodicJob([|"{{schedule}}"|])]
            public sealed record WarmCache;
            """, "RIVER0024");
        Assert.Contains($"\"{schedule}\" is below the minimum of 1 second", Message(diagnostics[0]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task KnownTimeZones_AreNotReported()
        => await AnalyzerVerifier.VerifyAsync("""
            [JobArgs("reports.berlin"), PeriodicJob("0 3 * * *", TimeZone = "Europe/Berlin")]
            public sealed record A;
            [JobArgs("reports.windows"), PeriodicJob("0 3 * * *", TimeZone = "W. Europe Standard Time")]
            public sealed record B;
            [JobArgs("reports.utc"), PeriodicJob("0 3 * * *", TimeZone = "UTC")]
            public sealed record C;
            [JobArgs("reports.none"), PeriodicJob("0 3 * * *", TimeZone = null)]
            public sealed record D;
            """);

    [Fact]
    public async Task UnknownTimeZone_IsAWarning_WhenTheBuildMachineCanJudge()
    {
        // This machine knows both IANA and Windows ids (ICU and tzdata) or it does not; either way the outcome is fixed.
        const string source = """
            [JobArgs("reports.mars"), PeriodicJob("0 3 * * *", TimeZone = [|"Mars/Olympus_Mons"|])]
            public sealed record A;
            """;
        if (!TimeZoneCheck.Host.IsReliable)
        {
            await AnalyzerVerifier.VerifyAsync(source.Replace("[|", "", StringComparison.Ordinal).Replace("|]", "", StringComparison.Ordinal));
            return;
        }
        var diagnostics = await AnalyzerVerifier.VerifyAsync(source, "RIVER0025");
        Assert.Equal(DiagnosticSeverity.Warning, diagnostics[0].Severity);
        Assert.Contains("\"Mars/Olympus_Mons\"", Message(diagnostics[0]), StringComparison.Ordinal);
    }

    [Fact]
    public void TimeZoneCheck_SaysNothing_OnAHostThatKnowsOnlyOneKindOfId()
    {
        // E.g. the .NET Framework compiler of Visual Studio: Windows ids only.
        var windowsOnly = new TimeZoneCheck(id => id is TimeZoneCheck.ProbeWindowsId or "UTC");
        Assert.False(windowsOnly.IsReliable);
        Assert.False(windowsOnly.IsUnknown("Europe/Paris"));
        Assert.False(windowsOnly.IsUnknown("Mars/Olympus_Mons"));
    }

    [Fact]
    public void TimeZoneCheck_ReportsUnknownIds_OnAHostThatKnowsBothKinds_AndAsksOncePerId()
    {
        var asked = new List<string>();
        var check = new TimeZoneCheck(id =>
        {
            asked.Add(id);
            return id is TimeZoneCheck.ProbeIanaId or TimeZoneCheck.ProbeWindowsId or "Asia/Tokyo";
        });
        Assert.True(check.IsReliable);
        Assert.False(check.IsUnknown("Asia/Tokyo"));
        Assert.True(check.IsUnknown("Asia/Tokio"));
        Assert.True(check.IsUnknown("Asia/Tokio"));
        Assert.False(check.IsUnknown(null));
        Assert.Equal([TimeZoneCheck.ProbeIanaId, TimeZoneCheck.ProbeWindowsId, "Asia/Tokyo", "Asia/Tokio"], asked);
    }

    [Fact]
    public async Task PeriodicJobWithoutJobArgs_IsReportedOnTheAttribute()
        => await AnalyzerVerifier.VerifyAsync("""
            [[|PeriodicJob("@hourly")|]]
            public sealed record NotArgs;
            [JobArgs("job.args"), PeriodicJob("@hourly")]
            public sealed record Args;
            """, "RIVER0026");

    [Fact]
    public async Task PeriodicJobWithoutJobArgs_StillHasItsScheduleChecked()
        => await AnalyzerVerifier.VerifyAsync("""
            [{|RIVER0026:PeriodicJob({|RIVER0023:"0 0 * *"|})|}]
            public sealed record NotArgs;
            """);

    [Fact]
    public async Task TypesThatNewCannotCreate_AreReportedOnTheTypeName()
    {
        var diagnostics = await AnalyzerVerifier.VerifyAsync("""
            using System.Diagnostics.CodeAnalysis;
            [JobArgs("job.a"), PeriodicJob("@hourly")]
            public sealed record [|A|](string Name);
            [JobArgs("job.b"), PeriodicJob("@hourly")]
            public sealed record [|B|](string Name, int Count = 1);
            [JobArgs("job.c"), PeriodicJob("@hourly")]
            public sealed class [|C|]
            {
                public C(int count) { Count = count; }
                public int Count { get; }
            }
            [JobArgs("job.d"), PeriodicJob("@hourly")]
            public sealed class [|D|]
            {
                public required string Name { get; init; }
            }
            """, "RIVER0027");
        Assert.Equal("'A' has [PeriodicJob] but the generated registration cannot create it with new A(): it has no public or internal constructor " +
                     "whose parameters are all optional (default values or params); register the periodic job by hand with PeriodicJob.Create instead",
            Message(diagnostics[0]));
        Assert.Contains("it has required members, and the constructor it calls, D(), is not [SetsRequiredMembers]", Message(diagnostics[3]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoConstructorCallableWithoutArguments_IsReported()
    {
        var diagnostics = await AnalyzerVerifier.VerifyAsync("""
            [JobArgs("job.a"), PeriodicJob("@hourly")]
            public sealed class [|A|]
            {
                public A(int count) { Count = count; }
                internal A(long count, string note = "") { }
                private A(string name = "") { }
                public int Count { get; }
            }
            """, "RIVER0027");
        Assert.Contains("it has no public or internal constructor whose parameters are all optional", Message(diagnostics[0]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AmbiguousConstructors_AreReportedWithBothNamed()
    {
        var diagnostics = await AnalyzerVerifier.VerifyAsync("""
            using System.Text.Json.Serialization;
            [JobArgs("job.a"), PeriodicJob("@hourly")]
            public sealed class [|A|]
            {
                [JsonConstructor]
                public A(int count = 0) { Count = count; }
                public A(string name = "") { }
                public int Count { get; }
            }
            [JobArgs("job.b"), PeriodicJob("@hourly")]
            public sealed class [|B|]
            {
                [JsonConstructor]
                public B(params int[] counts) { Counts = counts; }
                public B(params long[] counts) { Counts = []; }
                public int[] Counts { get; }
            }
            """, "RIVER0027");
        Assert.Contains("new A(): the call is ambiguous between A(int count = 0) and A(string name = \"\") (C# prefers a parameterless constructor",
            Message(diagnostics[0]), StringComparison.Ordinal);
        Assert.Contains("the call is ambiguous between B(params int[] counts) and B(params long[] counts)", Message(diagnostics[1]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PickedConstructorThatIsAnErrorToCall_IsReported()
    {
        var diagnostics = await AnalyzerVerifier.VerifyAsync("""
            using System.Diagnostics.CodeAnalysis;
            using System.Text.Json.Serialization;
            [JobArgs("job.a"), PeriodicJob("@hourly")]
            public sealed class [|A|]
            {
                [Obsolete("use the other one", true)]
                public A() { }
                [JsonConstructor]
                public A(int count = 0) { Count = count; }
                public int Count { get; }
            }
            [JobArgs("job.b"), PeriodicJob("@hourly")]
            public sealed class [|B|]
            {
                [Experimental("RIVERTEST01")]
                public B() { }
                [JsonConstructor]
                public B(int count) { Count = count; }
                public int Count { get; }
            }
            """, "RIVER0027");
        Assert.Contains("the constructor it calls, A(), is [Obsolete] as an error", Message(diagnostics[0]), StringComparison.Ordinal);
        Assert.Contains("the constructor it calls, B(), is [Experimental], an error wherever it is used", Message(diagnostics[1]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SetsRequiredMembersOnAConstructorCSharpDoesNotPick_DoesNotCount()
    {
        var diagnostics = await AnalyzerVerifier.VerifyAsync("""
            using System.Diagnostics.CodeAnalysis;
            public abstract class Named
            {
                public required string Name { get; init; }
            }
            [JobArgs("job.a"), PeriodicJob("@hourly")]
            public sealed class [|A|] : Named
            {
                public A() { }
                [SetsRequiredMembers]
                public A(string name = "a") { Name = name; }
            }
            """, "RIVER0027");
        Assert.Contains("it has required members, and the constructor it calls, A(), is not [SetsRequiredMembers]", Message(diagnostics[0]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheConstructorCSharpPicks_DecidesTheTwinsOfTheReportedShapes()
        => await AnalyzerVerifier.VerifyAsync("""
            using System.Diagnostics.CodeAnalysis;
            using System.Text.Json.Serialization;
            [JobArgs("job.a"), PeriodicJob("@hourly")]
            public sealed class A
            {
                public A() { }
                public A(string name = "") { }
            }
            [JobArgs("job.b"), PeriodicJob("@hourly")]
            public sealed class B
            {
                [JsonConstructor]
                public B(int count = 0) { Count = count; }
                public B(params int[] counts) { }
                public int Count { get; }
            }
            [JobArgs("job.c"), PeriodicJob("@hourly")]
            public sealed class C
            {
                public C() { }
                [Obsolete("use the other one", true)]
                public C(int count = 0) { }
            }
            public abstract class Named
            {
                public required string Name { get; init; }
            }
            [JobArgs("job.d"), PeriodicJob("@hourly")]
            public sealed class D : Named
            {
                [SetsRequiredMembers]
                public D() { Name = "d"; }
                public D(string name = "d") { Name = name; }
            }
            """);

    [Fact]
    public async Task TypesThatNewCanCreate_AreNotReported()
        => await AnalyzerVerifier.VerifyAsync("""
            using System.Diagnostics.CodeAnalysis;
            [JobArgs("job.a"), PeriodicJob("@hourly")]
            public sealed record A;
            [JobArgs("job.b"), PeriodicJob("@hourly")]
            public sealed record B(string Name = "x", int Count = 1, string? Note = null);
            [JobArgs("job.c"), PeriodicJob("@hourly")]
            public sealed class C
            {
                public string Name { get; set; } = "";
            }
            [JobArgs("job.d"), PeriodicJob("@hourly")]
            internal sealed record D(int Count = 3);
            [JobArgs("job.e"), PeriodicJob("@hourly")]
            public sealed class E
            {
                [SetsRequiredMembers]
                public E() { Name = "e"; }
                public required string Name { get; init; }
            }
            [JobArgs("job.f"), PeriodicJob("@hourly")]
            public sealed class F
            {
                public F(params string[] names) { Names = names; }
                public string[] Names { get; }
            }
            """);

    [Fact]
    public async Task AbstractPeriodicArgs_AreLeftToRiver0012()
        => await AnalyzerVerifier.VerifyAsync("""
            [JobArgs("job.a"), PeriodicJob("@hourly")]
            public abstract record {|RIVER0012:A|}(string Name);
            """);

    [Theory]
    [InlineData("x")]
    [InlineData("bad id")]
    [InlineData("-reports")]
    public async Task InvalidId_IsReportedOnTheId(string id)
    {
        var diagnostics = await AnalyzerVerifier.VerifyAsync($$"""
            [JobArgs("reports.build"), PeriodicJob("@hourly", Id = [|"{{id}}"|])]
            public sealed record BuildReport;
            """, "RIVER0028");
        Assert.StartsWith("Invalid periodic job id: Periodic job id", Message(diagnostics[0]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SameIdTwice_IsReportedOnBoth()
    {
        var diagnostics = await AnalyzerVerifier.VerifyAsync("""
            [JobArgs("reports.a"), PeriodicJob("@hourly", Id = [|"reports.nightly"|])]
            public sealed record A;
            [JobArgs("reports.b"), PeriodicJob("@daily", Id = [|"reports.nightly"|])]
            public sealed record B;
            [JobArgs("reports.c"), PeriodicJob("@daily", Id = "reports.other")]
            public sealed record C;
            """, "RIVER0029");
        Assert.Equal("Periodic job id \"reports.nightly\" is used by both 'A' and 'B'", Message(diagnostics[0]));
    }

    [Fact]
    public async Task IdEqualToAnotherPeriodicJobsKind_IsReported()
        => await AnalyzerVerifier.VerifyAsync("""
            [JobArgs("reports.nightly"), [|PeriodicJob("@daily")|]]
            public sealed record Nightly;
            [JobArgs("reports.other"), PeriodicJob("@hourly", Id = [|"reports.nightly"|])]
            public sealed record Other;
            """, "RIVER0029");

    [Fact]
    public async Task IdEqualToTheKindOfANonPeriodicType_IsFine()
        => await AnalyzerVerifier.VerifyAsync("""
            [JobArgs("reports.nightly")]
            public sealed record Nightly;
            [JobArgs("reports.other"), PeriodicJob("@hourly", Id = "reports.nightly")]
            public sealed record Other;
            [JobArgs("reports.own"), PeriodicJob("@hourly", Id = "reports.own")]
            public sealed record OwnKind;
            """);

    [Fact]
    public async Task TwoPeriodicTypesWithOneKind_AreRiver0002Only()
        => await AnalyzerVerifier.VerifyAsync("""
            [JobArgs({|RIVER0002:"reports.nightly"|}), PeriodicJob("@daily")]
            public sealed record A;
            [JobArgs({|RIVER0002:"reports.nightly"|}), PeriodicJob("@hourly")]
            public sealed record B;
            """);
}
