using System.Globalization;
using River.Dashboard.Queries;
using River.Dashboard.Rendering;

namespace River.Dashboard.Pages;

/// <summary>
/// Workflows: one keyset page of the workflows of migration line <c>typed</c>, newest first
/// (<see cref="RiverClient.ListWorkflowsAsync(WorkflowListOptions, CancellationToken)"/>), filtered by state, each with
/// its progress (tasks per state) and a link to its graph (<see cref="WorkflowPage"/>).
/// </summary>
internal static class WorkflowsPage
{
    /// <summary>Workflows per page: 50.</summary>
    public const int PageSize = 50;

    private static readonly (string Value, WorkflowListState State, string Label)[] Filters =
    [
        ("", WorkflowListState.All, "All"),
        ("running", WorkflowListState.Running, "Running"),
        ("failed", WorkflowListState.Failed, "Failed"),
        ("completed", WorkflowListState.Completed, "Completed"),
        ("finished", WorkflowListState.Finished, "Finished"),
    ];

    public static async Task RenderAsync(PageRequest page)
    {
        page.Title = "Workflows";
        page.Section = "workflows";
        var query = page.Http.Request.Query;
        var stateText = query["state"].LastOrDefault() ?? "";
        var after = query["after"].LastOrDefault() is { Length: > 0 } cursor ? cursor : null;
        var html = page.Body;
        html.Raw("<h1>Workflows</h1>");
        page.Notice();
        var filter = Filters.FirstOrDefault(f => f.Value == stateText);
        if (filter.Label is null)
        {
            page.Status = 400;
            html.Raw("<div class=\"alert error\" role=\"alert\">'").Text(stateText).Raw("' is not a workflow state: use running, failed, completed or finished (or none for all).</div>");
            return;
        }
        WorkflowListData? data;
        try
        {
            var options = new WorkflowListOptions { Limit = PageSize, State = filter.State, After = after };
            data = await page.ReadAsync("workflows?" + stateText + "&" + after, ct => page.Dashboard.Workflows.ListAsync(options, ct)).ConfigureAwait(false);
        }
        catch (ArgumentException e)
        {
            page.Status = 400;
            html.Raw("<div class=\"alert error\" role=\"alert\">").Text(e.Message.Replace(" (Parameter 'After')", "", StringComparison.Ordinal)).Raw("</div>");
            return;
        }
        if (data is null)
        {
            html.Raw("<section class=\"panel\"><p class=\"empty\">Workflows (migration line <code>typed</code>, table <code>river_typed_workflow</code>) are not installed in this schema: "
                + "run <code>river migrate-up</code>, which applies every line.</p></section>");
            return;
        }
        html.Raw("<nav class=\"toolbar\" aria-label=\"Workflow state\">");
        foreach (var (value, _, label) in Filters)
        {
            html.Link(page.Url("/workflows" + (value.Length == 0 ? "" : "?state=" + value)), label, value == stateText ? "button active" : "button");
        }
        html.Raw("</nav><section class=\"panel\" id=\"workflow-table\" data-live>");
        var workflows = data.Page.Workflows;
        if (workflows.Count == 0)
        {
            html.Raw("<p class=\"empty\">").Raw(data.Page.NextCursor is not null
                ? "None of the " + RiverClient.WorkflowListScanLimit.ToString("N0", CultureInfo.InvariantCulture) + " workflows looked at matches; the next page looks further."
                : after is not null ? "No more workflows."
                : filter.State == WorkflowListState.All ? "No workflow is stored. Insert one with <code>RiverClient.InsertWorkflowAsync</code> (see docs/workflows.md)."
                : "No workflow matches.").Raw("</p>");
        }
        else
        {
            html.Raw("<table class=\"table workflows\"><thead><tr><th>Workflow</th><th>Status</th><th>Progress</th><th class=\"num\">Tasks</th><th>Created</th><th>Finished</th></tr></thead><tbody>");
            foreach (var workflow in workflows)
            {
                var states = data.States.GetValueOrDefault(workflow.Id) ?? TaskStateCounts.None;
                html.Raw("<tr data-workflow=\"").Text(workflow.Id).Raw("\"><td>").Link(WorkflowPage.Url(page, workflow.Id), workflow.Name, "strong")
                    .Raw("<div class=\"muted small\"><code>").Text(workflow.Id).Raw("</code></div></td><td>");
                WorkflowPage.Status(html, workflow, states);
                html.Raw("</td><td>");
                Progress(html, workflow, states);
                html.Raw("</td><td class=\"num\">").Number(workflow.TaskCount).Raw("</td><td>").Time(workflow.CreatedAt).Raw("</td><td>").Time(workflow.FinishedAt).Raw("</td></tr>");
            }
            html.Raw("</tbody></table>");
            if (data.Page.ScanLimited)
            {
                html.Raw("<p class=\"muted small\">Looked at ").Number(RiverClient.WorkflowListScanLimit)
                    .Raw(" workflows for this page (the bound of one read); the next page looks further.</p>");
            }
        }
        var state = stateText.Length == 0 ? "" : "state=" + stateText + "&";
        html.Raw("</section>").Pages(after is null ? null : page.Url("/workflows" + (stateText.Length == 0 ? "" : "?state=" + stateText)),
            data.Page.NextCursor is { } next ? page.Url("/workflows?" + state + "after=" + Uri.EscapeDataString(next)) : null);
    }

    /// <summary>The states in the progress bar, left to right: done, working, waiting, failed.</summary>
    private static readonly JobState[] BarOrder =
    [
        JobState.Completed, JobState.Running, JobState.Available, JobState.Scheduled, JobState.Retryable, JobState.Pending, JobState.Cancelled, JobState.Discarded,
    ];

    /// <summary>A stacked bar of the tasks per state (inline SVG, classes only) and "N of M completed".</summary>
    internal static void Progress(Html html, WorkflowInfo workflow, TaskStateCounts states)
    {
        var total = Math.Max(1, Math.Max(workflow.TaskCount, states.Counted));
        html.Raw("<svg class=\"progress-bar\" viewBox=\"0 0 200 8\" preserveAspectRatio=\"none\" aria-hidden=\"true\"><rect class=\"track\" width=\"200\" height=\"8\" rx=\"4\"></rect>");
        var x = 0.0;
        foreach (var state in BarOrder)
        {
            var n = states.ByState.GetValueOrDefault(state);
            if (n == 0)
            {
                continue;
            }
            var w = 200.0 * n / total;
            html.Raw("<rect class=\"s-").Raw(Badges.Name(state)).Raw("\" x=\"").Raw(x.ToString("0.##", CultureInfo.InvariantCulture)).Raw("\" width=\"")
                .Raw(w.ToString("0.##", CultureInfo.InvariantCulture)).Raw("\" height=\"8\"></rect>");
            x += w;
        }
        html.Raw("</svg><span class=\"muted small\">").Raw(states.Capped ? "≥ " : "").Number(states.ByState.GetValueOrDefault(JobState.Completed))
            .Raw(" of ").Number(workflow.TaskCount).Raw(" completed");
        if (states.Failed > 0)
        {
            html.Raw(", <span class=\"error-text\">").Number(states.Failed).Raw(" failed</span>");
        }
        if (!states.Capped && states.Counted < workflow.TaskCount)
        {
            html.Raw(", ").Number(workflow.TaskCount - states.Counted).Raw(" cleaned up");
        }
        html.Raw("</span>");
    }
}
