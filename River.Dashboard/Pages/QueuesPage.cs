using River.Dashboard.Rendering;

namespace River.Dashboard.Pages;

/// <summary>Queues: each queue's row (paused or not), its waiting and running jobs, pause/resume.</summary>
internal static class QueuesPage
{
    /// <summary>Queue rows listed at most: 1,000 (River's tables rarely hold more; the rest are named in a note).</summary>
    public const int QueueLimit = 1_000;

    public static async Task RenderAsync(PageRequest page)
    {
        page.Title = "Queues";
        page.Section = "queues";
        var (rows, counts) = await page.ReadAsync("queues", async ct =>
            (await page.Client.ListQueuesAsync(QueueLimit, null, ct).ConfigureAwait(false), await page.Dashboard.Stats.CountByStateAsync(ct).ConfigureAwait(false))).ConfigureAwait(false);
        var names = rows.Select(r => r.Name).Concat(counts.SelectMany(c => c.ByQueue.Keys)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var shown = new[] { JobState.Available, JobState.Running, JobState.Scheduled, JobState.Retryable };
        var html = page.Body;
        html.Raw("<h1>Queues</h1>");
        page.Notice();
        html.Raw("<section class=\"panel\" id=\"queue-table\" data-live><table class=\"table\"><thead><tr><th>Queue</th><th>Status</th>");
        foreach (var state in shown)
        {
            html.Raw("<th class=\"num\">").State(state).Raw("</th>");
        }
        html.Raw("<th>Updated</th><th></th></tr></thead><tbody>");
        foreach (var name in names)
        {
            var row = rows.FirstOrDefault(r => r.Name == name);
            html.Raw("<tr data-queue=\"").Text(name).Raw("\"><td>").Link(page.Url("/jobs?queue=" + Uri.EscapeDataString(name)), name).Raw("</td><td>");
            html.Raw(row is null ? "<span class=\"muted\" title=\"No producer has worked this queue yet\">no producer</span>"
                : row.PausedAt is null ? "<span class=\"badge s-completed\">active</span>" : "<span class=\"badge s-retryable\">paused</span>");
            html.Raw("</td>");
            foreach (var state in shown)
            {
                var count = counts.First(c => c.State == state);
                html.Raw("<td class=\"num\">").Raw(count.Estimated ? "≥" : "").Number(count.ByQueue.GetValueOrDefault(name)).Raw("</td>");
            }
            html.Raw("<td>").Time(row?.UpdatedAt).Raw("</td><td class=\"row-actions\">");
            if (row is not null && !page.Dashboard.Options.ReadOnly)
            {
                var pause = row.PausedAt is null;
                html.Raw("<form method=\"post\" action=\"").Text(page.Url("/queues/action")).Raw("\" data-confirm-form>");
                page.AntiforgeryField(html);
                html.Raw("<input type=\"hidden\" name=\"name\" value=\"").Text(name).Raw("\"><input type=\"hidden\" name=\"return\" value=\"").Text(page.Here).Raw("\">")
                    .Raw("<button type=\"submit\" name=\"action\" value=\"").Raw(pause ? "pause" : "resume").Raw("\" data-confirm=\"").Raw(pause ? "Pause" : "Resume").Raw(" this queue?\">")
                    .Raw(pause ? "Pause" : "Resume").Raw("</button></form>");
            }
            html.Raw("</td></tr>");
        }
        html.Raw("</tbody></table>");
        if (names.Count == 0)
        {
            html.Raw("<p class=\"empty\">No queue yet: a queue appears when a producer works it or a job is inserted into it.</p>");
        }
        html.Raw("</section>");
    }
}
