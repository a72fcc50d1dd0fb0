using System.Globalization;
using River.Dashboard.Queries;
using River.Dashboard.Rendering;

namespace River.Dashboard.Pages;

/// <summary>
/// Limits: every flow limit of migration line <c>typed</c> (<see cref="RiverClient.ListFlowLimitsAsync"/>, what
/// <c>river limits list</c> prints) with the jobs it holds running and waiting now, and the sequences with a job not
/// finalized and the job holding each (<see cref="RiverClient.ListSequencesAsync(int, string?, string?, CancellationToken)"/>,
/// keyset by key); set, reset and delete a limit (<see cref="Actions.LimitActions"/>).
/// </summary>
internal static class LimitsPage
{
    /// <summary>Sequences per page: 100; the next page continues after the last key.</summary>
    public const int SequencePageSize = 100;

    public static async Task RenderAsync(PageRequest page)
    {
        page.Title = "Limits";
        page.Section = "limits";
        var query = page.Http.Request.Query;
        var after = query["after"].LastOrDefault() is { Length: > 0 } cursor ? cursor : null;
        var key = query["key"].LastOrDefault() is { Length: > 0 } k ? k : null;
        var data = await page.ReadAsync("limits?" + (key ?? "") + "&" + (after ?? ""),
            ct => page.Dashboard.Stats.LimitsAsync(SequencePageSize, key, after, ct)).ConfigureAwait(false);
        var html = page.Body;
        html.Raw("<h1>Limits</h1>");
        page.Notice();
        if (data is null)
        {
            html.Raw("<section class=\"panel\"><p class=\"empty\">Flow control (migration line <code>typed</code>, table <code>river_typed_flow_limit</code>) is not installed in this schema: "
                + "run <code>river migrate-up</code>, which applies every line.</p></section>");
            return;
        }
        var readOnly = page.Dashboard.Options.ReadOnly;
        LimitTable(page, html, data.Limits, readOnly);
        if (!readOnly)
        {
            var edit = query["edit"].LastOrDefault() is { Length: > 0 } e ? data.Limits.FirstOrDefault(l => l.Scope.Id == e) : null;
            SetForm(page, html, edit, query["edit"].LastOrDefault());
        }
        Sequences(page, html, data.Sequences, key, after);
    }

    private static void LimitTable(PageRequest page, Html html, IReadOnlyList<FlowLimitInfo> limits, bool readOnly)
    {
        html.Raw("<section class=\"panel\" id=\"limit-table\" data-live><h2>Flow limits</h2>");
        if (limits.Count == 0)
        {
            html.Raw("<p class=\"empty\">No flow limit is stored. Declare one with <code>[ConcurrencyLimit]</code>, <code>[RateLimit]</code> or "
                + "<code>RiverClientOptions.Flow</code> (stored when a client that declares it starts), or set one here or with <code>river limits set</code>.</p></section>");
            return;
        }
        html.Raw("<table class=\"table limits\"><thead><tr><th>Scope</th><th>Limits</th><th>Partition by</th><th class=\"num\">Running</th>")
            .Raw("<th class=\"num\">Waiting</th><th class=\"num\">Tokens left</th><th>Source</th><th>Updated</th>").Raw(readOnly ? "" : "<th></th>").Raw("</tr></thead><tbody>");
        foreach (var limit in limits)
        {
            var scope = limit.Scope;
            var jobs = scope.Kind is { } kind ? "/jobs?kind=" + Uri.EscapeDataString(kind) : "/jobs?queue=" + Uri.EscapeDataString(scope.Queue ?? "");
            html.Raw("<tr data-limit=\"").Text(scope.Id).Raw("\"><td><span class=\"muted small\">").Raw(scope.Kind is null ? "queue" : "kind").Raw("</span> ")
                .Link(page.Url(jobs), scope.Kind ?? scope.Queue).Raw("</td><td>");
            Describe(html, limit);
            html.Raw("</td><td>");
            if (limit.Limits.PartitionBy is { } partition)
            {
                html.Raw("<code>").Text(partition).Raw("</code>");
            }
            else
            {
                html.Raw("<span class=\"muted\">–</span>");
            }
            html.Raw("</td><td class=\"num\">");
            RunningCell(page, html, limit, jobs);
            html.Raw("</td><td class=\"num\">").Link(page.Url(jobs + "&state=available"), Count(limit.Waiting)).Raw("</td><td class=\"num\">");
            if (limit.Limits.RateLimit is null)
            {
                html.Raw("<span class=\"muted\">–</span>");
            }
            else if (limit.TokensLeft is { } tokens)
            {
                html.Raw(tokens.ToString("0.#", CultureInfo.InvariantCulture)).Raw(" <span class=\"muted small\">of ").Number(limit.Limits.RateBurst ?? 0).Raw("</span>");
            }
            else
            {
                html.Raw("<span class=\"muted\" title=\"No job has started under this rate limit yet: the bucket is full\">full</span>");
            }
            html.Raw("</td><td>").Raw(limit.ChangedAtRunTime
                ? "<span class=\"badge s-retryable\" title=\"Changed at run time: a client start keeps it; Reset restores what the code declares\">changed at run time</span>"
                : "<span class=\"badge s-pending\" title=\"As a client declared it (attributes or options)\">declared</span>")
                .Raw("</td><td>").Time(limit.UpdatedAt).Raw("</td>");
            if (!readOnly)
            {
                Actions(page, html, limit);
            }
            html.Raw("</tr>");
        }
        html.Raw("</tbody></table></section>");
    }

