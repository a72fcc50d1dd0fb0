using Microsoft.Extensions.DependencyInjection;

namespace River.Dashboard;

/// <summary>Registers what the dashboard needs in the app's services.</summary>
public static class RiverDashboardServiceCollectionExtensions
{
    /// <summary>
    /// Registers the services the dashboard uses: ASP.NET Core's antiforgery (every action is a POST carrying an
    /// antiforgery token). Call it before <c>builder.Build()</c>; <see cref="RiverDashboardEndpointRouteBuilderExtensions.MapRiverDashboard"/>
    /// refuses to map without it.
    /// </summary>
    public static IServiceCollection AddRiverDashboard(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddAntiforgery();
        services.AddSingleton<DashboardMarker>();
        return services;
    }
}

/// <summary>Registered by <see cref="RiverDashboardServiceCollectionExtensions.AddRiverDashboard"/>: proves it was called.</summary>
internal sealed class DashboardMarker;
