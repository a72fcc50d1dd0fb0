using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using River.Dashboard.Actions;
using River.Dashboard.Pages;
using River.Dashboard.Rendering;

namespace River.Dashboard;

/// <summary>The routes of one mounted dashboard. Handlers are plain request delegates (no reflection-based binding).</summary>
internal static class DashboardEndpoints
{
    public static void Map(RouteGroupBuilder group, DashboardContext dashboard)
    {
        group.MapGet("/", Page(dashboard, OverviewPage.RenderAsync));
        group.MapGet("/jobs", Page(dashboard, JobsPage.RenderAsync));
        group.MapGet("/jobs/{id:long}", Page(dashboard, JobDetailPage.RenderAsync));
        group.MapGet("/queues", Page(dashboard, QueuesPage.RenderAsync));
        group.MapGet("/clients", Page(dashboard, ClientsPage.RenderAsync));
        group.MapGet("/schedules", Page(dashboard, SchedulesPage.RenderAsync));
        group.MapGet("/limits", Page(dashboard, LimitsPage.RenderAsync));
        group.MapGet("/workflows", Page(dashboard, WorkflowsPage.RenderAsync));
        group.MapGet("/workflow", Page(dashboard, WorkflowPage.RenderAsync));
        group.MapGet("/assets/{name}", context => Guarded(dashboard, context, () => Assets.ServeAsync(context)));
        group.MapPost("/jobs/action", Action(dashboard, JobActions.HandleAsync));
        group.MapPost("/jobs/filter-action", Action(dashboard, JobActions.HandleFilterStepAsync));
        group.MapPost("/queues/action", Action(dashboard, QueueActions.HandleAsync));
        group.MapPost("/schedules/action", Action(dashboard, ScheduleActions.HandleAsync));
        group.MapPost("/limits/action", Action(dashboard, LimitActions.HandleAsync));
        group.MapPost("/workflows/action", Action(dashboard, WorkflowActions.HandleAsync));
    }

    private static RequestDelegate Page(DashboardContext dashboard, Func<PageRequest, Task> render) => context => Guarded(dashboard, context, async () =>
    {
        var started = Stopwatch.GetTimestamp();
        var page = new PageRequest(dashboard, context);
        await render(page).ConfigureAwait(false);
        await page.WriteAsync(started).ConfigureAwait(false);
    });

    private static RequestDelegate Action(DashboardContext dashboard, Func<DashboardContext, HttpContext, Task> handle) => context => Guarded(dashboard, context, async () =>
    {
        if (dashboard.Options.ReadOnly)
        {
            await Refuse(context, StatusCodes.Status403Forbidden, "This River dashboard is read-only: actions are disabled.").ConfigureAwait(false);
            return;
        }
        try
        {
            await context.RequestServices.GetRequiredService<IAntiforgery>().ValidateRequestAsync(context).ConfigureAwait(false);
        }
        catch (AntiforgeryValidationException)
        {
            await Refuse(context, StatusCodes.Status400BadRequest, "The form's antiforgery token is missing or invalid: reload the page and try again.").ConfigureAwait(false);
            return;
        }
        try
        {
            await handle(dashboard, context).ConfigureAwait(false);
        }
        finally
        {
            // Whatever the action changed, the next live refresh of every page reads it.
            dashboard.Live.Clear();
        }
    });

    private static async Task Guarded(DashboardContext dashboard, HttpContext context, Func<Task> next)
    {
        SecurityHeaders(context.Response);
        if (dashboard.Gate.Check(context) is { } refusal)
        {
            await Refuse(context, StatusCodes.Status403Forbidden, refusal).ConfigureAwait(false);
            return;
        }
        await next().ConfigureAwait(false);
    }

    /// <summary>Scripts and styles from the dashboard only (an injected inline script would not run), no framing, no sniffing, no caching.</summary>
    private static void SecurityHeaders(HttpResponse response)
    {
        response.Headers.ContentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers["Referrer-Policy"] = "same-origin";
        response.Headers.CacheControl = "no-cache, no-store";
        response.Headers.Pragma = "no-cache";
    }

    internal static Task Refuse(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(message + "\n");
    }

    /// <summary>A Server-Timing value for a duration: <c>app;dur=12.3</c>.</summary>
    internal static string ServerTiming(TimeSpan elapsed) => "app;dur=" + elapsed.TotalMilliseconds.ToString("0.0", CultureInfo.InvariantCulture);
}
