using River.Analyzers.CodeFixes.Fixes;
using River.Analyzers.Tests.Infrastructure;

namespace River.Analyzers.Tests;

/// <summary>Before/after (and Fix All) of the code fixes for queue names and tags (RIVER0006/0007), unique periods (RIVER0008) and [UniqueKey] on an ignored property (RIVER0010).</summary>
public sealed class CodeFixRound3Tests
{
    [Theory]
    [InlineData("Mail Queue", "mail_queue")]
    [InlineData("mail--eu", "mail-eu")]
    [InlineData("_mail.eu_", "mail_eu")]
    [InlineData("Billing|EU", "billing|eu")]
    public async Task SuggestedQueue_OnJobArgs(string queue, string fixedQueue)
        => await CodeFixVerifier.VerifyAsync(new SuggestedNameCodeFix(), "RIVER0006",
            [$$"""
            [JobArgs("email.send", Queue = "{{queue}}")]
            public sealed record SendEmail(string To);
            """],
            [$$"""
            [JobArgs("email.send", Queue = "{{fixedQueue}}")]
            public sealed record SendEmail(string To);
            """], $"Use queue \"{fixedQueue}\"");

    [Fact]
    public async Task SuggestedQueue_AtTheCallSite()
        => await CodeFixVerifier.VerifyAsync(new SuggestedNameCodeFix(), "RIVER0006",
            ["""
            public static class Calls
            {
                public static InsertOptions Options() => new InsertOptions { Queue = "Reports" };
            }
            """],
            ["""
            public static class Calls
            {
                public static InsertOptions Options() => new InsertOptions { Queue = "reports" };
            }
            """], "Use queue \"reports\"");

    [Fact]
    public async Task NoQueueFix_WhenNothingUsableIsLeft()
        => await CodeFixVerifier.VerifyNoFixAsync(new SuggestedNameCodeFix(), "RIVER0006", """
            [JobArgs("email.send", Queue = "--")]
            public sealed record SendEmail(string To);
            """);

    [Fact]
    public async Task SuggestedTag_OnJobArgs()
        => await CodeFixVerifier.VerifyAsync(new SuggestedNameCodeFix(), "RIVER0007",
            ["""
            [JobArgs("email.send", Tags = ["okay", "no spaces"])]
            public sealed record SendEmail(string To);
            """],
            ["""
            [JobArgs("email.send", Tags = ["okay", "no_spaces"])]
            public sealed record SendEmail(string To);
            """], "Use tag \"no_spaces\"");

    [Fact]
    public async Task NoTagFix_ForATagTooShortToRepair()
        => await CodeFixVerifier.VerifyNoFixAsync(new SuggestedNameCodeFix(), "RIVER0007", """
            [JobArgs("email.send", Tags = ["-a"])]
            public sealed record SendEmail(string To);
            """);

    [Fact]
    public async Task SuggestedName_FixAll_fixes_every_tag_with_its_own_suggestion()
        => await CodeFixVerifier.VerifyFixAllAsync(new SuggestedNameCodeFix(), "RIVER0007",
            """
            public static class Calls
            {
                public static InsertOptions Options() => new InsertOptions { Tags = ["a,b,c", "x.y.z", "fine"] };
            }
            """,
            """
            public static class Calls
            {
                public static InsertOptions Options() => new InsertOptions { Tags = ["a_b_c", "x_y_z", "fine"] };
            }
            """);

    [Fact]
    public async Task UniquePeriod_OnUniqueJob()
        => await CodeFixVerifier.VerifyAsync(new UniquePeriodCodeFix(), "RIVER0008",
            ["""
            [JobArgs("job.a"), UniqueJob(ByPeriodSeconds = -60)]
            public sealed record A(string To);
            """],
            ["""
            [JobArgs("job.a"), UniqueJob(ByPeriodSeconds = 1)]
            public sealed record A(string To);
            """], UniquePeriodCodeFix.Title);

    [Fact]
    public async Task UniquePeriod_FixAll_InUniqueOptions()
        => await CodeFixVerifier.VerifyFixAllAsync(new UniquePeriodCodeFix(), "RIVER0008",
            """
            public static class Calls
            {
                public static UniqueOptions A() => new() { ByPeriod = TimeSpan.FromMilliseconds(500) };
                public static UniqueOptions B() => new() { ByPeriod = new TimeSpan(0, 0, -5) };
                public static UniqueOptions C() => new() { ByPeriod = System.TimeSpan.Zero };
            }
            """,
            """
            public static class Calls
            {
                public static UniqueOptions A() => new() { ByPeriod = TimeSpan.FromSeconds(1) };
                public static UniqueOptions B() => new() { ByPeriod = TimeSpan.FromSeconds(1) };
                public static UniqueOptions C() => new() { ByPeriod = System.TimeSpan.FromSeconds(1) };
            }
            """);

    [Fact]
    public async Task RemoveUniqueKey_FromAPropertyWithOtherAttributes()
        => await CodeFixVerifier.VerifyAsync(new RemoveUniqueKeyCodeFix(), "RIVER0010",
            ["""
            using System.Text.Json.Serialization;
            [JobArgs("job.a"), UniqueJob(ByArgs = true)]
            public sealed class A
            {
                [UniqueKey] public string To { get; set; } = "";
                [UniqueKey, JsonIgnore] public long AccountId { get; set; }
            }
            """],
            ["""
            using System.Text.Json.Serialization;
            [JobArgs("job.a"), UniqueJob(ByArgs = true)]
            public sealed class A
            {
                [UniqueKey] public string To { get; set; } = "";
                [JsonIgnore] public long AccountId { get; set; }
            }
            """], RemoveUniqueKeyCodeFix.Title);

    [Fact]
    public async Task RemoveUniqueKey_FixAll_OnRecordParameters()
        => await CodeFixVerifier.VerifyFixAllAsync(new RemoveUniqueKeyCodeFix(), "RIVER0010",
            """
            using System.Text.Json.Serialization;
            [JobArgs("job.a"), UniqueJob(ByArgs = true)]
            public sealed record A([property: UniqueKey] string To, [UniqueKey][property: JsonIgnore] long AccountId, [property: UniqueKey, JsonIgnore] long TenantId);
            """,
            """
            using System.Text.Json.Serialization;
            [JobArgs("job.a"), UniqueJob(ByArgs = true)]
            public sealed record A([property: UniqueKey] string To, [property: JsonIgnore] long AccountId, [property: JsonIgnore] long TenantId);
            """);
}
