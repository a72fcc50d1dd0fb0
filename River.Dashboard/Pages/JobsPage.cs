using River.Dashboard.Rendering;

namespace River.Dashboard.Pages;

/// <summary>The jobs list: the filter form, one keyset page, selection actions and filter-wide actions.</summary>
internal static class JobsPage
{
    public static async Task RenderAsync(PageRequest page)
    {
        page.Title = "Jobs";
        page.Section = "jobs";
        var filter = JobFilterForm.Read(page.Http.Request.Query);
        var options = filter.ToListOptions(page.Dashboard.Options.PageSize, filter.After);
        JobListResult? result = null;
        if (filter.Errors.Count == 0)
        {
            try
            {
                result = await page.ReadAsync("jobs" + filter.Query(filter.After), ct => page.Client.ListJobsAsync(options, ct)).ConfigureAwait(false);
            }
            catch (ArgumentException e)
            {
                filter.Errors.Add(e.Message.Replace(" (Parameter 'parameters')", "", StringComparison.Ordinal));
            }
        }
        var html = page.Body;
        html.Raw("<h1>Jobs</h1>");
        page.Notice();
        FilterForm(page, html, filter);
        if (filter.Errors.Count > 0)
        {
            page.Status = 400;
            html.Raw("<div class=\"alert error\" role=\"alert\"><strong>The filter is not valid.</strong><ul>");
            foreach (var error in filter.Errors)
            {
                html.Element("li", null, error);
            }
            html.Raw("</ul></div>");
            return;
        }
        var readOnly = page.Dashboard.Options.ReadOnly;
        html.Raw("<form method=\"post\" action=\"").Text(page.Url("/jobs/action")).Raw("\" class=\"selection\" data-confirm-form>");
        page.AntiforgeryField(html);
        html.Raw("<input type=\"hidden\" name=\"return\" value=\"").Text(page.Here).Raw("\">");
        if (!readOnly)
        {
            html.Raw("<div class=\"toolbar\"><span class=\"muted\" data-selected-count>No job selected</span>")
                .Raw("<button type=\"submit\" name=\"action\" value=\"retry\" data-confirm=\"Retry the selected jobs?\" disabled data-needs-selection>Retry</button>")
                .Raw("<button type=\"submit\" name=\"action\" value=\"cancel\" data-confirm=\"Cancel the selected jobs?\" disabled data-needs-selection>Cancel</button>")
                .Raw("<button type=\"submit\" name=\"action\" value=\"delete\" class=\"danger\" data-confirm=\"Delete the selected jobs? This cannot be undone.\" disabled data-needs-selection>Delete</button>")
                .Raw("<span class=\"spacer\"></span><span class=\"muted\">All matching the filter:</span>")
                .Raw("<button type=\"button\" data-filter-action=\"retry\" data-confirm=\"Retry every job this filter matches?\">Retry all</button>")
                .Raw("<button type=\"button\" data-filter-action=\"cancel\" data-confirm=\"Cancel every job this filter matches?\">Cancel all</button>")
                .Raw("<button type=\"button\" data-filter-action=\"delete\" class=\"danger\" data-confirm=\"Delete every job this filter matches (running jobs excepted)? This cannot be undone.\">Delete all</button>")
                .Raw("<output class=\"progress\" data-progress aria-live=\"polite\"></output></div>");
        }
        html.Raw("<div id=\"job-table\" data-live><table class=\"table jobs\"><thead><tr>");
        if (!readOnly)
        {
            html.Raw("<th class=\"check\"><input type=\"checkbox\" data-select-all aria-label=\"Select all\"></th>");
        }
        html.Raw("<th>ID</th><th>State</th><th>Kind</th><th>Queue</th><th class=\"num\">Pri</th><th>Attempt</th><th>Tags</th><th>Args</th><th>")
            .Raw(filter.Order switch { JobListOrder.CreatedAt => "Created", JobListOrder.FinalizedAt => "Finalized", _ => "Scheduled" })
            .Raw("</th></tr></thead><tbody>");
        foreach (var job in result!.Jobs)
        {
            var detail = page.Url("/jobs/" + job.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
            // The id as digits only (Number groups thousands: "1,388" would not match a selector or a form value).
            html.Raw("<tr data-job-id=\"").Raw(job.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)).Raw("\">");
            if (!readOnly)
            {
                html.Raw("<td class=\"check\"><input type=\"checkbox\" name=\"id\" value=\"").Raw(job.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)).Raw("\" aria-label=\"Select\"></td>");
            }
            html.Raw("<td class=\"id\">").Link(detail, job.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)).Raw("</td><td>").State(job.State).Raw("</td>")
                .Raw("<td class=\"kind\">").Link(detail, job.Kind).Raw("</td><td>").Text(job.Queue).Raw("</td><td class=\"num\">").Number(job.Priority).Raw("</td>")
                .Raw("<td>").Number(job.Attempt).Raw("/").Number(job.MaxAttempts).Raw("</td><td>");
            foreach (var tag in job.Tags)
            {
                html.Element("span", "tag", tag);
            }
            html.Raw("</td><td class=\"args\"><code>").Text(Shorten(System.Text.Encoding.UTF8.GetString(job.EncodedArgs.Span), 80)).Raw("</code></td><td>")
                .Time(filter.Order switch { JobListOrder.CreatedAt => job.CreatedAt, JobListOrder.FinalizedAt => job.FinalizedAt, _ => job.ScheduledAt }).Raw("</td></tr>");
        }
        html.Raw("</tbody></table>");
        if (result.Jobs.Count == 0)
        {
            html.Raw("<p class=\"empty\">No job matches this filter.</p>");
        }
        html.Raw("</div></form><nav class=\"pager\">");
        if (filter.After is not null)
        {
            html.Link(page.Url("/jobs" + filter.Query()), "« First page", "button");
        }
        if (result.NextCursor is { } next)
        {
            html.Link(page.Url("/jobs" + filter.Query(next)), "Next page »", "button");
        }
        html.Raw("</nav>");
    }

    private static void FilterForm(PageRequest page, Html html, JobFilterForm filter)
    {
        html.Raw("<form method=\"get\" action=\"").Text(page.Url("/jobs")).Raw("\" class=\"filters\" id=\"filters\">");
        html.Raw("<fieldset class=\"states\"><legend>State</legend>");
        foreach (var state in Badges.DisplayOrder)
        {
            html.Raw("<label class=\"chip\"><input type=\"checkbox\" name=\"state\" value=\"").Raw(Badges.Name(state)).Raw("\"")
                .Raw(filter.States.Contains(state) ? " checked" : "").Raw(">").State(state).Raw("</label>");
        }
        html.Raw("</fieldset><div class=\"fields\">");
        Field(html, "kind", "Kind", filter.Kind, "email.send, …");
        Field(html, "queue", "Queue", filter.Queue, "default, …");
        Field(html, "tag", "Tags (all of)", filter.Tag, "urgent, …");
        Field(html, "id", "IDs", filter.Id, "42, 43");
        Field(html, "client", "Client (latest attempt)", filter.ClientId, "web-1, …");
        html.Raw("<label>Priority<select name=\"priority\"><option value=\"\">any</option>");
        for (var p = 1; p <= 4; p++)
        {
            html.Raw("<option value=\"").Number(p).Raw("\"").Raw(filter.Priorities.Count == 1 && filter.Priorities[0] == p ? " selected" : "").Raw(">").Number(p).Raw("</option>");
        }
        html.Raw("</select></label>");
        Field(html, "from", "Created from (UTC)", filter.From, "2026-01-31T09:00");
        Field(html, "to", "Created before (UTC)", filter.To, "2026-01-31T18:00");
        Field(html, "args", "Args contain (JSON)", filter.Args, "{\"account_id\": 42}", wide: true);
        Field(html, "metadata", "Metadata contains (JSON)", filter.Metadata, "{\"tenant\": \"acme\"}", wide: true);
        html.Raw("<label>Order<select name=\"order\">");
        foreach (var order in Enum.GetValues<JobListOrder>())
        {
            var name = JobFilterForm.OrderName(order);
            html.Raw("<option value=\"").Raw(name).Raw("\"").Raw(order == filter.Order ? " selected" : "").Raw(">").Raw(name).Raw("</option>");
        }
        html.Raw("</select></label><label>Direction<select name=\"dir\"><option value=\"desc\"")
            .Raw(filter.Direction == SortDirection.Descending ? " selected" : "").Raw(">newest first</option><option value=\"asc\"")
            .Raw(filter.Direction == SortDirection.Ascending ? " selected" : "").Raw(">oldest first</option></select></label>");
        html.Raw("</div><div class=\"actions\"><button type=\"submit\" class=\"primary\">Filter</button>")
            .Link(page.Url("/jobs"), "Clear", "button subtle").Raw("</div></form>");
    }

    private static void Field(Html html, string name, string label, string value, string placeholder, bool wide = false)
    {
        html.Raw(wide ? "<label class=\"wide\">" : "<label>").Text(label).Raw("<input type=\"text\" name=\"").Raw(name).Raw("\" value=\"").Text(value)
            .Raw("\" placeholder=\"").Text(placeholder).Raw("\" autocomplete=\"off\"></label>");
    }

    internal static string Shorten(string text, int max) => text.Length <= max ? text : text[..max] + "…";
}
