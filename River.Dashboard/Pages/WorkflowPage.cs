using System.Globalization;
using System.Text.Json;
using River.Dashboard.Queries;
using River.Dashboard.Rendering;

namespace River.Dashboard.Pages;

/// <summary>
/// One workflow (<c>/workflow?id=…</c>): its status and task counts, its tasks as a graph (<see cref="DagView"/>, up to
/// <see cref="WorkflowReads.GraphTaskLimit"/> tasks) and as a table paged by name, and its actions: cancel the
/// workflow, retry its failed tasks (<see cref="Actions.WorkflowActions"/>).
/// </summary>
internal static class WorkflowPage
{
    /// <summary>The page of a workflow (its id in the query: ids may hold any character, '/' included).</summary>
    public static string Url(PageRequest page, string id) => page.Url("/workflow?id=" + Uri.EscapeDataString(id));

    public static async Task RenderAsync(PageRequest page)
    {
        page.Section = "workflows";
        var query = page.Http.Request.Query;
        var id = query["id"].LastOrDefault() ?? "";
        var after = query["after"].LastOrDefault() is { Length: > 0 } cursor ? cursor : null;
        page.Title = "Workflow " + id;
        var html = page.Body;
        var detail = id.Length == 0 ? null
            : await page.ReadAsync("workflow/" + id + "?" + after, ct => page.Dashboard.Workflows.DetailAsync(id, after, ct)).ConfigureAwait(false);
        if (detail is null)
        {
            page.Status = 404;
            html.Raw("<h1>Workflow</h1><div class=\"alert error\">No workflow has id '").Text(id)
                .Raw("' (its row may have been deleted, or migration line <code>typed</code> is not installed).</div>");
            return;
        }
        page.Notice();
        var workflow = detail.Workflow;
        var states = detail.States;
        html.Raw("<div id=\"workflow\" data-live><div class=\"title-row\"><h1>").Text(workflow.Name).Raw(" <span class=\"muted small\"><code>").Text(workflow.Id).Raw("</code></span></h1>");
        Status(html, workflow, states);
        if (!page.Dashboard.Options.ReadOnly)
        {
            html.Raw("<form method=\"post\" action=\"").Text(page.Url("/workflows/action")).Raw("\" class=\"inline-actions\" data-confirm-form>");
            page.AntiforgeryField(html);
            html.Raw("<input type=\"hidden\" name=\"id\" value=\"").Text(workflow.Id).Raw("\"><input type=\"hidden\" name=\"return\" value=\"").Text(page.Here).Raw("\">");
            if (states.Failed > 0)
            {
                html.Raw("<button type=\"submit\" name=\"action\" value=\"retry\" data-confirm=\"Retry the failed tasks of this workflow? Each runs again (or waits for its dependencies), and the workflow continues from there.\">Retry failed tasks</button>");
            }
            if (!workflow.IsFinished)
            {
                html.Raw("<button type=\"submit\" name=\"action\" value=\"cancel\" class=\"danger\" data-confirm=\"Cancel this workflow? Every task not finished yet is cancelled; running ones through their cancellation token.\">Cancel workflow</button>");
            }
            html.Raw("</form>");
        }
        html.Raw("</div><div class=\"grid two\"><section class=\"panel\"><h2>Workflow</h2><dl class=\"facts\">")
            .Raw("<dt>Tasks</dt><dd>").Number(workflow.TaskCount).Raw(" ");
        WorkflowsPage.Progress(html, workflow, states);
        html.Raw("</dd><dt>By state</dt><dd>");
        foreach (var state in Badges.DisplayOrder)
        {
            if (states.ByState.GetValueOrDefault(state) is var n and > 0)
            {
                html.State(state).Raw(" ").Raw(states.Capped ? "≥" : "").Number(n).Raw(" ");
            }
        }
        html.Raw("</dd><dt>Created</dt><dd>").Time(workflow.CreatedAt).Raw("</dd><dt>Finished</dt><dd>").Time(workflow.FinishedAt).Raw("</dd><dt>Jobs</dt><dd>")
            .Link(page.Url("/jobs?metadata=" + Uri.EscapeDataString("{\"workflow_id\":" + JsonSerializer.Serialize(workflow.Id, DashboardJson.Default.String) + "}")), "Its tasks in the jobs list")
            .Raw("</dd></dl></section><section class=\"panel\"><h2>Metadata</h2>").Json(workflow.Metadata).Raw("</section></div>");

        var shown = detail.Tasks.Take(WorkflowReads.TaskPageSize).ToList();
        if (detail.Edges is { } edges)
        {
            html.Raw("<section class=\"panel graph\" id=\"workflow-graph\"><h2>Graph</h2><div class=\"dag-scroll\">")
                .Render(shown, edges, job => page.Url("/jobs/" + job.ToString(CultureInfo.InvariantCulture)))
                .Raw("</div><p class=\"legend\">Columns follow the dependencies (a task is one column right of its deepest dependency); a dashed edge still holds its task back. Click a task to open its job.</p></section>");
        }
        else if (after is null)
        {
            html.Raw("<section class=\"panel\"><p class=\"muted\">This workflow has more than ").Number(WorkflowReads.GraphTaskLimit)
                .Raw(" tasks: it is shown as a table (the graph would be too large to read).</p></section>");
        }
        TaskTable(page, html, workflow, shown, after, detail.Tasks.Count > shown.Count);
        html.Raw("</div>");
    }