    /// <summary>The limits in words: "at most 5 running", "100 per 1 min (burst 10)", "sequenced".</summary>
    private static void Describe(Html html, FlowLimitInfo limit)
    {
        var parts = 0;
        if (limit.Limits.MaxRunning is { } max)
        {
            html.Raw("<span class=\"tag\">at most ").Number(max).Raw(" running</span>");
            parts++;
        }
        if (limit.Limits.RateLimit is { } rate && limit.Limits.RatePeriod is { } period)
        {
            html.Raw("<span class=\"tag\">").Number(rate).Raw(" per ").Text(Durations.Format(period));
            if (limit.Limits.RateBurst is { } burst)
            {
                html.Raw(" <span class=\"muted\">burst ").Number(burst).Raw("</span>");
            }
            html.Raw("</span>");
            parts++;
        }
        if (limit.Sequenced)
        {
            html.Raw("<span class=\"tag\" title=\"The queue's fetch keeps the jobs of each sequence key in order\">sequenced</span>");
            parts++;
        }
        if (parts == 0)
        {
            html.Raw("<span class=\"muted\">none</span>");
        }
    }

    /// <summary>A running or waiting count: the list counts up to <see cref="Database.Queries.FlowSql.CountCap"/>, shown as "10,000+".</summary>
    private static string Count(long n) => n >= Database.Queries.FlowSql.CountCap
        ? Database.Queries.FlowSql.CountCap.ToString("N0", CultureInfo.InvariantCulture) + "+"
        : n.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>Running jobs, against the concurrency limit when there is one (a meter; per partition when partitioned).</summary>
    private static void RunningCell(PageRequest page, Html html, FlowLimitInfo limit, string jobs)
    {
        html.Link(page.Url(jobs + "&state=running"), Count(limit.Running));
        if (limit.Limits.MaxRunning is not { } max)
        {
            return;
        }
        if (limit.Limits.PartitionBy is not null)
        {
            html.Raw(" <span class=\"muted small\" title=\"Partitions with a job running; each may run ").Number(max).Raw("\">in ").Number(limit.PartitionsRunning)
                .Raw(limit.PartitionsRunning == 1 ? " partition" : " partitions").Raw("</span>");
            return;
        }
        var full = Math.Min(100, (int)(100 * limit.Running / Math.Max(1, max)));
        html.Raw(" <span class=\"muted small\">/ ").Number(max).Raw("</span><svg class=\"meter").Raw(limit.Running >= max ? " full" : "")
            .Raw("\" viewBox=\"0 0 100 6\" preserveAspectRatio=\"none\" aria-hidden=\"true\"><rect class=\"track\" width=\"100\" height=\"6\" rx=\"3\"></rect><rect class=\"fill\" width=\"")
            .Raw(full.ToString(CultureInfo.InvariantCulture)).Raw("\" height=\"6\" rx=\"3\"></rect></svg>");
    }

    private static void Actions(PageRequest page, Html html, FlowLimitInfo limit)
    {
        var id = limit.Scope.Id;
        html.Raw("<td class=\"row-actions\">").Link(page.Url("/limits?edit=" + Uri.EscapeDataString(id) + "#set-limit"), "Edit", "button")
            .Raw("<form method=\"post\" action=\"").Text(page.Url("/limits/action")).Raw("\" data-confirm-form>");
        page.AntiforgeryField(html);
        html.Raw("<input type=\"hidden\" name=\"scope\" value=\"").Text(id).Raw("\"><input type=\"hidden\" name=\"return\" value=\"").Text(page.Here).Raw("\">");
        if (limit.ChangedAtRunTime)
        {
            html.Raw("<button type=\"submit\" name=\"action\" value=\"reset\" data-confirm=\"Reset this limit? It goes back to what a client last declared, or is removed when none declared it.\">Reset</button>");
        }
        html.Raw("<button type=\"submit\" name=\"action\" value=\"delete\" class=\"danger\" data-confirm=\"Delete this limit? Its jobs run unlimited from the next poll; a client that declares it writes it again when it starts.\">Delete</button>")
            .Raw("</form></td>");
    }

