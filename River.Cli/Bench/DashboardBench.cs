using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using River.Cli.Commands;

namespace River.Cli.Bench;

/// <summary>
/// <c>river bench-dashboard</c>: fills <c>river_job</c> with N jobs of a realistic mix (mostly finalized, some
/// waiting, running and failed) and line typed with many clients and schedules, then times every dashboard page and
/// action served by Kestrel on 127.0.0.1:
/// server time from the <c>Server-Timing</c> header (pages) and wall time of the request (all).
/// </summary>
internal sealed partial class DashboardBench(BenchDatabase db, TextWriter output)
{
    /// <summary>Rows inserted per statement while seeding: 1,000,000 (progress after each).</summary>
    public const int SeedChunk = 1_000_000;

    /// <summary>Appended to a page's path in the list below: request it as the page's script does on a live refresh.</summary>
    private const string LiveMarker = "#live";

    /// <summary>Seeds: a mix of states with their times set as River would, 20 kinds, 5 queues, tags and metadata.</summary>
    private const string SeedSql = """
        INSERT INTO river_job (state, attempt, max_attempts, attempted_at, created_at, finalized_at, scheduled_at, priority,
                               args, kind, metadata, queue, tags, errors, attempted_by)
        SELECT st, CASE WHEN st IN ('available', 'scheduled') THEN 0 ELSE 1 END, 25,
               CASE WHEN st IN ('available', 'scheduled') THEN NULL ELSE at END,
               at - interval '1 second',
               CASE WHEN st IN ('completed', 'discarded', 'cancelled') THEN at + interval '50 milliseconds' END,
               CASE WHEN st = 'scheduled' THEN now() + interval '1 hour' ELSE at - interval '1 second' END,
               1 + (g % 4), jsonb_build_object('n', g, 'account_id', g % 10000),
               'bench.kind' || (g % 20), jsonb_build_object('tenant', 't' || (g % 50)), 'queue' || (g % 5),
               ARRAY['tag' || (g % 7)]::varchar(255)[],
               CASE WHEN st IN ('discarded', 'retryable') THEN ARRAY[jsonb_build_object('at', at, 'attempt', 1, 'error', 'boom', 'trace', '')] END,
               CASE WHEN st IN ('available', 'scheduled') THEN NULL ELSE ARRAY['bench-client'] END
        FROM (
            SELECT g,
                   now() - ((@total - g) * @spread / @total) * interval '1 second' AS at,
                   (CASE WHEN g % 1000 < 900 THEN 'completed' WHEN g % 1000 < 930 THEN 'discarded' WHEN g % 1000 < 950 THEN 'cancelled'
                         WHEN g % 1000 < 980 THEN 'available' WHEN g % 1000 < 990 THEN 'scheduled' WHEN g % 1000 < 995 THEN 'retryable'
                         ELSE 'running' END)::river_job_state AS st
            FROM generate_series(@from, @to) AS g
        ) AS s
        """;

    public async Task SeedAsync(long rows, CancellationToken cancellationToken)
    {
        await db.ResetAsync(cancellationToken).ConfigureAwait(false);
        var watch = Stopwatch.StartNew();
        for (long from = 1; from <= rows; from += SeedChunk)
        {
            var to = Math.Min(rows, from + SeedChunk - 1);
            await using var cmd = db.DataSource.CreateCommand(SeedSql);
            cmd.CommandTimeout = 0;
            cmd.Parameters.Add(new NpgsqlParameter<long>("from", from));
            cmd.Parameters.Add(new NpgsqlParameter<long>("to", to));
            cmd.Parameters.Add(new NpgsqlParameter<long>("total", rows));
            // The rows' times spread over 7 days, the newest now: the last hour holds 1/168 of them.
            cmd.Parameters.Add(new NpgsqlParameter<double>("spread", 7 * 24 * 3600.0));
            await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  seeded {to:N0} / {rows:N0} jobs ({watch.Elapsed.TotalSeconds:0} s)"));
        }
        await db.VacuumAsync(cancellationToken).ConfigureAwait(false);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  vacuumed and analyzed ({watch.Elapsed.TotalSeconds:0} s)"));
    }

    /// <summary>The prefix of the ids of the clients and schedules the bench seeds (it replaces its own rows only).</summary>
    public const string FleetPrefix = "bench-dash-";

