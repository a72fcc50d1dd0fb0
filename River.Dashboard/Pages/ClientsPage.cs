using System.Globalization;
using River.Dashboard.Queries;
using River.Dashboard.Rendering;

namespace River.Dashboard.Pages;

/// <summary>
/// Clients: the registry of migration line <c>typed</c> (<see cref="RiverClient.ListClientsAsync"/>, what
/// <c>river clients</c> prints): live clients, then those declared dead recently, with host, process, version, start,
/// last heartbeat, queues and worker limits, running jobs (each linking to them); the leader and its term.
/// </summary>
internal static class ClientsPage
{
    public static async Task RenderAsync(PageRequest page)
    {
        page.Title = "Clients";
        page.Section = "clients";
        var (fleet, leader) = await page.ReadAsync("clients", page.Dashboard.Stats.ClientsAsync).ConfigureAwait(false);
        var html = page.Body;
        var now = page.Client.Options.TimeProvider.GetUtcNow();
        html.Raw("<h1>Clients</h1><section class=\"panel\" id=\"leader\" data-live><h2>Leader</h2><dl class=\"facts\"><dt>Leader</dt><dd>");
        if (leader is null)
        {
            html.Raw("<span class=\"muted\">no leader elected</span>");
        }
        else
        {
            html.Raw("<code>").Text(leader.LeaderId).Raw("</code> since ").Time(leader.ElectedAt).Raw(", lease until ").Time(leader.ExpiresAt);
            if (leader.ExpiresAt < now)
            {
                html.Raw(" <span class=\"badge s-discarded\">lease expired</span>");
            }
        }
        html.Raw("</dd><dt>Term</dt><dd>");
        if (fleet?.LeaderTerm is { } term)
        {
            html.Raw("<span data-term>").Number(term).Raw("</span> <span class=\"muted\">won by</span> <code>").Text(fleet.TermLeaderId).Raw("</code>");
            if (fleet.TermLeaderId != fleet.LeaderId && fleet.LeaderId is not null)
            {
                html.Raw(" <span class=\"muted\">(a client that does not take terms, e.g. River Go, leads now)</span>");
            }
        }
        else
        {
            html.Raw("<span class=\"muted\">–</span>");
        }
        html.Raw("</dd></dl></section>");

        html.Raw("<section class=\"panel\" id=\"client-table\" data-live><h2>Registered clients</h2>");
        if (fleet is null)
        {
            html.Raw("<p class=\"empty\">The client registry (migration line <code>typed</code>, table <code>river_typed_client</code>) is not installed in this schema: "
                + "run <code>river migrate-up</code>, which applies every line.</p></section>");
            return;
        }
        if (fleet.Clients.Count == 0)
        {
            html.Raw("<p class=\"empty\">No client is registered. Every River.Typed client registers when it starts (<code>RiverClientOptions.RegisterClient</code>); "
                + "River clients in other languages do not, and show only as the leader.</p></section>");
            return;
        }
        html.Raw("<table class=\"table clients\"><thead><tr><th>State</th><th>Client</th><th>Host</th><th class=\"num\">PID</th><th>Version</th>")
            .Raw("<th>Started</th><th>Last heartbeat</th><th>Queues (max workers)</th><th class=\"num\">Running</th></tr></thead><tbody>");
        foreach (var client in fleet.Clients)
        {
            html.Raw("<tr data-client=\"").Text(client.Id).Raw("\"><td>");
            if (!client.IsLive)
            {
                html.Raw("<span class=\"badge s-discarded\">dead</span> <span class=\"muted small\">since ").Time(client.DeclaredDeadAt).Raw("</span>");
            }
            else if (client.HeartbeatAt + client.HeartbeatTtl < now)
            {
                // Not declared dead yet (the leader decides by its own clock), but its heartbeat is overdue.
                html.Raw("<span class=\"badge s-retryable\" title=\"No heartbeat within its TTL; the leader declares it dead when it notices\">late</span>");
            }
            else
            {
                html.Raw("<span class=\"badge s-completed\">live</span>");
            }
            html.Raw("</td><td><code class=\"wrap\">").Text(client.Id).Raw("</code>");
            if (client.Id == fleet.LeaderId)
            {
                html.Raw(" <span class=\"badge s-running\">leader</span>");
            }
            html.Raw("</td><td>").Text(client.Host).Raw("</td><td class=\"num\">").Raw(client.Pid.ToString(CultureInfo.InvariantCulture)).Raw("</td><td>").Text(client.Version)
                .Raw("</td><td>").Time(client.StartedAt).Raw("</td><td>").Time(client.HeartbeatAt)
                .Raw(" <span class=\"muted small\">TTL ").Text(Durations.Format(client.HeartbeatTtl)).Raw("</span></td><td>");
            if (client.Queues.Count == 0)
            {
                html.Raw("<span class=\"muted\">insert-only</span>");
            }
            foreach (var (queue, workers) in client.Queues.OrderBy(q => q.Key, StringComparer.Ordinal))
            {
                html.Raw("<span class=\"tag\">").Text(queue).Raw(" <span class=\"muted\">").Number(workers).Raw("</span></span>");
            }
            html.Raw("</td><td class=\"num\" title=\"Running jobs whose latest attempt is this client's (its own count at its last heartbeat: ")
                .Number(client.RunningCount).Raw(")\">").Link(RunningJobsUrl(page, client.Id), client.RunningJobs.ToString("N0", CultureInfo.InvariantCulture)).Raw("</td></tr>");
        }
        html.Raw("</tbody></table>");
        if (fleet.Clients.Count >= DashboardStats.ClientPageLimit)
        {
            html.Raw("<p class=\"muted small\">The first ").Number(DashboardStats.ClientPageLimit).Raw(" clients are shown (live ones first, by id); <code>river clients</code> lists them too.</p>");
        }
        html.Raw("<p class=\"muted small\">Clients declared dead stay listed for an hour after their jobs are rescued. River clients in other languages do not register.</p></section>");
    }

    /// <summary>The jobs page filtered to the jobs <paramref name="clientId"/> is running (state running, latest attempt its).</summary>
    public static string RunningJobsUrl(PageRequest page, string clientId) =>
        page.Url("/jobs?state=running&client=" + Uri.EscapeDataString(clientId));
}
