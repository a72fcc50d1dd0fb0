using System.Net;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace River.Dashboard;

/// <summary>
/// The rule for a dashboard without an authorization policy: it serves only in the Development environment or to
/// loopback callers. With a policy (on the endpoint, or the app's fallback policy) the app's authorization decides.
/// </summary>
internal sealed class AccessGate(ILogger logger, string path)
{
    private int _logged;

    /// <summary>Returns null when the request may proceed, else the reason it is refused (403).</summary>
    public string? Check(HttpContext context)
    {
        if (HasPolicy(context))
        {
            LogOnce(LogLevel.Information, "River dashboard at {Path}: authorization policy present; the app's authorization decides who sees it.", path);
            return null;
        }
        var environment = context.RequestServices.GetService<IWebHostEnvironment>();
        if (environment is not null && environment.IsDevelopment())
        {
            LogOnce(LogLevel.Warning, "River dashboard at {Path} has no authorization policy: serving every caller because the environment is Development. Call RequireAuthorization(…) on MapRiverDashboard's result before deploying.", path);
            return null;
        }
        LogOnce(LogLevel.Warning, "River dashboard at {Path} has no authorization policy: serving loopback callers only. Call RequireAuthorization(…) on MapRiverDashboard's result to serve others.", path);
        if (IsLoopback(context))
        {
            return null;
        }
        return "This River dashboard has no authorization policy, so it serves only local (loopback) callers outside the Development environment. "
            + "The app's owner can call RequireAuthorization(…) on the result of MapRiverDashboard to open it to authorized users.";
    }

    private static bool HasPolicy(HttpContext context)
    {
        var endpoint = context.GetEndpoint();
        if (endpoint?.Metadata.GetMetadata<IAuthorizeData>() is not null)
        {
            return true;
        }
        return context.RequestServices.GetService<IOptions<AuthorizationOptions>>()?.Value.FallbackPolicy is not null;
    }

    /// <summary>Loopback, and not forwarded by a proxy (behind one, every caller would look local).</summary>
    private static bool IsLoopback(HttpContext context)
    {
        if (context.Request.Headers.ContainsKey("X-Forwarded-For") || context.Request.Headers.ContainsKey("Forwarded"))
        {
            return false;
        }
        var remote = context.Connection.RemoteIpAddress;
        return remote is not null && IPAddress.IsLoopback(remote);
    }

    private void LogOnce(LogLevel level, string message, string value)
    {
        if (Interlocked.Exchange(ref _logged, 1) == 0)
        {
#pragma warning disable CA2254 // The three messages are constants chosen above.
            logger.Log(level, message, value);
#pragma warning restore CA2254
        }
    }
}
