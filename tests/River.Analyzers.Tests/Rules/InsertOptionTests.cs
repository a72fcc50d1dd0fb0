using River.Analyzers.Tests.Infrastructure;

namespace River.Analyzers.Tests.Rules;

public sealed class InsertOptionTests
{
    [Theory]
    [InlineData("-1")]
    [InlineData("5")]
    [InlineData("int.MaxValue")]
    public async Task PriorityOutOfRange_OnJobArgs(string priority)
        => await AnalyzerVerifier.VerifyAsync($$"""
            [JobArgs("email.send", Priority = [|{{priority}}|])]
            public sealed record SendEmail(string To);
            """, "RIVER0004");

    [Theory]
    [InlineData("0")]
    [InlineData("1")]
    [InlineData("4")]
    public async Task PriorityUnsetOrInRange_OnJobArgs(string priority)
        => await AnalyzerVerifier.VerifyAsync($$"""
            [JobArgs("email.send", Priority = {{priority}})]
            public sealed record SendEmail(string To);
            """);

    [Theory]
    [InlineData("-1")]
    [InlineData("32768")]
    public async Task MaxAttemptsOutOfRange_OnJobArgs(string maxAttempts)
        => await AnalyzerVerifier.VerifyAsync($$"""
            [JobArgs("email.send", MaxAttempts = [|{{maxAttempts}}|])]
            public sealed record SendEmail(string To);
            """, "RIVER0005");

    [Fact]
    public async Task MaxAttemptsZero_OnJobArgs_MeansTheDefault()
        => await AnalyzerVerifier.VerifyAsync("""
            [JobArgs("email.send", MaxAttempts = [|0|])]
            public sealed record SendEmail(string To);
            """, "RIVER0050");

    [Fact]
    public async Task MaxAttemptsUnset_OnJobArgs_IsNotReported()
        => await AnalyzerVerifier.VerifyAsync("""
            [JobArgs("email.send", Priority = 2)]
            public sealed record SendEmail(string To);
            """);

    [Theory]
    [InlineData("1")]
    [InlineData("32767")]
    public async Task MaxAttemptsInRange_OnJobArgs(string maxAttempts)
        => await AnalyzerVerifier.VerifyAsync($$"""
            [JobArgs("email.send", MaxAttempts = {{maxAttempts}})]
            public sealed record SendEmail(string To);
            """);

    [Theory]
    [InlineData("")]
    [InlineData("mail queue")]
    [InlineData("mail/queue")]
    [InlineData("Mail")]
    [InlineData("mail--eu")]
    [InlineData("mail.eu")]
    public async Task InvalidQueue_OnJobArgs(string queue)
        => await AnalyzerVerifier.VerifyAsync($$"""
            [JobArgs("email.send", Queue = [|"{{queue}}"|])]
            public sealed record SendEmail(string To);
            """, "RIVER0006");

    [Fact]
    public async Task QueueOf65Characters_IsInvalid_64IsValid()
        => await AnalyzerVerifier.VerifyAsync($$"""
            [JobArgs("job.a", Queue = [|"{{new string('q', 65)}}"|])]
            public sealed record A(string To);
            [JobArgs("job.b", Queue = "{{new string('q', 64)}}")]
            public sealed record B(string To);
            [JobArgs("job.c", Queue = "mail_v2-eu1")]
            public sealed record C(string To);
            """, "RIVER0006");

    [Fact]
    public async Task InvalidTags_AreReportedOnEachBadElement()
        => await AnalyzerVerifier.VerifyAsync("""
            [JobArgs("job.a", Tags = ["okay", [|""|], "fine_too", [|"no spaces"|]])]
            public sealed record A(string To);
            [JobArgs("job.b", Tags = new[] { "okay", [|"a,b"|] })]
            public sealed record B(string To);
            [JobArgs("job.c", Tags = new string[] { [|"x.y"|], [|"ab"|], [|"-abc"|] })]
            public sealed record C(string To);
            """, "RIVER0007");

    [Fact]
    public async Task ValidTags_AreNotReported()
        => await AnalyzerVerifier.VerifyAsync("""
            [JobArgs("job.a", Tags = ["email", "priority-high", "v_2"])]
            public sealed record A(string To);
            """);

    [Fact]
    public async Task InsertOptionsLiteralsOutOfRange_AreReportedAtTheCallSite()
        => await AnalyzerVerifier.VerifyAsync("""
            public static class Calls
            {
                public static InsertOptions Make() => new InsertOptions
                {
                    Priority = {|RIVER0004:9|},
                    MaxAttempts = {|RIVER0005:0|},
                    Queue = {|RIVER0006:"bad queue"|},
                    Tags = ["okay", {|RIVER0007:"bad tag"|}],
                };

                public static Task Insert(Func<object, InsertOptions, Task> insertAsync)
                    => insertAsync(new object(), new InsertOptions { Priority = {|RIVER0004:0|}, MaxAttempts = {|RIVER0005:40000|} });
            }
            """);

    [Fact]
    public async Task InsertOptionsInRangeOrComputed_AreNotReported()
        => await AnalyzerVerifier.VerifyAsync("""
            public static class Calls
            {
                public static InsertOptions Make(int priority, string queue) => new InsertOptions
                {
                    Priority = priority,
                    MaxAttempts = 32767,
                    Queue = queue,
                    Tags = new[] { "okay", queue },
                };
                public static InsertOptions Edge() => new() { Priority = 4, MaxAttempts = 1, Queue = null };
            }
            """);
}
