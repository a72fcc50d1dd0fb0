using Microsoft.AspNetCore.Http;

namespace River.Dashboard.Actions;

/// <summary>Pause and resume a queue.</summary>
internal static class QueueActions
{
    /// <summary>POST /queues/action: <c>action</c> (pause|resume), <c>name</c>, <c>return</c>. Redirects back with a notice.</summary>
    public static async Task HandleAsync(DashboardContext dashboard, HttpContext context)
    {
        var form = await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
        var action = form["action"].LastOrDefault() ?? "";
        var name = form["name"].LastOrDefault() ?? "";
        if (name == RiverClient.AllQueues)
        {
            await DashboardEndpoints.Refuse(context, 400, "Name one queue: the dashboard does not pause or resume every queue at once.").ConfigureAwait(false);
            return;
        }
        if (action is not ("pause" or "resume"))
        {
            await DashboardEndpoints.Refuse(context, 400, $"Unknown action '{action}': use pause or resume.").ConfigureAwait(false);
            return;
        }
        string notice;
        try
        {
            if (action == "pause")
            {
                await dashboard.Client.PauseQueueAsync(name, context.RequestAborted).ConfigureAwait(false);
                notice = $"Paused queue '{name}'.";
            }
            else
            {
                await dashboard.Client.ResumeQueueAsync(name, context.RequestAborted).ConfigureAwait(false);
                notice = $"Resumed queue '{name}'.";
            }
        }
        catch (RiverNotFoundException e)
        {
            notice = e.Message;
        }
        catch (ArgumentException e)
        {
            notice = e.Message;
        }
        JobActions.Redirect(dashboard, context, form["return"].LastOrDefault(), notice);
    }
}