    /// <summary>
    /// Seeds the registry and the schedules of line typed: <paramref name="clients"/> registered clients (one in ten
    /// declared dead, three queues each) with the running jobs spread over them, and <paramref name="schedules"/> durable
    /// schedules (cron and interval, some paused, code and run-time owners). Replaces the rows of an earlier run.
    /// </summary>
    public async Task SeedFleetAsync(int clients, int schedules, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        await using var batch = db.DataSource.CreateBatch();
        batch.BatchCommands.Add(new NpgsqlBatchCommand("DELETE FROM river_typed_client WHERE starts_with(id, @prefix)") { Parameters = { new NpgsqlParameter<string>("prefix", FleetPrefix) } });
        batch.BatchCommands.Add(new NpgsqlBatchCommand("DELETE FROM river_typed_schedule WHERE starts_with(id, @prefix)") { Parameters = { new NpgsqlParameter<string>("prefix", ScheduleIdPrefix) } });
        batch.BatchCommands.Add(new NpgsqlBatchCommand("""
            INSERT INTO river_typed_client (id, instance, host, pid, version, started_at, heartbeat_at, heartbeat_seq, ttl, queues, running_count, dead_at)
            SELECT @prefix || 'client-' || lpad(g::text, 5, '0'), gen_random_uuid(), 'host-' || (g % 97), 1000 + g, '1.0.' || (g % 3),
                   now() - (g % 500) * interval '1 minute', now() - (g % 5) * interval '1 second', 1, interval '1 day',
                   jsonb_build_array(jsonb_build_object('name', 'queue' || (g % 5), 'max_workers', 10),
                                     jsonb_build_object('name', 'queue' || ((g + 1) % 5), 'max_workers', 20),
                                     jsonb_build_object('name', 'queue' || ((g + 2) % 5), 'max_workers', 5)),
                   g % 30, CASE WHEN g % 10 = 0 THEN now() - interval '5 minutes' END
            FROM generate_series(1, @clients) AS g
            """) { Parameters = { new NpgsqlParameter<string>("prefix", FleetPrefix), new NpgsqlParameter<int>("clients", clients) } });
        batch.BatchCommands.Add(new NpgsqlBatchCommand("""
            INSERT INTO river_typed_schedule (id, owner, schedule, kind, args, queue, misfire_policy, paused, next_run_at, last_run_at, last_job_id)
            SELECT @prefix || lpad(g::text, 6, '0'), CASE WHEN g % 4 = 0 THEN 'code' ELSE 'runtime' END,
                   CASE WHEN g % 2 = 0 THEN '@every ' || (1 + g % 59) || 'm' ELSE (g % 60) || ' ' || (g % 24) || ' * * *' END,
                   CASE WHEN g % 4 = 0 THEN NULL ELSE 'bench.kind' || (g % 20) END, CASE WHEN g % 4 = 0 THEN NULL ELSE jsonb_build_object('n', g) END,
                   'queue' || (g % 5), (ARRAY['run_once', 'run_all', 'skip'])[1 + g % 3], g % 7 = 0,
                   now() + (g % 1440) * interval '1 minute', now() - (g % 1440) * interval '1 minute', g
            FROM generate_series(1, @schedules) AS g
            """) { Parameters = { new NpgsqlParameter<string>("prefix", ScheduleIdPrefix), new NpgsqlParameter<int>("schedules", schedules) } });
        // The running jobs' latest attempts spread over the seeded clients (the clients page counts them per client).
        batch.BatchCommands.Add(new NpgsqlBatchCommand("""
            UPDATE river_job SET attempted_by = ARRAY[@prefix || 'client-' || lpad((1 + id % @clients)::text, 5, '0')] WHERE state = 'running'
            """) { Parameters = { new NpgsqlParameter<string>("prefix", FleetPrefix), new NpgsqlParameter<int>("clients", clients) } });
        batch.BatchCommands.Add(new NpgsqlBatchCommand("ANALYZE river_typed_client, river_typed_schedule"));
        await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  seeded {clients:N0} clients and {schedules:N0} schedules ({watch.Elapsed.TotalSeconds:0.0} s)"));
    }

    /// <summary>The prefix of the ids of the workflows the bench seeds (and of its sequence keys).</summary>
    public const string FlowPrefix = "bench_dash_wf_";

