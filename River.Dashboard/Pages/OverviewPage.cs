using System.Globalization;
using River.Dashboard.Queries;
using River.Dashboard.Rendering;

namespace River.Dashboard.Pages;

/// <summary>The overview: jobs by state and queue, throughput and failures of the last hour, the leader, live clients.</summary>
internal static class OverviewPage
{
    public static async Task RenderAsync(PageRequest page)
    {
        page.Title = "Overview";
        page.Section = "";
        var (counts, points, capped, leader, fleet) = await page.ReadAsync("overview", page.Dashboard.Stats.OverviewAsync).ConfigureAwait(false);
        var html = page.Body;

        html.Raw("<h1>Overview</h1><section id=\"state-cards\" class=\"cards\" data-live>");
        foreach (var state in Badges.DisplayOrder)
        {
            var count = counts.First(c => c.State == state);
            html.Raw("<a class=\"card state-card s-").Raw(Badges.Name(state)).Raw("\" href=\"").Text(page.Url("/jobs?state=" + Badges.Name(state))).Raw("\">")
                .Raw("<span class=\"label\">").Raw(Badges.Name(state)).Raw("</span><span class=\"value\" data-state-count=\"").Raw(Badges.Name(state)).Raw("\">");
            if (count.Estimated)
            {
                html.Raw("<span title=\"Estimated from the planner's statistics (more than ").Number(page.Dashboard.Options.ExactCountLimit).Raw(" rows)\">≈").Number(count.Count).Raw("</span>");
            }
            else
            {
                html.Number(count.Count);
            }
            html.Raw("</span></a>");
        }
        html.Raw("</section>");

        html.Raw("<div class=\"grid two\"><section class=\"panel\" id=\"throughput\" data-live><h2>Last hour</h2>");
        Chart(html, points);
        var completed = points.Sum(p => p.Completed);
        var failed = points.Sum(p => p.Failed);
        html.Raw("<p class=\"legend\"><span class=\"key ok\"></span>completed ").Number(completed)
            .Raw(" <span class=\"key bad\"></span>failed ").Number(failed)
            .Raw(" · failure rate ").Raw(completed + failed == 0 ? "–" : (100.0 * failed / (completed + failed)).ToString("0.0", CultureInfo.InvariantCulture) + " %");
        if (capped)
        {
            html.Raw(" · <span class=\"muted\">capped at ").Number(DashboardStats.ThroughputRowLimit).Raw(" jobs per state</span>");
        }
        html.Raw("</p></section>");

        html.Raw("<section class=\"panel\" id=\"cluster\" data-live><h2>Cluster</h2><dl class=\"facts\"><dt>Leader</dt><dd>");
        if (leader is null)
        {
            html.Raw("<span class=\"muted\">no leader elected</span>");
        }
        else
        {
            html.Raw("<code>").Text(leader.LeaderId).Raw("</code> since ").Time(leader.ElectedAt);
            if (leader.ExpiresAt < page.Client.Options.TimeProvider.GetUtcNow())
            {
                html.Raw(" <span class=\"badge s-discarded\">lease expired</span>");
            }
        }
        if (fleet?.LeaderTerm is { } term)
        {
            html.Raw(" <span class=\"muted\">term ").Number(term).Raw("</span>");
        }
        html.Raw("</dd></dl>");
        LiveClients(page, html, fleet);
        html.Raw("</section></div>");

        html.Raw("<section class=\"panel\" id=\"queues-by-state\" data-live><h2>Jobs by queue</h2>");
        QueueMatrix(page, html, counts);
        html.Raw("</section>");
    }

    /// <summary>Clients shown in the overview's cluster panel at most: 8 (the clients page lists them all).</summary>
    public const int PanelClients = 8;

    /// <summary>The live clients of the registry: the first few with their running jobs and last heartbeat, and a link to the clients page.</summary>
    private static void LiveClients(PageRequest page, Html html, RiverFleet? fleet)
    {
        html.Raw("<h3>Live clients</h3>");
        if (fleet is null)
        {
            html.Raw("<p class=\"muted\">The client registry (migration line <code>typed</code>) is not installed: only the leader is known.</p>");
            return;
        }
        var live = fleet.Clients.Where(c => c.IsLive).ToList();
        var dead = fleet.Clients.Count - live.Count;
        if (live.Count == 0)
        {
            html.Raw("<p class=\"muted\">No live client is registered.</p>");
        }
        else
        {
            html.Raw("<table class=\"table compact\" id=\"live-clients\"><thead><tr><th>Client</th><th>Host</th><th class=\"num\">Running</th><th>Last heartbeat</th></tr></thead><tbody>");
            foreach (var client in live.Take(PanelClients))
            {
                html.Raw("<tr data-client=\"").Text(client.Id).Raw("\"><td>").Link(ClientsPage.RunningJobsUrl(page, client.Id), client.Id)
                    .Raw(client.Id == fleet.LeaderId ? " <span class=\"badge s-running\">leader</span>" : "")
                    .Raw("</td><td>").Text(client.Host).Raw("</td><td class=\"num\">").Number(client.RunningJobs).Raw("</td><td>").Time(client.HeartbeatAt).Raw("</td></tr>");
            }
            html.Raw("</tbody></table>");
        }
        html.Raw("<p class=\"small\">").Link(page.Url("/clients"), "All clients »").Raw(" <span class=\"muted\">")
            .Number(live.Count).Raw(fleet.Clients.Count >= DashboardStats.OverviewClientLimit ? "+" : "").Raw(" live");
        if (dead > 0)
        {
            html.Raw(", ").Number(dead).Raw(" declared dead recently");
        }
        html.Raw("</span></p>");
    }