    /// <summary>The status badge: running (with its failed tasks), completed, or failed (finished with a task discarded or cancelled).</summary>
    internal static void Status(Html html, WorkflowInfo workflow, TaskStateCounts states)
    {
        if (!workflow.IsFinished)
        {
            html.Raw("<span class=\"badge s-running\">running</span>");
            if (states.Failed > 0)
            {
                html.Raw(" <span class=\"badge s-discarded\" title=\"Tasks discarded or cancelled: their dependents follow their failure policy\">").Number(states.Failed).Raw(" failed</span>");
            }
        }
        else
        {
            html.Raw(states.Failed > 0 ? "<span class=\"badge s-discarded\">failed</span>" : "<span class=\"badge s-completed\">completed</span>");
        }
    }

    private static void TaskTable(PageRequest page, Html html, WorkflowInfo workflow, List<TaskNode> tasks, string? after, bool more)
    {
        html.Raw("<section class=\"panel\" id=\"workflow-tasks\"><h2>Tasks</h2><table class=\"table compact tasks\"><thead><tr><th>Task</th><th>Job</th><th>Kind</th><th>State</th><th class=\"num\">Attempt</th><th>Depends on</th><th>If a dependency fails</th></tr></thead><tbody>");
        foreach (var task in tasks)
        {
            var job = task.JobId.ToString(CultureInfo.InvariantCulture);
            html.Raw("<tr data-task=\"").Text(task.Name).Raw("\"><td>").Text(task.Name).Raw("</td><td>");
            if (task.State is { } state)
            {
                html.Link(page.Url("/jobs/" + job), "#" + job).Raw("</td><td>").Text(task.Kind).Raw("</td><td>").State(state)
                    .Raw("</td><td class=\"num\">").Number(task.Attempt).Raw(" / ").Number(task.MaxAttempts);
            }
            else
            {
                html.Raw("<span class=\"muted\">#").Raw(job).Raw("</span></td><td></td><td><span class=\"muted\" title=\"The job cleaner deleted this finished job\">cleaned up</span></td><td class=\"num\">");
            }
            html.Raw("</td><td>");
            foreach (var dep in task.DependsOn)
            {
                html.Element("span", "tag", dep);
            }
            if (task.DependsOn.Count == 0)
            {
                html.Raw("<span class=\"muted\">–</span>");
            }
            html.Raw("</td><td>").Raw(task.OnFailure switch { "run" => "run anyway", "wait" => "wait for a retry", _ => "cancel" }).Raw("</td></tr>");
        }
        html.Raw("</tbody></table></section>");
        if (after is null && !more)
        {
            return;
        }
        html.Pages(after is null ? null : Url(page, workflow.Id), more ? Url(page, workflow.Id) + "&after=" + Uri.EscapeDataString(tasks[^1].Name) : null,
            "« First tasks", "Next tasks »");
    }
}
