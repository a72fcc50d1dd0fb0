using River.Analyzers.CodeFixes.Fixes;
using River.Analyzers.Tests.Infrastructure;

namespace River.Analyzers.Tests;

public sealed class CodeFixTests
{
    [Fact]
    public async Task LowerCaseKind_RewritesTheLiteral()
        => await CodeFixVerifier.VerifyAsync(new LowerCaseKindCodeFix(), "RIVER0003",
            ["""
            [JobArgs("Email.Send", Queue = "mail")]
            public sealed record SendEmail(string To);
            """],
            ["""
            [JobArgs("email.send", Queue = "mail")]
            public sealed record SendEmail(string To);
            """], "Use kind \"email.send\"");

    [Theory]
    [InlineData("9", "4")]
    [InlineData("-3", "1")]
    [InlineData("int.MaxValue", "4")]
    public async Task ClampPriority_OnJobArgs(string priority, string clamped)
        => await CodeFixVerifier.VerifyAsync(new ClampPriorityCodeFix(), "RIVER0004",
            [$$"""
            [JobArgs("email.send", Priority = {{priority}})]
            public sealed record SendEmail(string To);
            """],
            [$$"""
            [JobArgs("email.send", Priority = {{clamped}})]
            public sealed record SendEmail(string To);
            """]);

    [Fact]
    public async Task ClampPriority_AtTheCallSite()
        => await CodeFixVerifier.VerifyAsync(new ClampPriorityCodeFix(), "RIVER0004",
            ["""
            public static class Calls
            {
                public static InsertOptions Options() => new InsertOptions { Priority = 9, Queue = "mail" };
            }
            """],
            ["""
            public static class Calls
            {
                public static InsertOptions Options() => new InsertOptions { Priority = 4, Queue = "mail" };
            }
            """]);

    [Fact]
    public async Task RaiseInterval_RewritesTheScheduleLiteral()
        => await CodeFixVerifier.VerifyAsync(new RaiseIntervalCodeFix(), "RIVER0024",
            ["""
            [JobArgs("cache.warm"), PeriodicJob("@every 500ms", RunOnStart = true)]
            public sealed record WarmCache;
            """],
            ["""
            [JobArgs("cache.warm"), PeriodicJob("@every 1s", RunOnStart = true)]
            public sealed record WarmCache;
            """], "Use \"@every 1s\"");

    [Fact]
    public async Task AddRequiredStates_ToACollectionExpression()
        => await CodeFixVerifier.VerifyAsync(new AddRequiredStatesCodeFix(), "RIVER0009",
            ["""
            [JobArgs("email.send"), UniqueJob(ByArgs = true, ByState = [JobState.Available, JobState.Completed])]
            public sealed record SendEmail(string To);
            """],
            ["""
            [JobArgs("email.send"), UniqueJob(ByArgs = true, ByState = [JobState.Available, JobState.Completed, JobState.Pending, JobState.Running, JobState.Scheduled])]
            public sealed record SendEmail(string To);
            """]);

    [Fact]
    public async Task AddRequiredStates_ToAnArrayInUniqueOpts_KeepsTheQualifier()
        => await CodeFixVerifier.VerifyAsync(new AddRequiredStatesCodeFix(), "RIVER0009",
            ["""
            public static class Calls
            {
                public static UniqueOptions Options() => new() { ByState = new[] { River.JobState.Running, River.JobState.Pending } };
            }
            """],
            ["""
            public static class Calls
            {
                public static UniqueOptions Options() => new() { ByState = new[] { River.JobState.Running, River.JobState.Pending, River.JobState.Available, River.JobState.Scheduled } };
            }
            """]);

    [Fact]
    public async Task AddRequiredStates_ToAnEmptySet()
        => await CodeFixVerifier.VerifyAsync(new AddRequiredStatesCodeFix(), "RIVER0009",
            ["""
            [JobArgs("email.send"), UniqueJob(ByState = [])]
            public sealed record SendEmail(string To);
            """],
            ["""
            [JobArgs("email.send"), UniqueJob(ByState = [JobState.Available, JobState.Pending, JobState.Running, JobState.Scheduled])]
            public sealed record SendEmail(string To);
            """]);

