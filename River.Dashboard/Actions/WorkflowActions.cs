using Microsoft.AspNetCore.Http;

namespace River.Dashboard.Actions;

/// <summary>Cancel a workflow and retry its failed tasks, through <see cref="RiverClient"/>'s workflow API.</summary>
internal static class WorkflowActions
{
    /// <summary>POST /workflows/action: <c>action</c> (cancel|retry), <c>id</c>, <c>return</c>. Redirects back with a notice.</summary>
    public static async Task HandleAsync(DashboardContext dashboard, HttpContext context)
    {
        var form = await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
        var action = form["action"].LastOrDefault() ?? "";
        var id = form["id"].LastOrDefault() ?? "";
        if (action is not ("cancel" or "retry"))
        {
            await DashboardEndpoints.Refuse(context, 400, $"Unknown action '{action}': use cancel or retry.").ConfigureAwait(false);
            return;
        }
        if (id.Length == 0)
        {
            await DashboardEndpoints.Refuse(context, 400, "Name the workflow: the form's id field is empty.").ConfigureAwait(false);
            return;
        }
        string notice;
        try
        {
            if (action == "cancel")
            {
                var cancelled = await dashboard.Client.CancelWorkflowAsync(id, context.RequestAborted).ConfigureAwait(false);
                notice = $"Cancelled workflow '{id}': {Tasks(cancelled)} cancelled at once; running tasks are asked to stop and end cancelled.";
            }
            else
            {
                var retried = await dashboard.Client.RetryWorkflowAsync(id, context.RequestAborted).ConfigureAwait(false);
                notice = retried == 0 ? $"Workflow '{id}' has no failed task to retry." : $"Retried {Tasks(retried)} of workflow '{id}'.";
            }
        }
        catch (RiverNotFoundException)
        {
            notice = $"No workflow has id '{id}' any more.";
        }
        JobActions.Redirect(dashboard, context, form["return"].LastOrDefault(), notice);
    }

    private static string Tasks(int n) => n == 1 ? "1 task" : n.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) + " tasks";
}
