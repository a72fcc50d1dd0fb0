using River.Dashboard.Rendering;

namespace River.Dashboard.Pages;

/// <summary>
/// Schedules: the periodic jobs registered on the dashboard's client, with their last firing (from the table) and
/// the next. Durable schedules, concurrency limits and workflows get their own sections here when they land.
/// </summary>
internal static class SchedulesPage
{
    public static async Task RenderAsync(PageRequest page)
    {
        page.Title = "Schedules";
        page.Section = "schedules";
        var html = page.Body;
        html.Raw("<h1>Schedules</h1><section class=\"panel\" id=\"schedule-table\" data-live><h2>Periodic jobs</h2>");
        var jobs = page.Client.Options.PeriodicJobs.OrderBy(j => j.Id, StringComparer.Ordinal).ToList();
        if (jobs.Count == 0)
        {
            html.Raw("<p class=\"empty\">This client has no periodic jobs. Periodic jobs are registered in code (<code>RiverClientOptions.PeriodicJobs</code> or <code>[PeriodicJob]</code>); "
                + "a dashboard started with <code>river dashboard</code> does not know the app's.</p></section>");
            return;
        }
        var lastRuns = await page.ReadAsync("schedules", async ct =>
        {
            var runs = new List<DateTimeOffset?>();
            foreach (var job in jobs)
            {
                runs.Add(await page.Dashboard.Stats.LastPeriodicRunAsync(job.Id, ct).ConfigureAwait(false));
            }
            return runs;
        }).ConfigureAwait(false);
        var now = page.Client.Options.TimeProvider.GetUtcNow();
        html.Raw("<table class=\"table\"><thead><tr><th>ID</th><th>Schedule</th><th>Last run</th><th>Next run</th><th>Run on start</th></tr></thead><tbody>");
        for (var i = 0; i < jobs.Count; i++)
        {
            var job = jobs[i];
            var last = lastRuns[i];
            var next = job.Schedule.Next(last ?? now);
            if (next < now)
            {
                next = job.Schedule.Next(now);
            }
            html.Raw("<tr><td>").Link(page.Url("/jobs?metadata=" + Uri.EscapeDataString("{\"river:periodic_job_id\":" + System.Text.Json.JsonSerializer.Serialize(job.Id, Queries.DashboardJson.Default.String) + "}")), job.Id)
                .Raw("</td><td><code>").Text(job.Schedule.ToString()).Raw("</code></td><td>").Time(last).Raw("</td><td>")
                .Time(next == DateTimeOffset.MaxValue ? null : next).Raw("</td><td>").Raw(job.RunOnStart ? "yes" : "no").Raw("</td></tr>");
        }
        html.Raw("</tbody></table></section>");
    }
}