    [Fact]
    public async Task AddJsonSerializable_ToAContextInAnotherDocument()
        => await CodeFixVerifier.VerifyAsync(new AddJsonSerializableCodeFix(), "RIVER0016",
            [
                """
                namespace App.Jobs;
                [JobArgs("report.build", JsonContext = typeof(App.Json.AppJsonContext))]
                public sealed record BuildReport(string Name, List<Uri> Sources);
                """,
                """
                using System.Text.Json.Serialization;
                namespace App.Json;
                [JsonSerializable(typeof(string))]
                public abstract class AppJsonContext : JsonSerializerContext
                {
                    protected AppJsonContext() : base(null) { }
                }
                """,
            ],
            [
                """
                namespace App.Jobs;
                [JobArgs("report.build", JsonContext = typeof(App.Json.AppJsonContext))]
                public sealed record BuildReport(string Name, List<Uri> Sources);
                """,
                """
                using System.Text.Json.Serialization;
                namespace App.Json;
                [JsonSerializable(typeof(string))]
                [JsonSerializable(typeof(Uri))]
                public abstract class AppJsonContext : JsonSerializerContext
                {
                    protected AppJsonContext() : base(null) { }
                }
                """,
            ], "Add [JsonSerializable(typeof(Uri))] to AppJsonContext",
            // The stub context has no System.Text.Json source generator behind it, so the generated serializer's
            // AppJsonContext.Default does not exist (before and after the fix).
            allowedCompilerErrors: ["CS0117"]);

    [Fact]
    public async Task AddJsonSerializable_ForAnArgsTypeTheContextReadsWhole()
        => await CodeFixVerifier.VerifyAsync(new AddJsonSerializableCodeFix(), "RIVER0016",
            [
                """
                using System.Text.Json.Serialization;
                namespace App.Jobs;
                [JobArgs("report.build", JsonContext = typeof(AppJsonContext))]
                public sealed class BuildReport { private BuildReport() { } public string Name { get; set; } = ""; }
                [JsonSerializable(typeof(string))]
                public abstract class AppJsonContext : JsonSerializerContext
                {
                    protected AppJsonContext() : base(null) { }
                }
                """,
            ],
            [
                """
                using System.Text.Json.Serialization;
                namespace App.Jobs;
                [JobArgs("report.build", JsonContext = typeof(AppJsonContext))]
                public sealed class BuildReport { private BuildReport() { } public string Name { get; set; } = ""; }
                [JsonSerializable(typeof(string))]
                [JsonSerializable(typeof(BuildReport))]
                public abstract class AppJsonContext : JsonSerializerContext
                {
                    protected AppJsonContext() : base(null) { }
                }
                """,
            ], "Add [JsonSerializable(typeof(BuildReport))] to AppJsonContext",
            // The stub context has no System.Text.Json source generator behind it, so the generated serializer's
            // AppJsonContext.Default does not exist (before and after the fix).
            allowedCompilerErrors: ["CS0117"]);

    [Fact]
    public async Task CreateWorkerStub_AfterTheArgsType()
        => await CodeFixVerifier.VerifyAsync(new CreateWorkerStubCodeFix(), "RIVER0020",
            ["""
            namespace App;

            [JobArgs("email.send")]
            public sealed record SendEmailArgs(string To);

            [JobArgs("email.other")]
            public sealed record Other(string To);

            public sealed class OtherWorker : Worker<Other>
            {
                public override Task WorkAsync(Job<Other> job, CancellationToken cancellationToken) => Task.CompletedTask;
            }
            """],
            ["""
            namespace App;

            [JobArgs("email.send")]
            public sealed record SendEmailArgs(string To);

            public sealed class SendEmailWorker : Worker<SendEmailArgs>
            {
                public override Task WorkAsync(Job<SendEmailArgs> job, CancellationToken cancellationToken)
                {
                    throw new NotImplementedException();
                }
            }

            [JobArgs("email.other")]
            public sealed record Other(string To);

            public sealed class OtherWorker : Worker<Other>
            {
                public override Task WorkAsync(Job<Other> job, CancellationToken cancellationToken) => Task.CompletedTask;
            }
            """], "Create worker SendEmailWorker");

    [Theory]
    [InlineData("Mark SendEmailWorker() [ActivatorUtilitiesConstructor]", 0)]
    [InlineData("Mark SendEmailWorker(IMailer, int) [ActivatorUtilitiesConstructor]", 1)]
    public async Task MarkWorkerConstructor_PutsTheAttributeOnThePickedConstructor(string title, int picked)
        => await CodeFixVerifier.VerifyAsync(new MarkWorkerConstructorCodeFix(), "RIVER0031",
            [$$"""
            using Microsoft.Extensions.DependencyInjection;
            public interface IMailer { }
            [JobArgs("mail.send")]
            public sealed record SendEmail(string To);
            public sealed class SendEmailWorker : Worker<SendEmail>
            {
                public SendEmailWorker() { }

                // Production
                public SendEmailWorker(IMailer mailer, int retries) { }
                public override Task WorkAsync(Job<SendEmail> job, CancellationToken cancellationToken) => Task.CompletedTask;
            }
            """],
            [$$"""
            using Microsoft.Extensions.DependencyInjection;
            public interface IMailer { }
            [JobArgs("mail.send")]
            public sealed record SendEmail(string To);
            public sealed class SendEmailWorker : Worker<SendEmail>
            {
            {{(picked == 0 ? "    [ActivatorUtilitiesConstructor]\n" : "")}}    public SendEmailWorker() { }

                // Production
            {{(picked == 1 ? "    [ActivatorUtilitiesConstructor]\n" : "")}}    public SendEmailWorker(IMailer mailer, int retries) { }
                public override Task WorkAsync(Job<SendEmail> job, CancellationToken cancellationToken) => Task.CompletedTask;
            }
            """], title, actionKey: title);

