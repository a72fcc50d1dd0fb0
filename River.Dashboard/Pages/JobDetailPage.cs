using System.Globalization;
using System.Text;
using System.Text.Json;
using River.Dashboard.Rendering;

namespace River.Dashboard.Pages;

/// <summary>One job: timeline, args, metadata, output, attempts with errors and traces, unique key, clients; its actions.</summary>
internal static class JobDetailPage
{
    public static async Task RenderAsync(PageRequest page)
    {
        page.Section = "jobs";
        var id = long.Parse((string)page.Http.Request.RouteValues["id"]!, CultureInfo.InvariantCulture);
        var idText = id.ToString(CultureInfo.InvariantCulture);
        page.Title = "Job " + idText;
        var job = await page.ReadAsync("job/" + idText, ct => page.Client.GetJobAsync(id, ct)).ConfigureAwait(false);
        var html = page.Body;
        if (job is null)
        {
            page.Status = 404;
            html.Raw("<h1>Job ").Text(idText).Raw("</h1><div class=\"alert error\">No job has id ").Text(idText)
                .Raw(" (it may have been deleted, or cleaned up after its retention period).</div>");
            return;
        }
        page.Notice();
        html.Raw("<div id=\"job\" data-live><div class=\"title-row\"><h1><span class=\"muted\">#").Text(idText).Raw("</span> ").Text(job.Kind).Raw("</h1>").State(job.State);
        if (!page.Dashboard.Options.ReadOnly)
        {
            html.Raw("<form method=\"post\" action=\"").Text(page.Url("/jobs/action")).Raw("\" class=\"inline-actions\" data-confirm-form>");
            page.AntiforgeryField(html);
            html.Raw("<input type=\"hidden\" name=\"id\" value=\"").Text(idText).Raw("\"><input type=\"hidden\" name=\"return\" value=\"").Text(page.Here).Raw("\">");
            if (job.State != JobState.Running)
            {
                html.Raw("<button type=\"submit\" name=\"action\" value=\"retry\" data-confirm=\"Retry this job now?\">Retry</button>");
            }
            if (job.FinalizedAt is null)
            {
                html.Raw("<button type=\"submit\" name=\"action\" value=\"cancel\" data-confirm=\"Cancel this job?")
                    .Raw(job.State == JobState.Running ? " Its worker's cancellation token fires." : "").Raw("\">Cancel</button>");
            }
            if (job.State != JobState.Running)
            {
                html.Raw("<button type=\"submit\" name=\"action\" value=\"delete\" class=\"danger\" data-confirm=\"Delete this job? This cannot be undone.\">Delete</button>");
            }
            html.Raw("</form>");
        }
        html.Raw("</div>");

        html.Raw("<div class=\"grid two\"><section class=\"panel\"><h2>Job</h2><dl class=\"facts\">")
            .Raw("<dt>Queue</dt><dd>").Link(page.Url("/jobs?queue=" + Uri.EscapeDataString(job.Queue)), job.Queue).Raw("</dd>")
            .Raw("<dt>Priority</dt><dd>").Number(job.Priority).Raw("</dd>")
            .Raw("<dt>Attempt</dt><dd>").Number(job.Attempt).Raw(" of ").Number(job.MaxAttempts).Raw("</dd><dt>Tags</dt><dd>");
        foreach (var tag in job.Tags)
        {
            html.Element("span", "tag", tag);
        }
        if (job.Tags.Count == 0)
        {
            html.Raw("<span class=\"muted\">none</span>");
        }
        html.Raw("</dd><dt>Unique key</dt><dd>");
        if (job.UniqueKey is { } key)
        {
            html.Raw("<code class=\"wrap\">").Raw(Convert.ToHexString(key.Span).ToLowerInvariant()).Raw("</code>");
        }
        else
        {
            html.Raw("<span class=\"muted\">not unique</span>");
        }
        html.Raw("</dd><dt>Unique states</dt><dd>");
        if (job.UniqueStates is { } states)
        {
            foreach (var state in River.Uniqueness.UniqueStates.FromBitmask(states))
            {
                html.State(state).Raw(" ");
            }
        }
        else
        {
            html.Raw("<span class=\"muted\">–</span>");
        }
        html.Raw("</dd><dt>Ran on</dt><dd>");
        foreach (var client in job.AttemptedBy.Distinct(StringComparer.Ordinal))
        {
            html.Raw("<code>").Text(client).Raw("</code> ");
        }
        if (job.AttemptedBy.Count == 0)
        {
            html.Raw("<span class=\"muted\">not attempted yet</span>");
        }
        html.Raw("</dd>");
        if (WorkflowTask(job.Metadata) is { } task)
        {
            html.Raw("<dt>Workflow</dt><dd>").Link(WorkflowPage.Url(page, task.WorkflowId), task.WorkflowId).Raw(" <span class=\"muted\">task</span> <code>").Text(task.Name).Raw("</code></dd>");
        }
        html.Raw("</dl></section>");

        html.Raw("<section class=\"panel\"><h2>Timeline</h2><ol class=\"timeline\">");
        Step(html, "Created", job.CreatedAt);
        Step(html, job.ScheduledAt > job.CreatedAt.AddSeconds(1) ? "Scheduled for" : "Scheduled", job.ScheduledAt);
        foreach (var error in job.Errors)
        {
            Step(html, "Attempt " + error.Attempt.ToString(CultureInfo.InvariantCulture) + " failed", error.At, "bad");
        }
        Step(html, job.State == JobState.Running ? "Running since" : "Last attempted", job.AttemptedAt);
        Step(html, "Finalized (" + Badges.Name(job.State) + ")", job.FinalizedAt, job.State == JobState.Completed ? "ok" : "bad");
        html.Raw("</ol></section></div>");

        html.Raw("<div class=\"grid two\"><section class=\"panel\"><h2>Args</h2>").Json(Encoding.UTF8.GetString(job.EncodedArgs.Span)).Raw("</section>")
            .Raw("<section class=\"panel\"><h2>Metadata</h2>").Json(job.Metadata).Raw("</section></div>");
        if (Output(job.Metadata) is { } output)
        {
            html.Raw("<section class=\"panel\"><h2>Output</h2><pre class=\"json\">").Text(output).Raw("</pre></section>");
        }
        html.Raw("<section class=\"panel\"><h2>Attempts</h2>");
        if (job.Errors.Count == 0)
        {
            html.Raw("<p class=\"muted\">").Raw(job.Attempt == 0 ? "Not attempted yet." : "No attempt failed.").Raw("</p>");
        }
        for (var i = job.Errors.Count - 1; i >= 0; i--)
        {
            var error = job.Errors[i];
            var ranBy = error.Attempt >= 1 && error.Attempt <= job.AttemptedBy.Count ? job.AttemptedBy[error.Attempt - 1] : null;
            html.Raw("<details class=\"attempt\"").Raw(i == job.Errors.Count - 1 ? " open" : "").Raw("><summary><span class=\"badge s-discarded\">attempt ")
                .Number(error.Attempt).Raw("</span> ").Time(error.At).Raw(" <span class=\"error-text\">").Text(JobsPage.Shorten(error.Error, 200)).Raw("</span>");
            if (ranBy is not null)
            {
                html.Raw(" <span class=\"muted\">on</span> <code>").Text(ranBy).Raw("</code>");
            }
            html.Raw("</summary><pre class=\"error\">").Text(error.Error).Raw("</pre>");
            if (error.Trace.Length > 0)
            {
                html.Raw("<pre class=\"trace\">").Text(error.Trace).Raw("</pre>");
            }
            html.Raw("</details>");
        }
        html.Raw("</section></div>");
    }

