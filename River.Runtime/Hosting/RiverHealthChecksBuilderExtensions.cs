using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace River;

/// <summary>Adds River's health check to <c>services.AddHealthChecks()</c>.</summary>
public static class RiverHealthChecksBuilderExtensions
{
    /// <summary>
    /// Adds a health check of the <see cref="RiverClient"/> registered by <c>AddRiver</c>: unhealthy when the client is
    /// not started or the database (River's schema version query) does not answer within <paramref name="probeTimeout"/>
    /// (default 5 s); degraded while its LISTEN connection reconnects or its completer backlog is full; healthy otherwise.
    /// Map it with ASP.NET Core's <c>app.MapHealthChecks("/health")</c>.
    /// </summary>
    /// <param name="builder">The health checks builder.</param>
    /// <param name="name">The check's name (default <c>river</c>).</param>
    /// <param name="failureStatus">What an unhealthy client reports (default <see cref="HealthStatus.Unhealthy"/>).</param>
    /// <param name="tags">Tags to filter checks by (e.g. <c>ready</c>).</param>
    /// <param name="probeTimeout">How long the database probe may take.</param>
    public static IHealthChecksBuilder AddRiver(this IHealthChecksBuilder builder, string name = "river", HealthStatus? failureStatus = null,
        IEnumerable<string>? tags = null, TimeSpan? probeTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var timeout = probeTimeout ?? RiverHealthCheck.DefaultProbeTimeout;
        if (timeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(probeTimeout), probeTimeout, "The probe timeout must be positive.");
        }
        return builder.Add(new HealthCheckRegistration(name, sp => new RiverHealthCheck(sp.GetRequiredService<RiverClient>(), timeout), failureStatus, tags));
    }
}
