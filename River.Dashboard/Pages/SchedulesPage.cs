using System.Globalization;
using System.Text.Json;
using River.Dashboard.Queries;
using River.Dashboard.Rendering;

namespace River.Dashboard.Pages;

/// <summary>
/// Schedules: the durable schedules of migration line <c>typed</c> (<see cref="RiverClient.ListSchedulesAsync"/>, what
/// <c>river schedules list</c> prints), declared in code or created at run time, one keyset page by id, with their
/// next and last run, misfire policy and state; pause, resume, trigger now and delete (<see cref="Actions.ScheduleActions"/>).
/// </summary>
internal static class SchedulesPage
{
    /// <summary>Schedules per page: 100 (<see cref="RiverClient.DefaultScheduleListLimit"/>); the next page continues after the last id.</summary>
    public const int PageSize = RiverClient.DefaultScheduleListLimit;

    public static async Task RenderAsync(PageRequest page)
    {
        page.Title = "Schedules";
        page.Section = "schedules";
        var after = page.Http.Request.Query["after"].LastOrDefault() is { Length: > 0 } cursor ? cursor : null;
        var rows = await page.ReadAsync("schedules" + (after is null ? "" : "?after=" + after), ct => page.Dashboard.Stats.SchedulesAsync(PageSize, after, ct)).ConfigureAwait(false);
        var html = page.Body;
        html.Raw("<h1>Schedules</h1>");
        page.Notice();
        html.Raw("<section class=\"panel\" id=\"schedule-table\" data-live><h2>Durable schedules</h2>");
        if (rows is null)
        {
            html.Raw("<p class=\"empty\">Durable schedules (migration line <code>typed</code>, table <code>river_typed_schedule</code>) are not installed in this schema: "
                + "run <code>river migrate-up</code>, which applies every line.</p></section>");
            return;
        }
        if (rows.Count == 0)
        {
            html.Raw("<p class=\"empty\">").Raw(after is null ? "No schedule is stored. Periodic jobs declared in code (<code>[PeriodicJob]</code>, <code>RiverClientOptions.PeriodicJobs</code>) are stored when a client that declares them starts; "
                + "run-time schedules are added with <code>RiverClient.AddScheduleAsync</code> or <code>river schedules add</code>." : "No more schedules.").Raw("</p></section>");
            return;
        }
        var shown = rows.Take(PageSize).ToList();
        var readOnly = page.Dashboard.Options.ReadOnly;
        html.Raw("<table class=\"table schedules\"><thead><tr><th>ID</th><th>Owner</th><th>Kind</th><th>Queue</th><th>Schedule</th><th>Next run</th><th>Last run</th><th>Misfire</th><th>State</th>")
            .Raw(readOnly ? "" : "<th></th>").Raw("</tr></thead><tbody>");
        foreach (var row in shown)
        {
            Row(page, html, row, readOnly);
        }
        html.Raw("</tbody></table></section>").Pages(after is null ? null : page.Url("/schedules"),
            rows.Count > PageSize ? page.Url("/schedules?after=" + Uri.EscapeDataString(shown[^1].Id)) : null);
    }

    private static void Row(PageRequest page, Html html, ScheduleInfo row, bool readOnly)
    {
        var runs = page.Url("/jobs?metadata=" + Uri.EscapeDataString("{\"river:periodic_job_id\":" + JsonSerializer.Serialize(row.Id, DashboardJson.Default.String) + "}"));
        html.Raw("<tr data-schedule=\"").Text(row.Id).Raw("\"><td>").Link(runs, row.Id).Raw("</td><td>")
            .Raw(row.Owner == ScheduleOwner.Code
                ? "<span class=\"badge s-pending\" title=\"Declared in code: every client that declares it stores it at start\">code</span>"
                : "<span class=\"badge s-scheduled\" title=\"Created at run time: its args and options are stored\">runtime</span>")
            .Raw("</td><td>");
        if (row.Kind is null)
        {
            html.Raw("<span class=\"muted\" title=\"A code schedule whose constructor builds each run\">built in code</span>");
        }
        else
        {
            html.Text(row.Kind);
        }
        html.Raw("</td><td>").Text(row.Queue).Raw("</td><td><code>").Text(row.Schedule).Raw("</code>");
        if (row.TimeZone is not null)
        {
            html.Raw(" <span class=\"muted small\">").Text(row.TimeZone).Raw("</span>");
        }
        html.Raw("</td><td>").Time(row.Paused ? null : row.NextRunAt);
        if (row.Paused && row.NextRunAt is { } kept)
        {
            html.Raw("<span class=\"muted small\" title=\"Kept while paused; a run it passed is not caught up on resume\"> (was ").Time(kept).Raw(")</span>");
        }
        html.Raw("</td><td>").Time(row.LastRunAt);
        if (row.LastJobId is { } last)
        {
            html.Raw(" ").Link(page.Url("/jobs/" + last.ToString(CultureInfo.InvariantCulture)), "#" + last.ToString(CultureInfo.InvariantCulture), "small");
        }
        html.Raw("</td><td>").Raw(Misfire(row)).Raw("</td><td>")
            .Raw(row.Paused ? "<span class=\"badge s-retryable\">paused</span>" : "<span class=\"badge s-completed\">active</span>");
        if (row.TriggerPendingAt is not null)
        {
            html.Raw(" <span class=\"badge s-available\" title=\"A run now was asked for; the leader enqueues it on its next pass\">run requested</span>");
        }
        html.Raw("</td>");
        if (!readOnly)
        {
            html.Raw("<td class=\"row-actions\"><form method=\"post\" action=\"").Text(page.Url("/schedules/action")).Raw("\" data-confirm-form>");
            page.AntiforgeryField(html);
            html.Raw("<input type=\"hidden\" name=\"id\" value=\"").Text(row.Id).Raw("\"><input type=\"hidden\" name=\"return\" value=\"").Text(page.Here).Raw("\">");
            html.Raw(row.Paused
                ? "<button type=\"submit\" name=\"action\" value=\"resume\" data-confirm=\"Resume this schedule? A run it missed while paused is not caught up.\">Resume</button>"
                : "<button type=\"submit\" name=\"action\" value=\"pause\" data-confirm=\"Pause this schedule? No scheduled run is enqueued until it is resumed.\">Pause</button>");
            html.Raw("<button type=\"submit\" name=\"action\" value=\"trigger\" data-confirm=\"Enqueue one run of this schedule now?\">Run now</button>");
            html.Raw(row.Owner == ScheduleOwner.Code
                ? "<button type=\"submit\" name=\"action\" value=\"delete\" class=\"danger\" data-confirm=\"Delete this schedule? It is declared in code: it comes back when a client that declares it starts (pause it to stop it for good). Its jobs stay.\">Delete</button>"
                : "<button type=\"submit\" name=\"action\" value=\"delete\" class=\"danger\" data-confirm=\"Delete this schedule? This cannot be undone; the jobs it enqueued stay.\">Delete</button>");
            html.Raw("</form></td>");
        }
        html.Raw("</tr>");
    }

    private static string Misfire(ScheduleInfo row) => row.Misfire switch
    {
        MisfirePolicy.RunAll => "run all <span class=\"muted small\">(up to " + row.MaxMisfireRuns.ToString("N0", CultureInfo.InvariantCulture) + ")</span>",
        MisfirePolicy.Skip => "skip",
        _ => "run once",
    };
}