    [Fact]
    public async Task MarkWorkerConstructor_AddsTheUsingWhenMissing()
        => await CodeFixVerifier.VerifyAsync(new MarkWorkerConstructorCodeFix(), "RIVER0031",
            ["""
            [JobArgs("mail.send")]
            public sealed record SendEmail(string To);
            public sealed class SendEmailWorker : Worker<SendEmail>
            {
                public SendEmailWorker() { }
                public SendEmailWorker(int retries) { }
                public override Task WorkAsync(Job<SendEmail> job, CancellationToken cancellationToken) => Task.CompletedTask;
            }
            """],
            ["""
            using Microsoft.Extensions.DependencyInjection;

            [JobArgs("mail.send")]
            public sealed record SendEmail(string To);
            public sealed class SendEmailWorker : Worker<SendEmail>
            {
                public SendEmailWorker() { }
                [ActivatorUtilitiesConstructor]
                public SendEmailWorker(int retries) { }
                public override Task WorkAsync(Job<SendEmail> job, CancellationToken cancellationToken) => Task.CompletedTask;
            }
            """], "Mark SendEmailWorker(int) [ActivatorUtilitiesConstructor]",
            actionKey: "Mark SendEmailWorker(int) [ActivatorUtilitiesConstructor]");

    [Fact]
    public async Task FieldToProperty_KeepsInitializerAndAttributes_ReadonlyBecomesInit()
        => await CodeFixVerifier.VerifyAsync(new FieldToPropertyCodeFix(), "RIVER0033",
            ["""
            using System.Text.Json.Serialization;
            [JobArgs("data.fields")]
            public sealed class A
            {
                // The recipient
                [JsonPropertyName("to")] public string To = "";
                public int Count { get; set; }
            }
            """],
            ["""
            using System.Text.Json.Serialization;
            [JobArgs("data.fields")]
            public sealed class A
            {
                // The recipient
                [JsonPropertyName("to")] public string To { get; set; } = "";
                public int Count { get; set; }
            }
            """], "Make the field a property");

    [Fact]
    public async Task FieldToProperty_FixAll_TurnsEveryFieldIntoAProperty()
        => await CodeFixVerifier.VerifyFixAllAsync(new FieldToPropertyCodeFix(), "RIVER0033",
            """
            [JobArgs("data.fields")]
            public sealed class A
            {
                public readonly int Retries;
                public string To = "";
            }
            [JobArgs("data.more")]
            public sealed class B
            {
                public long Id;
            }
            """,
            """
            [JobArgs("data.fields")]
            public sealed class A
            {
                public int Retries { get; init; }
                public string To { get; set; } = "";
            }
            [JobArgs("data.more")]
            public sealed class B
            {
                public long Id { get; set; }
            }
            """);
}

public sealed class CreateWorkerStubCodeFixTests
{
    [Fact]
    public async Task CreateWorkerStub_ForTheLastTypeInABlockNamespace_AvoidsNameClashes()
        => await CodeFixVerifier.VerifyAsync(new CreateWorkerStubCodeFix(), "RIVER0020",
            ["""
            namespace App
            {
                public sealed class Report { }

                [JobArgs("report.build")]
                internal sealed class Report2Args { public string Name { get; set; } = ""; }

                public sealed class Report2Worker { }

                [JobArgs("email.other")]
                public sealed record Other(string To);

                public sealed class OtherWorker : Worker<Other>
                {
                    public override Task WorkAsync(Job<Other> job, CancellationToken cancellationToken) => Task.CompletedTask;
                }
            }
            """],
            ["""
            namespace App
            {
                public sealed class Report { }

                [JobArgs("report.build")]
                internal sealed class Report2Args { public string Name { get; set; } = ""; }

                internal sealed class Report2Worker2 : Worker<Report2Args>
                {
                    public override Task WorkAsync(Job<Report2Args> job, CancellationToken cancellationToken)
                    {
                        throw new NotImplementedException();
                    }
                }

                public sealed class Report2Worker { }

                [JobArgs("email.other")]
                public sealed record Other(string To);

                public sealed class OtherWorker : Worker<Other>
                {
                    public override Task WorkAsync(Job<Other> job, CancellationToken cancellationToken) => Task.CompletedTask;
                }
            }
            """]);
}
