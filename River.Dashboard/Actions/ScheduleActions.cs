using Microsoft.AspNetCore.Http;

namespace River.Dashboard.Actions;

/// <summary>Pause, resume, trigger now and delete a durable schedule, through <see cref="RiverClient"/>'s schedule API.</summary>
internal static class ScheduleActions
{
    /// <summary>
    /// POST /schedules/action: <c>action</c> (pause|resume|trigger|delete), <c>id</c>, <c>return</c>. Redirects back with a
    /// notice; a schedule that is gone, or an id the API refuses, is named in the notice.
    /// </summary>
    public static async Task HandleAsync(DashboardContext dashboard, HttpContext context)
    {
        var form = await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
        var action = form["action"].LastOrDefault() ?? "";
        var id = form["id"].LastOrDefault() ?? "";
        if (action is not ("pause" or "resume" or "trigger" or "delete"))
        {
            await DashboardEndpoints.Refuse(context, 400, $"Unknown action '{action}': use pause, resume, trigger or delete.").ConfigureAwait(false);
            return;
        }
        if (id.Length == 0)
        {
            await DashboardEndpoints.Refuse(context, 400, "Name the schedule: the form's id field is empty.").ConfigureAwait(false);
            return;
        }
        var client = dashboard.Client;
        var ct = context.RequestAborted;
        string notice;
        try
        {
            switch (action)
            {
                case "pause":
                    await client.PauseScheduleAsync(id, ct).ConfigureAwait(false);
                    notice = $"Paused schedule '{id}'.";
                    break;
                case "resume":
                    var resumed = await client.ResumeScheduleAsync(id, ct).ConfigureAwait(false);
                    notice = $"Resumed schedule '{id}'" + (resumed.NextRunAt is { } next ? $"; next run {next.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC." : ".");
                    break;
                case "trigger":
                    await client.TriggerScheduleAsync(id, ct).ConfigureAwait(false);
                    notice = $"Asked for a run of schedule '{id}' now: the leader enqueues it on its next pass.";
                    break;
                default:
                    notice = await client.RemoveScheduleAsync(id, ct).ConfigureAwait(false)
                        ? $"Deleted schedule '{id}' (the jobs it enqueued stay)."
                        : $"No schedule has id '{id}' any more.";
                    break;
            }
        }
        catch (RiverNotFoundException)
        {
            notice = $"No schedule has id '{id}' any more.";
        }
        catch (ArgumentException e)
        {
            // An id stored by other means that the API's rule refuses (the API only acts on valid ids).
            notice = e.Message;
        }
        JobActions.Redirect(dashboard, context, form["return"].LastOrDefault(), notice);
    }
}