    /// <summary>
    /// Seeds flow control and workflows of line typed: four limits (a queue's concurrency, a queue's rate, a kind's
    /// concurrency per partition, a kind's concurrency), one sequence key per 50 waiting jobs (500 keys), and
    /// <paramref name="workflows"/> diamond workflows of four tasks (two in three finished, one in ten of those failed:
    /// its first task discarded and the others cancelled; the rest part way: completed, running, available, pending),
    /// created a minute apart. Replaces the rows of an earlier run.
    /// </summary>
    public async Task SeedFlowAsync(int workflows, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var prefix = new NpgsqlParameter<string>("prefix", FlowPrefix);
        await using var batch = db.DataSource.CreateBatch();
        batch.BatchCommands.Add(new NpgsqlBatchCommand("""
            DELETE FROM river_typed_workflow_edge WHERE job_id IN (SELECT job_id FROM river_typed_workflow_task WHERE starts_with(workflow_id, @prefix))
            """) { Parameters = { prefix.Clone() } });
        batch.BatchCommands.Add(new NpgsqlBatchCommand("DELETE FROM river_typed_workflow WHERE starts_with(id, @prefix)") { Parameters = { prefix.Clone() } });
        batch.BatchCommands.Add(new NpgsqlBatchCommand("""
            DELETE FROM river_job WHERE metadata ? 'workflow_id' AND starts_with(metadata ->> 'workflow_id', @prefix)
            """) { Parameters = { prefix.Clone() } });
        batch.BatchCommands.Add(new NpgsqlBatchCommand("DELETE FROM river_typed_flow_limit WHERE id IN ('queue:queue1', 'queue:queue2', 'kind:bench.kind3', 'kind:bench.kind4')"));
        batch.BatchCommands.Add(new NpgsqlBatchCommand("""
            INSERT INTO river_typed_flow_limit (id, queue, kind, partition_by, max_running, rate_count, rate_period, rate_burst, source)
            VALUES ('queue:queue1', 'queue1', NULL, NULL, 10, NULL, NULL, NULL, 'code'),
                   ('queue:queue2', 'queue2', NULL, NULL, NULL, 100, interval '1 minute', 10, 'runtime'),
                   ('kind:bench.kind3', NULL, 'bench.kind3', ARRAY['account_id'], 2, NULL, NULL, NULL, 'code'),
                   ('kind:bench.kind4', NULL, 'bench.kind4', NULL, 5, NULL, NULL, NULL, 'runtime')
            """));
        batch.BatchCommands.Add(new NpgsqlBatchCommand("""
            UPDATE river_job SET metadata = metadata || jsonb_build_object('river:sequence', @prefix || 'seq_' || (id / 50 % 500))
            WHERE state = 'available' AND id % 50 = 0
            """) { Parameters = { prefix.Clone() } });
        batch.BatchCommands.Add(new NpgsqlBatchCommand("""
            WITH w AS (
                INSERT INTO river_typed_workflow (id, name, task_count, created_at, finished_at)
                SELECT @prefix || lpad(g::text, 6, '0'), 'bench-flow-' || (g % 10), 4, now() - (@n - g) * interval '1 minute',
                       CASE WHEN g % 3 <> 0 THEN now() - (@n - g) * interval '1 minute' + interval '30 seconds' END
                FROM generate_series(1, @n) AS g
                RETURNING id, right(id, 6)::int AS g, finished_at
            ),
            j AS (
                INSERT INTO river_job (state, attempt, attempted_at, finalized_at, args, kind, queue, metadata)
                SELECT s.state::river_job_state, CASE WHEN s.state IN ('available', 'pending') THEN 0 ELSE 1 END,
                       CASE WHEN s.state IN ('available', 'pending') THEN NULL ELSE now() END,
                       CASE WHEN s.state IN ('completed', 'discarded', 'cancelled') THEN now() END,
                       jsonb_build_object('n', w.g, 'task', t), 'bench.kind' || t, 'queue' || t,
                       jsonb_build_object('workflow_id', w.id, 'task', 'task' || t,
                                          'deps', CASE t WHEN 1 THEN '[]'::jsonb WHEN 4 THEN '["task2","task3"]'::jsonb ELSE '["task1"]'::jsonb END)
                FROM w CROSS JOIN generate_series(1, 4) AS t
                CROSS JOIN LATERAL (SELECT CASE
                    WHEN w.finished_at IS NOT NULL AND w.g % 10 = 1 THEN CASE WHEN t = 1 THEN 'discarded' ELSE 'cancelled' END
                    WHEN w.finished_at IS NOT NULL THEN 'completed'
                    ELSE (ARRAY['completed', 'running', 'available', 'pending'])[t] END AS state) AS s
                RETURNING id, metadata
            )
            INSERT INTO river_typed_workflow_task (job_id, workflow_id, name)
            SELECT id, metadata ->> 'workflow_id', metadata ->> 'task' FROM j
            """) { Parameters = { prefix.Clone(), new NpgsqlParameter<int>("n", workflows) } });
        batch.BatchCommands.Add(new NpgsqlBatchCommand("""
            INSERT INTO river_typed_workflow_edge (dep_job_id, job_id, satisfied)
            SELECT d.job_id, t.job_id, dj.state = 'completed'
            FROM river_typed_workflow_task t
            JOIN river_typed_workflow_task d ON d.workflow_id = t.workflow_id
                 AND ((t.name IN ('task2', 'task3') AND d.name = 'task1') OR (t.name = 'task4' AND d.name IN ('task2', 'task3')))
            JOIN river_job dj ON dj.id = d.job_id
            WHERE starts_with(t.workflow_id, @prefix)
            """) { Parameters = { prefix.Clone() } });
        batch.BatchCommands.Add(new NpgsqlBatchCommand("ANALYZE river_typed_flow_limit, river_typed_workflow, river_typed_workflow_task, river_typed_workflow_edge"));
        await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  seeded 4 flow limits, sequence keys on 1 in 50 waiting jobs (up to 500 keys) and {workflows:N0} workflows ({watch.Elapsed.TotalSeconds:0.0} s)"));
    }

