using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace River.Dashboard;

/// <summary>Mounts the River dashboard in an ASP.NET Core app.</summary>
public static class RiverDashboardEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Mounts the dashboard under <paramref name="prefix"/> (e.g. <c>"/river"</c>): overview, jobs, job detail,
    /// queues, schedules, and their actions.
    /// </summary>
    /// <remarks>
    /// <para>Authorization is the app's: call <c>RequireAuthorization(…)</c> on the returned builder. Without an
    /// authorization policy (on these endpoints or as the app's fallback policy) the dashboard serves only in the
    /// Development environment or to callers on the loopback interface, refuses every other request with 403, and
    /// logs which case applies on its first request. A request carrying <c>X-Forwarded-For</c> or <c>Forwarded</c>
    /// counts as remote: behind a reverse proxy every caller would otherwise look local.</para>
    /// <para>Actions are POSTs with an antiforgery token (register it with
    /// <see cref="RiverDashboardServiceCollectionExtensions.AddRiverDashboard"/>); with
    /// <see cref="RiverDashboardOptions.ReadOnly"/> they are hidden and refused.</para>
    /// </remarks>
    /// <returns>The endpoints' convention builder (a route group), for <c>RequireAuthorization</c> and other conventions.</returns>
    /// <exception cref="InvalidOperationException"><c>AddRiverDashboard()</c> was not called, or no <see cref="RiverClient"/> is available.</exception>
    /// <exception cref="ArgumentException">The prefix does not start with '/', or an option is out of range.</exception>
    public static RouteGroupBuilder MapRiverDashboard(this IEndpointRouteBuilder endpoints, string prefix = "/river", Action<RiverDashboardOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(prefix);
        if (!prefix.StartsWith('/'))
        {
            throw new ArgumentException($"The dashboard prefix must start with '/', e.g. \"/river\"; got \"{prefix}\".", nameof(prefix));
        }
        var options = new RiverDashboardOptions();
        configure?.Invoke(options);
        options.Validate();
        var services = endpoints.ServiceProvider;
        if (services.GetService<DashboardMarker>() is null)
        {
            throw new InvalidOperationException("The River dashboard needs its services: call builder.Services.AddRiverDashboard() before builder.Build().");
        }
        var client = options.Client ?? services.GetService<RiverClient>()
            ?? throw new InvalidOperationException("The River dashboard found no RiverClient: register one with services.AddRiver(…), or set RiverDashboardOptions.Client.");
        var basePath = prefix.TrimEnd('/');
        var group = endpoints.MapGroup(basePath.Length == 0 ? "/" : basePath);
        DashboardEndpoints.Map(group, new DashboardContext(client, options, basePath, services));
        return group;
    }
}
