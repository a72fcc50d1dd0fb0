using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using River.Dashboard.Queries;

namespace River.Dashboard;

/// <summary>What every page and action of one mounted dashboard shares.</summary>
internal sealed class DashboardContext
{
    public DashboardContext(RiverClient client, RiverDashboardOptions options, string basePath, IServiceProvider services)
    {
        Client = client;
        Options = options;
        BasePath = basePath;
        Logger = (services.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance).CreateLogger("River.Dashboard");
        Stats = new DashboardStats(client, options.ExactCountLimit);
        Workflows = new WorkflowReads(client);
        Live = new LiveReads(options.RefreshInterval, TimeProvider.System);
        Gate = new AccessGate(Logger, basePath.Length == 0 ? "/" : basePath);
    }

    public RiverClient Client { get; }

    public RiverDashboardOptions Options { get; }

    /// <summary>The mount path without a trailing slash ("" at the root); links are PathBase + BasePath + page.</summary>
    public string BasePath { get; }

    public ILogger Logger { get; }

    public DashboardStats Stats { get; }

    /// <summary>The workflow pages' reads.</summary>
    public WorkflowReads Workflows { get; }

    /// <summary>The reads live refreshes share (one per page and filter per refresh interval).</summary>
    public LiveReads Live { get; }

    public AccessGate Gate { get; }
}