    private static void QueueMatrix(PageRequest page, Html html, IReadOnlyList<StateCount> counts)
    {
        var queues = counts.SelectMany(c => c.ByQueue.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (queues.Count == 0)
        {
            html.Raw("<p class=\"empty\">No jobs yet.</p>");
            return;
        }
        html.Raw("<table class=\"table\"><thead><tr><th>Queue</th>");
        foreach (var state in Badges.DisplayOrder)
        {
            html.Raw("<th class=\"num\">").State(state).Raw("</th>");
        }
        html.Raw("</tr></thead><tbody>");
        foreach (var queue in queues)
        {
            html.Raw("<tr><td>").Link(page.Url("/jobs?queue=" + Uri.EscapeDataString(queue)), queue).Raw("</td>");
            foreach (var state in Badges.DisplayOrder)
            {
                var count = counts.First(c => c.State == state);
                var n = count.ByQueue.GetValueOrDefault(queue);
                html.Raw("<td class=\"num\">");
                if (n == 0)
                {
                    html.Raw("<span class=\"muted\">0</span>");
                }
                else
                {
                    html.Raw(count.Estimated ? "≥" : "").Number(n);
                }
                html.Raw("</td>");
            }
            html.Raw("</tr>");
        }
        html.Raw("</tbody></table>");
        if (counts.Any(c => c.Estimated))
        {
            html.Raw("<p class=\"muted small\">≥: a state with more than ").Number(page.Dashboard.Options.ExactCountLimit)
                .Raw(" jobs is counted from the planner's statistics; its per-queue figures are the first rows read.</p>");
        }
    }

    /// <summary>One bar pair per minute, drawn server-side as inline SVG (no script, no library).</summary>
    private static void Chart(Html html, IReadOnlyList<ThroughputPoint> points)
    {
        const int width = 600, height = 140, top = 8, bottom = 18;
        var max = Math.Max(1, points.Max(p => p.Completed + p.Failed));
        var slot = (double)width / points.Count;
        var plot = height - top - bottom;
        html.Raw("<svg class=\"chart\" viewBox=\"0 0 ").Raw(Inv(width)).Raw(" ").Raw(Inv(height)).Raw("\" role=\"img\" aria-label=\"Jobs completed and failed per minute over the last hour\">");
        for (var i = 0; i < points.Count; i++)
        {
            var p = points[i];
            var x = i * slot + 1;
            var ok = plot * p.Completed / (double)max;
            var bad = plot * p.Failed / (double)max;
            var y = top + plot - ok - bad;
            html.Raw("<g><title>").Raw(p.Minute.UtcDateTime.ToString("HH:mm", CultureInfo.InvariantCulture)).Raw(" UTC: ")
                .Number(p.Completed).Raw(" completed, ").Number(p.Failed).Raw(" failed</title>");
            if (bad > 0)
            {
                Rect(html, "bad", x, y, slot - 2, bad);
            }
            if (ok > 0)
            {
                Rect(html, "ok", x, y + bad, slot - 2, ok);
            }
            if (ok == 0 && bad == 0)
            {
                Rect(html, "none", x, top + plot - 1, slot - 2, 1);
            }
            html.Raw("</g>");
        }
        html.Raw("<text x=\"0\" y=\"").Raw(Inv(height - 4)).Raw("\" class=\"axis\">−60 min</text>")
            .Raw("<text x=\"").Raw(Inv(width)).Raw("\" y=\"").Raw(Inv(height - 4)).Raw("\" class=\"axis end\">now</text>")
            .Raw("<text x=\"0\" y=\"").Raw(Inv(top + 2)).Raw("\" class=\"axis\" dominant-baseline=\"hanging\">").Number(max).Raw("/min</text></svg>");
    }

    private static void Rect(Html html, string css, double x, double y, double w, double h) =>
        html.Raw("<rect class=\"").Raw(css).Raw("\" x=\"").Raw(Inv(x)).Raw("\" y=\"").Raw(Inv(y)).Raw("\" width=\"").Raw(Inv(Math.Max(w, 1)))
            .Raw("\" height=\"").Raw(Inv(h)).Raw("\" rx=\"1\"/>");

    private static string Inv(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