    /// <summary>The prefix of the seeded schedules' ids (a schedule id follows the kind pattern: no '-' first, so '_').</summary>
    private const string ScheduleIdPrefix = "bench_dash_";

    /// <summary>Times each page <paramref name="iterations"/> times after warm-up; prints one line per page and returns the worst median (ms).</summary>
    public async Task<double> MeasureAsync(int iterations, int clients, int schedules, int workflows, CancellationToken cancellationToken)
    {
        var options = new RiverClientOptions { DataSource = db.DataSource };
        await using var client = new RiverClient(options);
        await using var app = DashboardCommand.Build(client, 0, readOnly: false);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        using var http = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = new Uri(address) };

        long someId, failedId;
        await using (var cmd = db.DataSource.CreateCommand("SELECT max(id) / 2, (SELECT id FROM river_job WHERE state = 'discarded' LIMIT 1) FROM river_job"))
        await using (var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            someId = reader.IsDBNull(0) ? 1 : reader.GetInt64(0);
            failedId = reader.IsDBNull(1) ? someId : reader.GetInt64(1);
        }
        var second = await NextCursorAsync(http, "/jobs", cancellationToken).ConfigureAwait(false);
        var workflowsSecond = await NextCursorAsync(http, "/workflows", cancellationToken).ConfigureAwait(false);
        var someWorkflow = FlowPrefix + Math.Max(1, workflows / 2).ToString("000000", CultureInfo.InvariantCulture);
        var pages = new (string Name, string Path)[]
        {
            ("overview", "/"),
            ("overview live refresh", "/" + LiveMarker),
            ("jobs (newest)", "/jobs"),
            ("jobs page 2", "/jobs?after=" + Uri.EscapeDataString(second)),
            ("jobs state=available", "/jobs?state=available"),
            ("jobs state=discarded", "/jobs?state=discarded"),
            ("jobs kind", "/jobs?kind=bench.kind7"),
            ("jobs queue+priority", "/jobs?queue=queue3&priority=2"),
            ("jobs tag", "/jobs?tag=tag5"),
            ("jobs args contains", "/jobs?args=" + Uri.EscapeDataString("{\"account_id\":1234}")),
            ("jobs metadata contains", "/jobs?metadata=" + Uri.EscapeDataString("{\"tenant\":\"t7\"}")),
            ("jobs created range", "/jobs?from=" + Uri.EscapeDataString(DateTime.UtcNow.AddDays(-3).ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture))
                + "&to=" + Uri.EscapeDataString(DateTime.UtcNow.AddDays(-2).ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture))),
            ("jobs by finalized", "/jobs?order=finalized"),
            ("jobs by scheduled asc", "/jobs?order=scheduled&dir=asc"),
            ("jobs created order", "/jobs?order=created"),
            ("jobs scheduled, next first", "/jobs?state=scheduled&order=scheduled&dir=asc"),
            ("job detail", "/jobs/" + someId.ToString(CultureInfo.InvariantCulture)),
            ("queues", "/queues"),
            ("clients", "/clients"),
            ("jobs running on a client", "/jobs?state=running&client=" + Uri.EscapeDataString(FleetPrefix + "client-" + Math.Min(7, clients).ToString("00000", CultureInfo.InvariantCulture))),
            ("schedules", "/schedules"),
            ("schedules, middle page", "/schedules?after=" + Uri.EscapeDataString(ScheduleIdPrefix + (schedules / 2).ToString("000000", CultureInfo.InvariantCulture))),
            ("limits", "/limits"),
            ("limits, one sequence", "/limits?key=" + Uri.EscapeDataString(FlowPrefix + "seq_7")),
            ("workflows", "/workflows"),
            ("workflows page 2", "/workflows?after=" + Uri.EscapeDataString(workflowsSecond)),
            ("workflows state=failed", "/workflows?state=failed"),
            ("workflow (graph)", "/workflow?id=" + Uri.EscapeDataString(someWorkflow)),
        };
        output.WriteLine($"  {"page",-26} {"server median",14} {"server max",11} {"wall median",12}");
        var worst = 0.0;
        foreach (var (name, path) in pages)
        {
            var server = new List<double>();
            var wall = new List<double>();
            for (var i = 0; i < iterations + 2; i++)
            {
                var watch = Stopwatch.StartNew();
                using var request = new HttpRequestMessage(HttpMethod.Get, path.Replace(LiveMarker, "", StringComparison.Ordinal));
                if (path.EndsWith(LiveMarker, StringComparison.Ordinal))
                {
                    // A live refresh of an open page: it shares the page's last read within the refresh interval.
                    request.Headers.Add(River.Dashboard.Pages.PageRequest.LiveHeader, "1");
                }
                using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
                await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
                if (!response.IsSuccessStatusCode)
                {
                    throw new CliException($"bench-dashboard: GET {path} answered {(int)response.StatusCode}.", ExitCodes.ValidationFailed);
                }
                if (i < 2)
                {
                    continue; // warm-up: prepared plans, JIT
                }
                wall.Add(watch.Elapsed.TotalMilliseconds);
                server.Add(ServerTime(response));
            }
            var median = Median(server);
            worst = Math.Max(worst, median);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {name,-26} {median,11:0.0} ms {server.Max(),8:0.0} ms {Median(wall),9:0.0} ms"));
        }
        // Actions (wall time: they answer with a redirect).
        var token = await TokenAsync(http, cancellationToken).ConfigureAwait(false);
        var retry = new List<double>();
        for (var i = 0; i < iterations; i++)
        {
            retry.Add(await PostAsync(http, "/jobs/action", [new("action", "retry"), new("id", failedId.ToString(CultureInfo.InvariantCulture)), token, new("return", "/jobs")], cancellationToken).ConfigureAwait(false));
        }
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {"action retry one job",-26} {"",14} {"",11} {Median(retry),9:0.0} ms"));
        // Schedule actions on one seeded schedule: pause then resume (each a redirect), and a trigger (no leader runs here: it stays pending).
        var schedule = ScheduleIdPrefix + Math.Max(1, schedules / 3).ToString("000000", CultureInfo.InvariantCulture);
        var pauseResume = new List<double>();
        var trigger = new List<double>();
        for (var i = 0; i < iterations; i++)
        {
            pauseResume.Add(await PostAsync(http, "/schedules/action", [new("action", i % 2 == 0 ? "pause" : "resume"), new("id", schedule), token, new("return", "/schedules")], cancellationToken).ConfigureAwait(false));
            trigger.Add(await PostAsync(http, "/schedules/action", [new("action", "trigger"), new("id", schedule), token, new("return", "/schedules")], cancellationToken).ConfigureAwait(false));
        }
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {"action pause/resume sched.",-26} {"",14} {"",11} {Median(pauseResume),9:0.0} ms"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {"action trigger schedule",-26} {"",14} {"",11} {Median(trigger),9:0.0} ms"));
        // Flow and workflow actions: set a queue's limit (the same value each time), retry a failed workflow's tasks (the
        // first retries its three failed tasks, the next ones find none), cancel a running workflow (one per iteration).
        var setLimit = new List<double>();
        var retryWorkflow = new List<double>();
        var cancelWorkflow = new List<double>();
        for (var i = 0; i < iterations; i++)
        {
            setLimit.Add(await PostAsync(http, "/limits/action", [new("action", "set"), new("scope", "queue:queue1"), new("max_running", "10"), token, new("return", "/limits")], cancellationToken).ConfigureAwait(false));
            retryWorkflow.Add(await PostAsync(http, "/workflows/action", [new("action", "retry"), new("id", FlowPrefix + "000001"), token, new("return", "/workflows")], cancellationToken).ConfigureAwait(false));
            var running = FlowPrefix + Math.Max(3, 3 * ((workflows / 3) - i)).ToString("000000", CultureInfo.InvariantCulture);
            cancelWorkflow.Add(await PostAsync(http, "/workflows/action", [new("action", "cancel"), new("id", running), token, new("return", "/workflows")], cancellationToken).ConfigureAwait(false));
        }
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {"action set limit",-26} {"",14} {"",11} {Median(setLimit),9:0.0} ms"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {"action retry workflow",-26} {"",14} {"",11} {Median(retryWorkflow),9:0.0} ms"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {"action cancel workflow",-26} {"",14} {"",11} {Median(cancelWorkflow),9:0.0} ms"));
        // Consecutive steps of one "cancel all scheduled", each continuing where the last stopped, as the page runs them.
        var step = new List<double>();
        var after = "";
        for (var i = 0; i < Math.Min(iterations, 5); i++)
        {
            var (elapsed, body) = await PostForBodyAsync(http, "/jobs/filter-action", [new("action", "cancel"), new("state", "scheduled"), new("after", after), token], cancellationToken).ConfigureAwait(false);
            step.Add(elapsed);
            after = NextField().Match(body) is { Success: true } next ? next.Groups[1].Value : "";
        }
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {"action cancel-all step",-26} {"",14} {"",11} {Median(step),9:0.0} ms  (one step: up to {River.Dashboard.RiverDashboardOptions.DefaultBatchSize} jobs or {River.Dashboard.Actions.JobActions.StepTimeBudget.TotalMilliseconds:0} ms)"));
        await app.StopAsync(CancellationToken.None).ConfigureAwait(false);
        return worst;
    }

    /// <summary>The cursor of the Next page link of <paramref name="path"/> (empty when it has none).</summary>
    private static async Task<string> NextCursorAsync(HttpClient http, string path, CancellationToken cancellationToken)
    {
        var page = await http.GetStringAsync(path, cancellationToken).ConfigureAwait(false);
        var match = CursorLink().Match(page);
        return match.Success ? WebUtility.HtmlDecode(Uri.UnescapeDataString(WebUtility.HtmlDecode(match.Groups[1].Value))) : "";
    }

    private static async Task<KeyValuePair<string, string>> TokenAsync(HttpClient http, CancellationToken cancellationToken)
    {
        var page = await http.GetStringAsync("/jobs", cancellationToken).ConfigureAwait(false);
        var match = TokenField().Match(page);
        if (!match.Success)
        {
            throw new CliException("bench-dashboard: the jobs page carries no antiforgery field.", ExitCodes.ValidationFailed);
        }
        return new(WebUtility.HtmlDecode(match.Groups[1].Value), WebUtility.HtmlDecode(match.Groups[2].Value));
    }

    private static async Task<double> PostAsync(HttpClient http, string path, KeyValuePair<string, string>[] fields, CancellationToken cancellationToken) =>
        (await PostForBodyAsync(http, path, fields, cancellationToken).ConfigureAwait(false)).Elapsed;

    private static async Task<(double Elapsed, string Body)> PostForBodyAsync(HttpClient http, string path, KeyValuePair<string, string>[] fields, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        using var response = await http.PostAsync(path, new FormUrlEncodedContent(fields), cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if ((int)response.StatusCode >= 400)
        {
            throw new CliException($"bench-dashboard: POST {path} answered {(int)response.StatusCode}.", ExitCodes.ValidationFailed);
        }
        return (watch.Elapsed.TotalMilliseconds, body);
    }

    private static double ServerTime(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Server-Timing", out var values) && values.FirstOrDefault() is { } value && value.StartsWith("app;dur=", StringComparison.Ordinal)
            ? double.Parse(value["app;dur=".Length..], CultureInfo.InvariantCulture)
            : double.NaN;

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? double.NaN : sorted[sorted.Count / 2];
    }

    [GeneratedRegex("\"next\":\"([^\"]+)\"")]
    private static partial Regex NextField();

    [GeneratedRegex("href=\"[^\"]*after=([^\"&]+)\"")]
    private static partial Regex CursorLink();

    [GeneratedRegex("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]+)\">")]
    private static partial Regex TokenField();
}