    /// <summary>The form that sets a limit (an operator's change, kept across client starts), filled from <paramref name="edit"/> when given.</summary>
    private static void SetForm(PageRequest page, Html html, FlowLimitInfo? edit, string? scopeText)
    {
        var limits = edit?.Limits;
        html.Raw("<section class=\"panel\" id=\"set-limit\"><h2>").Raw(edit is null ? "Set a limit" : "Edit a limit").Raw("</h2>")
            .Raw("<form method=\"post\" action=\"").Text(page.Url("/limits/action")).Raw("\" class=\"filters plain\">");
        page.AntiforgeryField(html);
        html.Raw("<input type=\"hidden\" name=\"return\" value=\"").Text(page.Url("/limits")).Raw("\"><div class=\"fields\">");
        Field(html, "scope", "Scope (queue:NAME or kind:KIND)", edit?.Scope.Id ?? scopeText, "queue:exports", wide: true);
        Field(html, "max_running", "At most running", limits?.MaxRunning?.ToString(CultureInfo.InvariantCulture), "5");
        Field(html, "rate", "Starts per period", limits?.RateLimit?.ToString(CultureInfo.InvariantCulture), "100");
        Field(html, "per", "Period (seconds)", limits?.RatePeriod?.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture), "60");
        Field(html, "burst", "Burst", limits?.RateBurst?.ToString(CultureInfo.InvariantCulture), "10");
        Field(html, "partition_by", "Partition by (kinds: args path)", limits?.PartitionBy, "customer_id");
        html.Raw("<label>Sequenced (queues)<select name=\"sequenced\"><option value=\"\">unchanged</option><option value=\"true\"")
            .Raw(edit is { Sequenced: true } ? " selected" : "").Raw(">yes</option><option value=\"false\">no</option></select></label></div>")
            .Raw("<p class=\"muted small\">A field left empty sets no limit of that kind. The change is kept across client starts until it is reset, and every client applies it within one poll interval.</p>")
            .Raw("<div class=\"actions\"><button type=\"submit\" name=\"action\" value=\"set\" class=\"primary\" data-confirm=\"Set these limits? Every client applies them within one poll interval.\">Set limit</button></div></form></section>");
    }

    private static void Field(Html html, string name, string label, string? value, string placeholder, bool wide = false)
    {
        html.Raw(wide ? "<label class=\"wide\">" : "<label>").Text(label).Raw("<input type=\"text\" name=\"").Raw(name).Raw("\" value=\"").Text(value)
            .Raw("\" placeholder=\"").Text(placeholder).Raw("\"></label>");
    }

    private static void Sequences(PageRequest page, Html html, IReadOnlyList<SequenceInfo> rows, string? key, string? after)
    {
        html.Raw("<section class=\"panel\" id=\"sequence-table\" data-live><h2>Sequences</h2>")
            .Raw("<form method=\"get\" action=\"").Text(page.Url("/limits")).Raw("\" class=\"toolbar\"><input type=\"text\" name=\"key\" value=\"").Text(key)
            .Raw("\" placeholder=\"sequence key\" aria-label=\"Sequence key\"><button type=\"submit\">Find</button>");
        if (key is not null)
        {
            html.Link(page.Url("/limits"), "All sequences", "button subtle");
        }
        html.Raw("</form>");
        if (rows.Count == 0)
        {
            html.Raw("<p class=\"empty\">").Raw(key is not null ? "No job of this sequence is waiting or running."
                : after is not null ? "No more sequences."
                : "No sequence has a job waiting or running. Jobs join a sequence with <code>[Sequence(By = …)]</code> or <code>InsertOptions.SequenceKey</code>.").Raw("</p></section>");
            return;
        }
        var shown = rows.Take(SequencePageSize).ToList();
        html.Raw("<table class=\"table sequences\"><thead><tr><th>Sequence</th><th>Held by</th><th>Queue</th><th>State</th><th class=\"num\">Attempt</th><th class=\"num\">Waiting behind</th></tr></thead><tbody>");
        foreach (var row in shown)
        {
            var id = row.HolderJobId.ToString(CultureInfo.InvariantCulture);
            html.Raw("<tr data-sequence=\"").Text(row.Key).Raw("\"><td><code>").Text(row.Key).Raw("</code></td><td>")
                .Link(page.Url("/jobs/" + id), "#" + id).Raw(" ").Text(row.HolderKind).Raw("</td><td>").Text(row.HolderQueue).Raw("</td><td>").State(row.HolderState);
            if (row.HolderState == JobState.Retryable)
            {
                html.Raw(" <span class=\"muted small\" title=\"A failed job holds its sequence until it succeeds, is discarded or is cancelled (SequenceFailurePolicy.Block)\">holds until it succeeds</span>");
            }
            html.Raw("</td><td class=\"num\">").Number(row.HolderAttempt).Raw("</td><td class=\"num\">").Number(row.Waiting).Raw("</td></tr>");
        }
        html.Raw("</tbody></table></section>").Pages(after is null ? null : page.Url("/limits"),
            rows.Count > SequencePageSize ? page.Url("/limits?after=" + Uri.EscapeDataString(shown[^1].Key)) : null);
    }
}