    private static void Step(Html html, string label, DateTimeOffset? at, string? css = null)
    {
        if (at is null)
        {
            return;
        }
        html.Raw("<li").Raw(css is null ? "" : " class=\"" + css + "\"").Raw("><span class=\"when\">").Time(at).Raw("</span><span class=\"what\">").Text(label).Raw("</span></li>");
    }

    /// <summary>The workflow and task name of a workflow task's metadata (<c>workflow_id</c>, <c>task</c>), or null for any other job.</summary>
    private static (string WorkflowId, string Name)? WorkflowTask(string metadata)
    {
        if (!River.Workflows.WorkflowMetadata.IsTask(metadata))
        {
            return null;
        }
        try
        {
            using var doc = JsonDocument.Parse(metadata);
            var root = doc.RootElement;
            return root.ValueKind == JsonValueKind.Object
                && root.TryGetProperty(River.Workflows.WorkflowMetadata.WorkflowId, out var id) && id.ValueKind == JsonValueKind.String
                ? (id.GetString()!, root.TryGetProperty(River.Workflows.WorkflowMetadata.Task, out var name) && name.ValueKind == JsonValueKind.String ? name.GetString()! : "")
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The worker's recorded output (metadata key <c>output</c>), formatted, or null.</summary>
    private static string? Output(string metadata)
    {
        try
        {
            using var doc = JsonDocument.Parse(metadata);
            return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("output", out var output)
                ? JsonView.Format(output)
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
