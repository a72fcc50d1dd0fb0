using River.Analyzers.Tests.Infrastructure;

namespace River.Analyzers.Tests.Rules;

/// <summary>RIVER0031 and RIVER0032: workers the generated registration leaves out, each with its reason.</summary>
public sealed class WorkerRegistrationTests
{
    private const string Args = """
        using Microsoft.Extensions.DependencyInjection;
        public interface IMailer { }
        [JobArgs("mail.send")]
        public sealed record SendEmail(string To);

        """;

    private const string Work = "public override Task WorkAsync(Job<SendEmail> job, CancellationToken cancellationToken) => Task.CompletedTask;";

    [Fact]
    public async Task TwoPublicConstructorsNoneMarked_IsReportedOnTheWorker()
    {
        var diagnostics = await AnalyzerVerifier.VerifyAsync(Args + $$"""
            public sealed class {|RIVER0031:SendEmailWorker|} : Worker<SendEmail>
            {
                public SendEmailWorker() { }
                public SendEmailWorker(IMailer mailer) { }
                {{Work}}
            }
            """);
        Assert.Equal(
            "Worker 'SendEmailWorker' is not registered by the generated AddRiverJobsFromThisAssembly(): it has 2 public constructors and none is [ActivatorUtilitiesConstructor]; mark the one to use",
            diagnostics[0].GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task FileLocalWorker_IsReportedOnTheType_AsRiver0038()
    {
        var diagnostics = await AnalyzerVerifier.VerifyAsync(Args + $$"""
            file sealed class {|RIVER0038:SendEmailWorker|} : Worker<SendEmail>
            {
                {{Work}}
            }
            """);
        Assert.Equal(
            "Worker 'SendEmailWorker' is file-local; the generated AddRiverJobsFromThisAssembly() in another file cannot name it, so it is not registered",
            diagnostics[0].GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task WorkerNestedInAFileLocalClass_IsReportedAsRiver0038()
        => await AnalyzerVerifier.VerifyAsync(Args + $$"""
            file static class Outer
            {
                internal sealed class {|RIVER0038:SendEmailWorker|} : Worker<SendEmail>
                {
                    {{Work}}
                }
            }
            """);

    [Fact]
    public async Task InternalWorker_IsRegistered_TheFileLocalRulesPositiveTwin()
        => await AnalyzerVerifier.VerifyAsync(Args + $$"""
            internal sealed class SendEmailWorker : Worker<SendEmail>
            {
                {{Work}}
            }
            """);

    [Fact]
    public async Task TwoPublicConstructorsOneMarked_IsRegistered()
        => await AnalyzerVerifier.VerifyAsync(Args + $$"""
            public sealed class SendEmailWorker : Worker<SendEmail>
            {
                public SendEmailWorker() { }
                [ActivatorUtilitiesConstructor]
                public SendEmailWorker(IMailer mailer) { }
                {{Work}}
            }
            """);

    [Fact]
    public async Task TwoMarkedConstructors_AreReported()
        => await AnalyzerVerifier.VerifyAsync(Args + $$"""
            public sealed class {|RIVER0031:SendEmailWorker|} : Worker<SendEmail>
            {
                [ActivatorUtilitiesConstructor] public SendEmailWorker() { }
                [ActivatorUtilitiesConstructor] public SendEmailWorker(IMailer mailer) { }
                {{Work}}
            }
            """);

    [Fact]
    public async Task OnlyAPrivateConstructor_IsReported_AnInternalOneToo()
        => await AnalyzerVerifier.VerifyAsync(Args + $$"""
            public sealed class {|RIVER0031:SendEmailWorker|} : Worker<SendEmail>
            {
                private SendEmailWorker() { }
                internal SendEmailWorker(IMailer mailer) { }
                {{Work}}
            }
            """);

    [Fact]
    public async Task PrivateNestedWorker_IsReported_AnInternalNestedOneIsNot()
        => await AnalyzerVerifier.VerifyAsync(Args + $$"""
            public static class Workers
            {
                private sealed class {|RIVER0031:SendEmailWorker|} : Worker<SendEmail> { {{Work}} }
            }
            [JobArgs("mail.other")]
            public sealed record Other(string To);
            public static class MoreWorkers
            {
                internal sealed class OtherWorker : Worker<Other> { public override Task WorkAsync(Job<Other> job, CancellationToken cancellationToken) => Task.CompletedTask; }
            }
            """);

    [Fact]
    public async Task RefParameter_IsReported()
        => await AnalyzerVerifier.VerifyAsync(Args + $$"""
            public sealed class {|RIVER0031:SendEmailWorker|} : Worker<SendEmail>
            {
                public SendEmailWorker(in int retries) { }
                {{Work}}
            }
            """);

    [Fact]
    public async Task AbstractWorkerWithoutSubclass_IsReported_WithOneItIsNot()
        => await AnalyzerVerifier.VerifyAsync(Args + $$"""
            public abstract class {|RIVER0032:SendEmailWorkerBase|} : Worker<SendEmail> { }
            [JobArgs("mail.other")]
            public sealed record Other(string To);
            public abstract class OtherWorkerBase : Worker<Other> { }
            public sealed class OtherWorker : OtherWorkerBase { public override Task WorkAsync(Job<Other> job, CancellationToken cancellationToken) => Task.CompletedTask; }
            """);

    [Fact]
    public async Task GenericWorkerWithoutClosedSubclass_IsReported_OpenOverItsArgsIsNot()
        => await AnalyzerVerifier.VerifyAsync(Args + $$"""
            public class {|RIVER0032:SendEmailWorker|}<TMailer> : Worker<SendEmail> { {{Work}} }
            public abstract class LoggingWorker<T> : Worker<T> where T : notnull { }
            """);

    [Fact]
    public async Task GenericWorkerWithAClosedSubclass_IsNotReported()
        => await AnalyzerVerifier.VerifyAsync(Args + $$"""
            public class SendEmailWorker<TMailer> : Worker<SendEmail> { {{Work}} }
            public sealed class SmtpSendEmailWorker : SendEmailWorker<IMailer> { }
            """);

    [Fact]
    public async Task ArgsWithoutWorker_IsNotReportedOnATypeWithItsOwnError()
        => await AnalyzerVerifier.VerifyAsync("""
            [JobArgs("job.a")]
            public sealed record A(string To);
            public sealed class AWorker : Worker<A> { public override Task WorkAsync(Job<A> job, CancellationToken cancellationToken) => Task.CompletedTask; }
            [JobArgs({|RIVER0001:"!"|})]
            public sealed record B(string To);
            [JobArgs("job.c")]
            public sealed record {|RIVER0013:C|}<T>(T Value);
            public sealed class CWorker : Worker<C<int>> { public override Task WorkAsync(Job<C<int>> job, CancellationToken cancellationToken) => Task.CompletedTask; }
            """);

    [Fact]
    public async Task ArgsOfAnUnregisteredWorker_HaveAWorker_ForRiver0020()
        => await AnalyzerVerifier.VerifyAsync(Args + $$"""
            public sealed class {|RIVER0031:SendEmailWorker|} : Worker<SendEmail>
            {
                private SendEmailWorker() { }
                {{Work}}
            }
            """);
}
