using River;

namespace RiverWorker.Jobs;

/// <summary>The job: its arguments are stored as JSON in river_job.args; the kind names it in the database.</summary>
[JobArgs("welcome_email.send", Queue = "default", MaxAttempts = 5)]
public sealed record SendWelcomeEmail(string Email, string Name);

/// <summary>
/// Works <see cref="SendWelcomeEmail"/> jobs. Registered by <c>AddRiverJobsFromThisAssembly()</c>; constructed per job
/// from the container. A thrown exception fails the attempt and River retries it later (up to MaxAttempts).
/// </summary>
public sealed class SendWelcomeEmailWorker(IWelcomeSender sender) : Worker<SendWelcomeEmail>
{
    public override Task WorkAsync(Job<SendWelcomeEmail> job, CancellationToken cancellationToken) =>
        sender.SendAsync(job.Args.Email, $"Welcome, {job.Args.Name}!", cancellationToken);
}
