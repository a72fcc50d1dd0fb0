using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Npgsql;
using static Microsoft.Playwright.Assertions;

namespace River.Dashboard.Tests;

/// <summary>The dashboard in Debian's Chromium against a real PostgreSQL with a started client. One class: one browser, one database.</summary>
public sealed partial class DashboardBrowserTests(DashboardFixture fixture) : IClassFixture<DashboardFixture>
{
    /// <summary>A hostile string: it would run script or break markup if any field were not escaped.</summary>
    private const string Hostile = "<script>window.__pwned=1;alert('x')</script><img src=x onerror=\"window.__pwned=2\">'\"&amp;";

    private RiverClient Client => fixture.Client;

    private async Task<long> InsertAsync<T>(T args, InsertOptions? options = null) where T : notnull => (await Client.InsertAsync(args, options)).Job.Id;

    private async Task ExecAsync(string sql, params object[] values)
    {
        await using var cmd = fixture.Database.DataSource.CreateCommand(sql);
        foreach (var value in values)
        {
            cmd.Parameters.Add(new NpgsqlParameter { Value = value });
        }
        await cmd.ExecuteNonQueryAsync();
    }

    /// <summary>A job in a queue no producer works (it stays where the test puts it), in <paramref name="state"/>, with one failed attempt when it is discarded.</summary>
    private async Task<long> ParkedJobAsync(string state, string kind = "dash.parked", string queue = "archive")
    {
        await using var cmd = fixture.Database.DataSource.CreateCommand("""
            INSERT INTO river_job (state, attempt, max_attempts, attempted_at, finalized_at, args, kind, queue, tags, errors, attempted_by, metadata)
            VALUES ($1::river_job_state, 1, 1, now(), CASE WHEN $1 IN ('discarded', 'completed', 'cancelled') THEN now() END,
                    '{"invoice": 7}', $2, $3, '{billing}',
                    ARRAY['{"at":"2026-01-01T00:00:00Z","attempt":1,"error":"payment gateway timed out","trace":"at Billing.Charge()"}'::jsonb],
                    '{worker-1}', '{"tenant":"acme"}')
            RETURNING id
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = state });
        cmd.Parameters.Add(new NpgsqlParameter { Value = kind });
        cmd.Parameters.Add(new NpgsqlParameter { Value = queue });
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    private async Task<JobState> StateAsync(long id) => (await Client.GetJobAsync(id))!.State;

    [Fact]
    public async Task Overview_shows_counts_by_state_and_queue_the_chart_and_the_leader_and_updates_live()
    {
        await ParkedJobAsync("discarded");
        await ParkedJobAsync("completed");
        var page = await fixture.NewPageAsync();
        await page.GotoAsync(fixture.Url + "/");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Overview");
        await Expect(page.Locator("svg.chart")).ToBeVisibleAsync();
        await Expect(page.Locator("#queues-by-state")).ToContainTextAsync("archive");
        // The leader is elected by the started client; the live region shows it without a reload.
        await Expect(page.Locator("#cluster")).ToContainTextAsync(Client.ClientId, new() { Timeout = 20_000 });
        // Fixtures migrate every line, so the client registry (line typed) exists and its panel reads it.
        await Expect(page.Locator("#cluster h3")).ToHaveTextAsync("Live clients");
        await Expect(page.Locator("#cluster")).Not.ToContainTextAsync("is not installed");
        await Expect(page.Locator($"#live-clients tr[data-client='{Client.ClientId}']")).ToBeVisibleAsync();
        await Expect(page.Locator($"#live-clients tr[data-client='{DashboardFixture.SeededLiveClient}']")).ToContainTextAsync("web-1");
        // A client declared dead is not among the live ones; the panel counts it.
        await Expect(page.Locator($"#live-clients tr[data-client='{DashboardFixture.SeededDeadClient}']")).ToHaveCountAsync(0);
        await Expect(page.Locator("#cluster")).ToContainTextAsync("declared dead recently");

        var before = await page.Locator("[data-state-count=scheduled]").TextContentAsync();
        await InsertAsync(new ReportArgs("later"), new InsertOptions { ScheduledAt = DateTimeOffset.UtcNow.AddDays(1) });
        await Expect(page.Locator("[data-state-count=scheduled]")).Not.ToHaveTextAsync(before!, new() { Timeout = 10_000 });
        await Screenshots.SaveAsync(page, "overview");
    }

    [Fact]
    public async Task Jobs_page_filters_by_state_kind_queue_priority_tag_id_time_args_and_metadata()
    {
        var a = await InsertAsync(new ReportArgs("alpha"), new InsertOptions { ScheduledAt = DateTimeOffset.UtcNow.AddDays(2), Priority = 3, Tags = ["finance"], Metadata = """{"tenant":"globex"}""" });
        var b = await InsertAsync(new ReportArgs("beta"), new InsertOptions { ScheduledAt = DateTimeOffset.UtcNow.AddDays(2), Priority = 2 });
        await ExecAsync("UPDATE river_job SET created_at = now() - interval '3 days' WHERE id = $1", b);
        var page = await fixture.NewPageAsync();
        await page.GotoAsync(fixture.Url + "/jobs");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Jobs");

        await page.FillAsync("input[name=kind]", "dash.report");
        await page.CheckAsync("input[name=state][value=scheduled]");
        await page.ClickAsync("button:has-text('Filter')");
        await Expect(page.Locator($"tr[data-job-id='{a}']")).ToBeVisibleAsync();
        await Expect(page.Locator($"tr[data-job-id='{b}']")).ToBeVisibleAsync();
        await page.GotoAsync(fixture.Url + "/jobs?tag=demo&state=completed&state=discarded&state=retryable");
        await Expect(page.Locator("tr[data-job-id]").First).ToBeVisibleAsync();
        await Screenshots.SaveAsync(page, "jobs", fullPage: false);

        async Task Only(string query, long expected, long absent)
        {
            await page.GotoAsync(fixture.Url + "/jobs?kind=dash.report&" + query);
            await Expect(page.Locator($"tr[data-job-id='{expected}']")).ToBeVisibleAsync();
            await Expect(page.Locator($"tr[data-job-id='{absent}']")).ToHaveCountAsync(0);
        }
        await Only("priority=3", a, b);
        await Only("tag=finance", a, b);
        await Only("id=" + b, b, a);
        await Only("args=" + Uri.EscapeDataString("""{"name":"beta"}"""), b, a);
        await Only("metadata=" + Uri.EscapeDataString("""{"tenant":"globex"}"""), a, b);
        await Only("to=" + Uri.EscapeDataString(DateTime.UtcNow.AddDays(-1).ToString("yyyy-MM-ddTHH:mm")), b, a);
        await Only("from=" + Uri.EscapeDataString(DateTime.UtcNow.AddDays(-1).ToString("yyyy-MM-ddTHH:mm")) + "&queue=default&order=scheduled&dir=asc", a, b);

        // A bad filter says what is wrong instead of failing.
        await page.GotoAsync(fixture.Url + "/jobs?args=" + Uri.EscapeDataString("[1]"));
        await Expect(page.Locator(".alert.error")).ToContainTextAsync("ArgsContains must be a JSON object");
        await page.GotoAsync(fixture.Url + "/jobs?priority=9&id=x");
        await Expect(page.Locator(".alert.error")).ToContainTextAsync("'9' is not a priority");
        await Expect(page.Locator(".alert.error")).ToContainTextAsync("'x' is not a job id");
    }

    [Fact]
    public async Task Jobs_list_shows_new_jobs_live_without_reloading()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync(fixture.Url + "/jobs?args=" + Uri.EscapeDataString("""{"name":"live-list"}"""));
        await Expect(page.Locator("p.empty")).ToBeVisibleAsync();
        await page.EvaluateAsync("() => { window.__sameDocument = true; }");
        var id = await InsertAsync(new ReportArgs("live-list"), new InsertOptions { ScheduledAt = DateTimeOffset.UtcNow.AddDays(1) });
        await Expect(page.Locator($"tr[data-job-id='{id}']")).ToBeVisibleAsync(new() { Timeout = 10_000 });
        Assert.True(await page.EvaluateAsync<bool>("() => window.__sameDocument === true"), "the row arrived by a reload, not a live refresh");
        // The pause between refreshes is the interval (500 ms here) or ten times the server's time for the page, whichever is longer.
        var delay = int.Parse((await page.Locator("body").GetAttributeAsync("data-refresh-delay-ms"))!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(delay, 500, 60_000);
    }

    [Fact]
    public async Task Live_refreshes_of_one_page_share_one_read_until_an_action()
    {
        // This app's refresh interval is an hour: every live refresh within it shares the read of the page's last load.
        var page = await fixture.NewPageAsync();
        var url = fixture.SharedUrl + "/jobs?args=" + Uri.EscapeDataString("""{"name":"shared-read"}""");
        var opened = await page.GotoAsync(url);
        Assert.Equal("fresh", opened!.Headers["x-river-read"]);
        var live = new Dictionary<string, string> { ["X-River-Live"] = "1" };
        var first = await page.APIRequest.GetAsync(url, new() { Headers = live });
        Assert.Equal("shared", first.Headers["x-river-read"]);
        var id = await InsertAsync(new ReportArgs("shared-read"), new InsertOptions { ScheduledAt = DateTimeOffset.UtcNow.AddDays(1) });
        var second = await page.APIRequest.GetAsync(url, new() { Headers = live });
        Assert.Equal("shared", second.Headers["x-river-read"]);
        Assert.DoesNotContain($"data-job-id=\"{id}\"", await second.TextAsync(), StringComparison.Ordinal);

        // Any action drops the shared reads: the next refresh reads what changed.
        var token = page.Locator("form.selection input[type=hidden]").First;
        var form = page.APIRequest.CreateFormData();
        form.Set((await token.GetAttributeAsync("name"))!, (await token.GetAttributeAsync("value"))!);
        form.Set("action", "retry");
        form.Set("id", id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        form.Set("return", "/river/jobs");
        var posted = await page.APIRequest.PostAsync(fixture.SharedUrl + "/jobs/action", new() { Form = form, MaxRedirects = 0 });
        Assert.Equal(302, posted.Status);
        var third = await page.APIRequest.GetAsync(url, new() { Headers = live });
        Assert.Equal("fresh", third.Headers["x-river-read"]);
        Assert.Contains($"data-job-id=\"{id}\"", await third.TextAsync(), StringComparison.Ordinal);
        // A page opened again always reads afresh.
        var reopened = await page.GotoAsync(url);
        Assert.Equal("fresh", reopened!.Headers["x-river-read"]);
    }

    [Fact]
    public async Task A_created_time_range_is_listed_in_created_order()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync(fixture.Url + "/jobs?from=" + Uri.EscapeDataString(DateTime.UtcNow.AddDays(-1).ToString("yyyy-MM-ddTHH:mm", System.Globalization.CultureInfo.InvariantCulture)));
        await Expect(page.Locator("select[name=order]")).ToHaveValueAsync("created");
        await Expect(page.Locator("table.jobs thead")).ToContainTextAsync("Created");
        var times = await page.Locator("table.jobs tbody tr td:last-child time").EvaluateAllAsync<string[]>("ts => ts.map(t => t.getAttribute('datetime'))");
        Assert.NotEmpty(times);
        Assert.Equal(times.OrderByDescending(t => DateTimeOffset.Parse(t, System.Globalization.CultureInfo.InvariantCulture)).ToArray(), times);
    }

    [Fact]
    public async Task Jobs_page_pages_by_keyset()
    {
        for (var i = 0; i < 60; i++)
        {
            await InsertAsync(new ReportArgs("page" + i), new InsertOptions { Queue = "paging", ScheduledAt = DateTimeOffset.UtcNow.AddDays(3) });
        }
        var page = await fixture.NewPageAsync();
        await page.GotoAsync(fixture.Url + "/jobs?queue=paging");
        await Expect(page.Locator("tr[data-job-id]")).ToHaveCountAsync(RiverDashboardOptions.DefaultPageSize);
        await page.ClickAsync("a:has-text('Next page')");
        await Expect(page.Locator("tr[data-job-id]")).ToHaveCountAsync(60 - RiverDashboardOptions.DefaultPageSize);
        await Expect(page.Locator("a:has-text('Next page')")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Job_detail_shows_args_metadata_attempts_timeline_and_clients_and_retry_makes_it_available()
    {
        var id = await ParkedJobAsync("discarded");
        var page = await fixture.NewPageAsync();
        await page.GotoAsync(fixture.Url + "/jobs/" + id);
        await Expect(page.Locator("h1")).ToContainTextAsync("dash.parked");
        await Expect(page.Locator(".title-row .badge")).ToHaveTextAsync("discarded");
        await Expect(page.Locator("pre.json").First).ToContainTextAsync("\"invoice\": 7");
        await Expect(page.Locator("pre.error")).ToContainTextAsync("payment gateway timed out");
        await Expect(page.Locator("pre.trace")).ToContainTextAsync("at Billing.Charge()");
        await Expect(page.Locator(".timeline")).ToContainTextAsync("Attempt 1 failed");
        await Expect(page.Locator(".timeline")).ToContainTextAsync("Finalized (discarded)");
        await Expect(page.Locator("body")).ToContainTextAsync("worker-1");
        await Screenshots.SaveAsync(page, "job");

        await page.ClickAsync("button[value=retry]");
        await Expect(page.Locator(".alert.ok")).ToContainTextAsync("Retried 1 job");
        Assert.Equal(JobState.Available, await StateAsync(id));
        await Expect(page.Locator(".title-row .badge")).ToHaveTextAsync("available");
    }

    [Fact]
    public async Task Cancelling_a_running_job_fires_its_workers_token()
    {
        var id = await InsertAsync(new BlockArgs("long"));
        await fixture.Blocker.Started(id).WaitAsync(TimeSpan.FromSeconds(30));
        var page = await fixture.NewPageAsync();
        await page.GotoAsync(fixture.Url + "/jobs/" + id);
        await Expect(page.Locator(".title-row .badge")).ToHaveTextAsync("running");
        await page.ClickAsync("button[value=cancel]");
        await fixture.Blocker.TokenFired(id).WaitAsync(TimeSpan.FromSeconds(30));
        await Expect(page.Locator(".title-row .badge")).ToHaveTextAsync("cancelled", new() { Timeout = 20_000 });
    }

    [Fact]
    public async Task Selection_and_filter_wide_actions_change_every_matching_job()
    {
        var ids = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add(await ParkedJobAsync("discarded", kind: "dash.bulk"));
        }
        var page = await fixture.NewPageAsync();
        await page.GotoAsync(fixture.Url + "/jobs?kind=dash.bulk");
        await page.CheckAsync($"tr[data-job-id='{ids[0]}'] input[name=id]");
        await page.CheckAsync($"tr[data-job-id='{ids[1]}'] input[name=id]");
        await Expect(page.Locator("[data-selected-count]")).ToHaveTextAsync("2 jobs selected");
        await page.ClickAsync(".toolbar button[value=retry]");
        await Expect(page.Locator(".alert.ok")).ToContainTextAsync("Retried 2 jobs");
        Assert.Equal(JobState.Available, await StateAsync(ids[0]));
        Assert.Equal(JobState.Discarded, await StateAsync(ids[2]));

        await page.GotoAsync(fixture.Url + "/jobs?kind=dash.bulk&state=discarded");
        await page.ClickAsync("button[data-filter-action=cancel]");
        await Expect(page.Locator("[data-progress]")).ToHaveTextAsync(new Regex("^Done: 0 changed of 3 matched"));
        await page.ClickAsync("button[data-filter-action=delete]");
        await Expect(page.Locator("[data-progress]")).ToHaveTextAsync(new Regex("^Done: 3 changed of 3 matched"));
        Assert.Null(await Client.GetJobAsync(ids[4]));
        Assert.NotNull(await Client.GetJobAsync(ids[0]));
        Assert.Empty(fixture.ScriptErrors);
    }

    [Fact]
    public async Task Pausing_a_queue_stops_it_and_resuming_restarts_it()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync(fixture.Url + "/queues");
        var row = page.Locator("tr[data-queue=mail]");
        await Expect(row).ToContainTextAsync("active", new() { Timeout = 20_000 });
        await row.Locator("button[value=pause]").ClickAsync();
        await Expect(page.Locator(".alert.ok")).ToContainTextAsync("Paused queue 'mail'");
        await Expect(row).ToContainTextAsync("paused");
        Assert.NotNull((await Client.GetQueueAsync("mail"))!.PausedAt);
        await Screenshots.SaveAsync(page, "queues");
        await row.Locator("button[value=resume]").ClickAsync();
        await Expect(row).ToContainTextAsync("active");
        Assert.Null((await Client.GetQueueAsync("mail"))!.PausedAt);
    }

    [Fact]
    public async Task Clients_page_lists_live_and_dead_clients_the_leader_and_term_and_links_to_their_running_jobs()
    {
        var id = await InsertAsync(new BlockArgs("clients-page"));
        await fixture.Blocker.Started(id).WaitAsync(TimeSpan.FromSeconds(30));
        try
        {
            var page = await fixture.NewPageAsync();
            await page.GotoAsync(fixture.Url + "/clients");
            await Expect(page.Locator("h1")).ToHaveTextAsync("Clients");
            await Expect(page.Locator("nav a.active")).ToHaveTextAsync("Clients");
            // The started client is elected leader (the live region shows it without a reload).
            var row = page.Locator($"#client-table tr[data-client='{Client.ClientId}']");
            await Expect(row.Locator(".badge:text-is('leader')")).ToBeVisibleAsync(new() { Timeout = 20_000 });
            var fleet = await Client.ListClientsAsync();
            var me = fleet.Clients.Single(c => c.Id == Client.ClientId);
            await Expect(row).ToContainTextAsync("live");
            await Expect(row).ToContainTextAsync(me.Host);
            await Expect(row).ToContainTextAsync(me.Version);
            await Expect(row).ToContainTextAsync(Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
            await Expect(row.Locator(".tag:has-text('blocking')")).ToHaveTextAsync("blocking 2");
            await Expect(page.Locator("#leader code").First).ToHaveTextAsync(Client.ClientId);
            await Expect(page.Locator("[data-term]")).ToHaveTextAsync(fleet.LeaderTerm!.Value.ToString("N0", System.Globalization.CultureInfo.InvariantCulture));

            var web = page.Locator($"#client-table tr[data-client='{DashboardFixture.SeededLiveClient}']");
            await Expect(web).ToContainTextAsync("live");
            await Expect(web.Locator(".tag:has-text('webhooks')")).ToHaveTextAsync("webhooks 50");
            var dead = page.Locator($"#client-table tr[data-client='{DashboardFixture.SeededDeadClient}']");
            await Expect(dead.Locator(".badge")).ToHaveTextAsync("dead");
            await Expect(dead).ToContainTextAsync("worker-7");
            // Live clients come first, by id.
            var order = await page.Locator("#client-table tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.client)");
            Assert.Equal(order.Length - 1, Array.IndexOf(order, DashboardFixture.SeededDeadClient));
            await Screenshots.SaveAsync(page, "clients");

            // The running count links to the jobs this client is running: state running, latest attempt its.
            await Expect(row.Locator("td.num a")).Not.ToHaveTextAsync("0", new() { Timeout = 20_000 });
            await row.Locator("td.num a").ClickAsync();
            await Expect(page.Locator("h1")).ToHaveTextAsync("Jobs");
            await Expect(page.Locator("input[name=client]")).ToHaveValueAsync(Client.ClientId);
            await Expect(page.Locator($"tr[data-job-id='{id}']")).ToBeVisibleAsync();
            await Expect(page.Locator("tr[data-job-id] .badge:not(.s-running)")).ToHaveCountAsync(0);
            // Another client's filter does not show it.
            await page.GotoAsync(fixture.Url + "/jobs?state=running&client=" + Uri.EscapeDataString(DashboardFixture.SeededLiveClient));
            await Expect(page.Locator("p.empty")).ToBeVisibleAsync();
        }
        finally
        {
            await Client.CancelJobAsync(id);
            await fixture.Blocker.TokenFired(id).WaitAsync(TimeSpan.FromSeconds(30));
        }
    }

    [Fact]
    public async Task Schedules_page_lists_stored_schedules_and_its_actions_change_them_in_the_database()
    {
        const string id = "dash.nightly_export";
        await Client.AddScheduleAsync(id, "0 3 * * *", "dash.report", """{"name":"export"}""", new InsertOptions { Queue = "reports" },
            new ScheduleOptions { Misfire = MisfirePolicy.Skip });
        var page = await fixture.NewPageAsync();
        await page.GotoAsync(fixture.Url + "/schedules");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Schedules");
        var row = page.Locator($"tr[data-schedule='{id}']");
        foreach (var text in new[] { "runtime", "dash.report", "reports", "0 3 * * *", "skip", "active" })
        {
            await Expect(row).ToContainTextAsync(text);
        }
        var stored = (await Client.GetScheduleAsync(id))!;
        await Expect(row.Locator("td:nth-child(6) time")).ToHaveAttributeAsync("datetime", stored.NextRunAt!.Value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture));
        // The client's code-declared periodic job is stored at start: owner code, its args built by its constructor.
        var code = page.Locator("tr[data-schedule='reports.nightly']");
        await Expect(code).ToContainTextAsync("code");
        await Expect(code).ToContainTextAsync("@every 6h");
        await Expect(code).ToContainTextAsync("built in code");
        await Expect(page.Locator("tr[data-schedule='invoices.monthly']")).ToContainTextAsync("run all (up to 3)");
        await Expect(page.Locator("tr[data-schedule='cache.warm'] .badge.s-retryable")).ToHaveTextAsync("paused");
        await Screenshots.SaveAsync(page, "schedules");

        await row.Locator("button[value=pause]").ClickAsync();
        await Expect(page.Locator(".alert.ok")).ToContainTextAsync($"Paused schedule '{id}'");
        Assert.True((await Client.GetScheduleAsync(id))!.Paused);
        await Expect(row).ToContainTextAsync("paused");

        await row.Locator("button[value=resume]").ClickAsync();
        await Expect(page.Locator(".alert.ok")).ToContainTextAsync($"Resumed schedule '{id}'");
        Assert.False((await Client.GetScheduleAsync(id))!.Paused);

        await row.Locator("button[value=trigger]").ClickAsync();
        await Expect(page.Locator(".alert.ok")).ToContainTextAsync("Asked for a run");
        // Either the trigger still waits for the leader's pass, or the leader has served it and enqueued the run.
        var triggered = (await Client.GetScheduleAsync(id))!;
        Assert.True(triggered.TriggerPendingAt is not null || triggered.LastJobId is not null, "the trigger reached neither the row nor a job");

        await row.Locator("button[value=delete]").ClickAsync();
        await Expect(page.Locator(".alert.ok")).ToContainTextAsync($"Deleted schedule '{id}'");
        Assert.Null(await Client.GetScheduleAsync(id));
        await Expect(row).ToHaveCountAsync(0);

        // An action on a schedule that is gone says so instead of failing.
        var token = page.Locator("#schedule-table form input[type=hidden]").First;
        var response = await page.APIRequest.PostAsync(fixture.Url + "/schedules/action", new()
        {
            Form = Form(page, (await token.GetAttributeAsync("name"))!, (await token.GetAttributeAsync("value"))!, "action", "pause", "id", id, "return", "/river/schedules"),
            MaxRedirects = 0,
        });
        Assert.Equal(302, response.Status);
        Assert.Contains(Uri.EscapeDataString($"No schedule has id '{id}' any more."), response.Headers["location"], StringComparison.Ordinal);
        Assert.Empty(fixture.ScriptErrors);
    }

    [Fact]
    public async Task Schedules_page_pages_by_id()
    {
        await ExecAsync("""
            INSERT INTO river_typed_schedule (id, owner, schedule, kind, args, queue, paused)
            SELECT 'zz_page_' || lpad(g::text, 3, '0'), 'runtime', '@every 1h', 'dash.report', '{}', 'reports', true FROM generate_series(1, 120) AS g
            """);
        try
        {
            var page = await fixture.NewPageAsync();
            await page.GotoAsync(fixture.Url + "/schedules");
            await Expect(page.Locator("#schedule-table tbody tr")).ToHaveCountAsync(Pages.SchedulesPage.PageSize);
            await Expect(page.Locator("tr[data-schedule='zz_page_120']")).ToHaveCountAsync(0);
            var first = await page.Locator("#schedule-table tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.schedule)");
            await page.ClickAsync("a:has-text('Next page')");
            await Expect(page.Locator("tr[data-schedule='zz_page_120']")).ToBeVisibleAsync();
            await Expect(page.Locator("a:has-text('Next page')")).ToHaveCountAsync(0);
            var second = await page.Locator("#schedule-table tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.schedule)");
            var stored = (await Client.ListSchedulesAsync(1_000)).Select(r => r.Id).ToArray();
            Assert.Equal(stored, first.Concat(second).ToArray());
        }
        finally
        {
            await ExecAsync("DELETE FROM river_typed_schedule WHERE id LIKE 'zz\\_page\\_%'");
        }
    }

    [Fact]
    public async Task Read_only_mode_hides_every_action_and_refuses_posts()
    {
        var id = await ParkedJobAsync("discarded");
        var page = await fixture.NewPageAsync();
        await page.GotoAsync(fixture.ReadOnlyUrl + "/jobs/" + id);
        await Expect(page.Locator(".pill.readonly")).ToBeVisibleAsync();
        await Expect(page.Locator("button[value=retry]")).ToHaveCountAsync(0);
        await page.GotoAsync(fixture.ReadOnlyUrl + "/jobs");
        await Expect(page.Locator("[data-filter-action]")).ToHaveCountAsync(0);
        await page.GotoAsync(fixture.ReadOnlyUrl + "/queues");
        await Expect(page.Locator("button[value=pause]")).ToHaveCountAsync(0);
        await page.GotoAsync(fixture.ReadOnlyUrl + "/schedules");
        await Expect(page.Locator("tr[data-schedule='digest.weekly']")).ToBeVisibleAsync();
        await Expect(page.Locator("#schedule-table button, #schedule-table form")).ToHaveCountAsync(0);

        var response = await page.APIRequest.PostAsync(fixture.ReadOnlyUrl + "/jobs/action", new() { Form = Form(page, "action", "retry", "id", id.ToString()) });
        Assert.Equal(403, response.Status);
        Assert.Contains("read-only", await response.TextAsync(), StringComparison.Ordinal);
        Assert.Equal(JobState.Discarded, await StateAsync(id));
        var schedule = await page.APIRequest.PostAsync(fixture.ReadOnlyUrl + "/schedules/action", new() { Form = Form(page, "action", "pause", "id", "digest.weekly") });
        Assert.Equal(403, schedule.Status);
        Assert.False((await Client.GetScheduleAsync("digest.weekly"))!.Paused);
    }

    [Fact]
    public async Task Posts_without_an_antiforgery_token_are_refused()
    {
        var id = await ParkedJobAsync("discarded");
        var page = await fixture.NewPageAsync();
        var response = await page.APIRequest.PostAsync(fixture.Url + "/jobs/action", new() { Form = Form(page, "action", "retry", "id", id.ToString()) });
        Assert.Equal(400, response.Status);
        Assert.Contains("antiforgery", await response.TextAsync(), StringComparison.Ordinal);
        Assert.Equal(JobState.Discarded, await StateAsync(id));
    }

    [Fact]
    public async Task Unauthorized_callers_are_refused()
    {
        var page = await fixture.NewPageAsync();
        // Behind a policy nobody passes: the app's authorization answers.
        var secured = await page.APIRequest.GetAsync(fixture.SecuredUrl + "/");
        Assert.Equal(401, secured.Status);
        // Without a policy, outside Development, a non-loopback caller is refused and told how to open it.
        Assert.True(fixture.RemoteUrl is not null, "the machine has no non-loopback IPv4 address to call the dashboard from");
        var remote = await page.GotoAsync(fixture.RemoteUrl + "/");
        Assert.Equal(403, remote!.Status);
        await Expect(page.Locator("body")).ToContainTextAsync("RequireAuthorization");
        // A proxied request (X-Forwarded-For) counts as remote too.
        var proxied = await page.APIRequest.GetAsync(fixture.Url + "/", new() { Headers = new Dictionary<string, string> { ["X-Forwarded-For"] = "203.0.113.9" } });
        Assert.Equal(403, proxied.Status);
        // A loopback caller is served.
        Assert.Equal(200, (await page.GotoAsync(fixture.Url + "/"))!.Status);
    }

    [Fact]
    public async Task Hostile_content_in_every_field_is_shown_as_text_and_never_runs()
    {
        await using var cmd = fixture.Database.DataSource.CreateCommand("""
            INSERT INTO river_job (state, attempt, max_attempts, attempted_at, finalized_at, args, kind, queue, tags, errors, attempted_by, metadata, unique_key, unique_states)
            VALUES ('discarded', 1, 1, now(), now(), jsonb_build_object($1::text, $1::text), $1, $1, ARRAY[$1]::varchar(255)[],
                    ARRAY[jsonb_build_object('at', now(), 'attempt', 1, 'error', $1::text, 'trace', $1::text)],
                    ARRAY[$1], jsonb_build_object($1::text, $1::text, 'output', $1::text), '\x00ff', B'11111111')
            RETURNING id
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = Hostile });
        var id = (long)(await cmd.ExecuteScalarAsync())!;
        await ExecAsync("INSERT INTO river_queue (name, created_at, updated_at) VALUES ($1, now(), now()) ON CONFLICT DO NOTHING", Hostile);
        // A client and a schedule whose every text is hostile, stored as another writer could (the API's rules refuse
        // most of these strings). The schedule is owned by code no client declares, so no leader enqueues it.
        await ExecAsync("""
            INSERT INTO river_typed_client (id, instance, host, pid, version, ttl, queues, heartbeat_seq)
            VALUES ($1, gen_random_uuid(), $1, 1, $1, interval '1 day', jsonb_build_array(jsonb_build_object('name', $1::text, 'max_workers', 3)), 1)
            ON CONFLICT DO NOTHING
            """, Hostile);
        await ExecAsync("""
            INSERT INTO river_typed_schedule (id, owner, schedule, time_zone, kind, args, queue, tags, next_run_at, last_run_at, last_job_id)
            VALUES ($1, 'code', $1, $1, $1, jsonb_build_object($1::text, $1::text), $1, ARRAY[$1]::varchar(255)[], now() + interval '1 day', now(), 1)
            ON CONFLICT DO NOTHING
            """, Hostile);
        try
        {
            await HostilePagesAsync(id);
        }
        finally
        {
            await ExecAsync("DELETE FROM river_typed_client WHERE id = $1", Hostile);
            await ExecAsync("DELETE FROM river_typed_schedule WHERE id = $1", Hostile);
        }
    }

    private async Task HostilePagesAsync(long id)
    {
        var page = await fixture.NewPageAsync();
        foreach (var path in new[]
        {
            "/", "/jobs", "/jobs?kind=" + Uri.EscapeDataString(Hostile), "/jobs/" + id, "/queues", "/jobs?notice=" + Uri.EscapeDataString(Hostile),
            "/clients", "/schedules", "/jobs?state=running&client=" + Uri.EscapeDataString(Hostile), "/schedules?after=" + Uri.EscapeDataString(Hostile),
        })
        {
            await page.GotoAsync(fixture.Url + path);
            Assert.Null(await page.EvaluateAsync<int?>("window.__pwned ?? null"));
            Assert.Equal(0, await page.Locator("img").CountAsync());
        }
        await page.GotoAsync(fixture.Url + "/jobs/" + id);
        await Expect(page.Locator("h1")).ToContainTextAsync("<script>window.__pwned=1;");
        await Expect(page.Locator("pre.error")).ToContainTextAsync("onerror=\"window.__pwned=2\"");
        Assert.Empty(fixture.Alerts);
        await page.GotoAsync(fixture.Url + "/queues");
        await Expect(page.Locator("#queue-table")).ToContainTextAsync("<img src=x");
        await page.GotoAsync(fixture.Url + "/clients");
        var client = page.Locator("#client-table tbody tr").Filter(new() { HasText = "window.__pwned=1" });
        await Expect(client.Locator("code")).ToHaveTextAsync(Hostile);
        await Expect(client.Locator(".tag")).ToContainTextAsync(Hostile);
        await page.GotoAsync(fixture.Url + "/");
        await Expect(page.Locator("#live-clients")).ToContainTextAsync("<img src=x");
        await page.GotoAsync(fixture.Url + "/schedules");
        var schedule = page.Locator("#schedule-table tbody tr").Filter(new() { HasText = "window.__pwned=1" });
        await Expect(schedule.Locator("td").First).ToHaveTextAsync(Hostile);
        await Expect(schedule.Locator("code")).ToHaveTextAsync(Hostile);
        Assert.Equal(Hostile, await schedule.GetAttributeAsync("data-schedule"));
        // An action on it: the API refuses the id, and the notice that says so is escaped too.
        await schedule.Locator("button[value=pause]").ClickAsync();
        await Expect(page.Locator(".alert.ok")).ToContainTextAsync("Schedule id");
        Assert.Null(await page.EvaluateAsync<int?>("window.__pwned ?? null"));
        Assert.Equal(0, await page.Locator("img").CountAsync());
        Assert.Empty(fixture.Alerts);
        Assert.Empty(fixture.ScriptErrors);
    }

    [Fact]
    public async Task The_page_never_shows_the_connection_string_or_password()
    {
        var page = await fixture.NewPageAsync();
        var connection = new NpgsqlConnectionStringBuilder(fixture.Database.ConnectionString);
        foreach (var path in new[] { "/", "/jobs", "/queues", "/clients", "/schedules" })
        {
            await page.GotoAsync(fixture.Url + path);
            var html = await page.ContentAsync();
            Assert.DoesNotContain(fixture.Database.ConnectionString, html, StringComparison.Ordinal);
            if (!string.IsNullOrEmpty(connection.Password))
            {
                Assert.DoesNotContain("Password=", html, StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotContain(connection.Password, html, StringComparison.Ordinal);
            }
        }
    }

    private static IFormData Form(IPage page, params string[] pairs)
    {
        var form = page.APIRequest.CreateFormData();
        for (var i = 0; i < pairs.Length; i += 2)
        {
            form.Append(pairs[i], pairs[i + 1]);
        }
        return form;
    }
}
