using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace RiverWorker;

/// <summary>
/// Logs every health report (by default every 30 s, after a 5 s delay: HealthCheckPublisherOptions): Information
/// while healthy, Warning when degraded or unhealthy, with each failing entry's description.
/// </summary>
public sealed partial class HealthLogPublisher(ILogger<HealthLogPublisher> logger) : IHealthCheckPublisher
{
    public Task PublishAsync(HealthReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (report.Status == HealthStatus.Healthy)
        {
            LogHealthy(report.TotalDuration.TotalMilliseconds);
            return Task.CompletedTask;
        }
        foreach (var (name, entry) in report.Entries)
        {
            if (entry.Status != HealthStatus.Healthy)
            {
                LogUnhealthy(name, entry.Status, entry.Description ?? entry.Exception?.Message ?? "");
            }
        }
        return Task.CompletedTask;
    }

    [LoggerMessage(1, LogLevel.Information, "Health: healthy ({Milliseconds:0} ms)")]
    private partial void LogHealthy(double milliseconds);

    [LoggerMessage(2, LogLevel.Warning, "Health: {Name} is {Status}: {Description}")]
    private partial void LogUnhealthy(string name, HealthStatus status, string description);
}
