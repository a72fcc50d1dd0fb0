using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Playwright;
using River.Testing;

namespace River.Dashboard.Tests;

/// <summary>
/// One database, one started client (queues default, mail, blocking; a periodic job), two more registered clients
/// (one declared dead), three run-time schedules, and three apps serving the
/// dashboard: the full one (also reachable on a non-loopback address), a read-only one and one behind an
/// authorization policy nobody passes. One Chromium for all tests.
/// </summary>
public sealed class DashboardFixture : IAsyncLifetime
{
    /// <summary>Debian's Chromium (scripts/prerequisites.sh installs it); Playwright's own download needs the internet.</summary>
    public const string ChromiumPath = "/usr/bin/chromium";

    private readonly List<WebApplication> _apps = [];
    private IPlaywright? _playwright;

    public TestDatabase Database { get; private set; } = null!;
    public RiverClient Client { get; private set; } = null!;
    public BlockWorker Blocker { get; } = new();
    public IBrowser Browser { get; private set; } = null!;
    public string Url { get; private set; } = "";
    public string ReadOnlyUrl { get; private set; } = "";
    public string SecuredUrl { get; private set; } = "";

    /// <summary>A full app whose live refreshes share their reads for an hour (so a test sees the sharing without timing).</summary>
    public string SharedUrl { get; private set; } = "";

    /// <summary>The full app at a non-loopback address of this machine, or null when it has none.</summary>
    public string? RemoteUrl { get; private set; }

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"The browser tests need Debian's Chromium at {ChromiumPath}: run ./test.sh (it installs it) or apt-get install -y chromium.");
        }
        Database = await TestDatabases.CreateAsync();
        var options = new RiverClientOptions { DataSource = Database.DataSource, FetchPollInterval = TimeSpan.FromMilliseconds(200) };
        options.Queues.Add("default", maxWorkers: 2);
        options.Queues.Add("mail", maxWorkers: 2);
        options.Queues.Add("blocking", maxWorkers: 2);
        options.Workers.Add(Blocker);
        options.PeriodicJobs.Add(PeriodicJob.Create("reports.nightly", new IntervalSchedule(TimeSpan.FromHours(6)), _ => new ReportArgs("nightly")));
        Client = new RiverClient(options);
        await SeedAsync();
        await Client.StartAsync();

        var main = await StartAsync(IPAddress.Any, readOnly: false, secured: false);
        Url = main.Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal).Replace("[::]", "127.0.0.1", StringComparison.Ordinal);
        if (NonLoopbackAddress() is { } address)
        {
            RemoteUrl = new UriBuilder(Url) { Host = address.ToString() }.Uri.ToString().TrimEnd('/');
        }
        ReadOnlyUrl = await StartAsync(IPAddress.Loopback, readOnly: true, secured: false);
        SecuredUrl = await StartAsync(IPAddress.Loopback, readOnly: false, secured: true);
        SharedUrl = await StartAsync(IPAddress.Loopback, readOnly: false, secured: false, refresh: TimeSpan.FromHours(1));

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        });
    }

    /// <summary>
    /// A realistic hour of history for the pages and their screenshots, tagged <c>demo</c>: completed and failed jobs
    /// spread over the last hour, some waiting in queues no producer of this client works, some scheduled.
    /// </summary>
    private async Task SeedAsync()
    {
        await using var cmd = Database.DataSource.CreateCommand("""
            INSERT INTO river_job (state, attempt, max_attempts, attempted_at, created_at, finalized_at, scheduled_at, priority, args, kind, queue, tags, errors, attempted_by, metadata)
            SELECT st, CASE WHEN st IN ('available', 'scheduled') THEN 0 ELSE 1 + (g % 3) END, 25,
                   CASE WHEN st IN ('available', 'scheduled') THEN NULL ELSE at END, at - interval '2 seconds',
                   CASE WHEN st IN ('completed', 'discarded', 'cancelled') THEN at + interval '40 milliseconds' END,
                   CASE WHEN st = 'scheduled' THEN now() + (1 + g % 90) * interval '1 minute' ELSE at - interval '1 second' END,
                   1 + (g % 3), jsonb_build_object('account_id', 1000 + g % 37, 'attempt_note', 'demo ' || g),
                   (ARRAY['email.send', 'invoice.generate', 'image.resize', 'webhook.deliver', 'report.daily'])[1 + g % 5],
                   CASE WHEN st IN ('available', 'retryable', 'scheduled') THEN (ARRAY['webhooks', 'reports'])[1 + g % 2] ELSE (ARRAY['default', 'mail', 'webhooks'])[1 + g % 3] END,
                   ARRAY['demo', (ARRAY['billing', 'growth', 'ops'])[1 + g % 3]]::varchar(255)[],
                   CASE WHEN st IN ('discarded', 'retryable') THEN ARRAY[jsonb_build_object('at', at, 'attempt', 1, 'error', 'webhook endpoint answered 503 Service Unavailable', 'trace', '   at Webhooks.DeliverWorker.WorkAsync()')] END,
                   CASE WHEN st IN ('available', 'scheduled') THEN NULL ELSE ARRAY['web-1_2026_01_31T09_00_00_000000'] END,
                   jsonb_build_object('tenant', (ARRAY['acme', 'globex', 'initech'])[1 + g % 3])
            FROM (
                SELECT g, now() - (g * 11 % 3540) * interval '1 second' AS at,
                       (CASE WHEN g % 40 < 31 THEN 'completed' WHEN g % 40 < 33 THEN 'discarded' WHEN g % 40 < 34 THEN 'cancelled'
                             WHEN g % 40 < 36 THEN 'available' WHEN g % 40 < 37 THEN 'retryable' ELSE 'scheduled' END)::river_job_state AS st
                FROM generate_series(1, 600) AS g
            ) AS s
            """);
        await cmd.ExecuteNonQueryAsync();

        // Two more clients in the registry (line typed): a live web process with a day's TTL (the leader's watch leaves
        // it alone for the tests' length) and a worker the leader declared dead three minutes ago.
        await using (var clients = Database.DataSource.CreateCommand("""
            INSERT INTO river_typed_client (id, instance, host, pid, version, started_at, heartbeat_at, heartbeat_seq, ttl, queues, running_count, dead_at)
            VALUES (@web, gen_random_uuid(), 'web-1', 4127, '1.4.0', now() - interval '3 hours', now(), 1, interval '1 day',
                    '[{"name":"mail","max_workers":20},{"name":"webhooks","max_workers":50}]', 0, NULL),
                   (@worker, gen_random_uuid(), 'worker-7', 911, '1.3.2', now() - interval '2 days', now() - interval '4 minutes', 1, interval '15 seconds',
                    '[{"name":"reports","max_workers":10}]', 0, now() - interval '3 minutes')
            """))
        {
            clients.Parameters.Add(new Npgsql.NpgsqlParameter<string>("web", SeededLiveClient));
            clients.Parameters.Add(new Npgsql.NpgsqlParameter<string>("worker", SeededDeadClient));
            await clients.ExecuteNonQueryAsync();
        }

        // Run-time schedules (stored with their args) beside the client's code-declared one; none is due during the tests.
        await Client.AddScheduleAsync("invoices.monthly", "0 6 1 * *", "invoice.generate", """{"period":"previous_month"}""",
            new InsertOptions { Queue = "reports", Tags = ["billing"] }, new ScheduleOptions { Misfire = MisfirePolicy.RunAll, MaxMisfireRuns = 3 });
        await Client.AddScheduleAsync("cache.warm", "@every 15m", "cache.warm", "{}", new InsertOptions { Queue = "reports" }, new ScheduleOptions { Paused = true });
        await Client.AddScheduleAsync("digest.weekly", "0 8 * * 1", "email.digest", """{"audience":"all"}""", new InsertOptions { Queue = "reports" },
            new ScheduleOptions { Misfire = MisfirePolicy.Skip });
    }

    /// <summary>A live client of the registry seeded beside the started one (the seeded jobs' <c>attempted_by</c>).</summary>
    public const string SeededLiveClient = "web-1_2026_01_31T09_00_00_000000";

    /// <summary>A client of the registry seeded as declared dead.</summary>
    public const string SeededDeadClient = "worker-7_2026_01_31T08_12_40_000000";

    private async Task<string> StartAsync(IPAddress address, bool readOnly, bool secured, TimeSpan? refresh = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = Environments.Production });
        builder.WebHost.UseKestrel(k => k.Listen(address, 0));
        builder.Logging.ClearProviders();
        builder.Services.AddRiverDashboard();
        if (secured)
        {
            builder.Services.AddAuthentication("never").AddScheme<AuthenticationSchemeOptions, NeverAuthenticated>("never", null);
            builder.Services.AddAuthorization(o => o.AddPolicy("river-admins", p => p.RequireAuthenticatedUser().RequireRole("river-admin")));
        }
        var app = builder.Build();
        if (secured)
        {
            app.UseAuthentication();
            app.UseAuthorization();
        }
        var endpoints = app.MapRiverDashboard("/river", o =>
        {
            o.Client = Client;
            o.ReadOnly = readOnly;
            o.RefreshInterval = refresh ?? TimeSpan.FromMilliseconds(500);
        });
        if (secured)
        {
            endpoints.RequireAuthorization("river-admins");
        }
        await app.StartAsync();
        _apps.Add(app);
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return bound.Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal) + "/river";
    }

    private static IPAddress? NonLoopbackAddress() => NetworkInterface.GetAllNetworkInterfaces()
        .Where(n => n.OperationalStatus == OperationalStatus.Up && n.NetworkInterfaceType != NetworkInterfaceType.Loopback)
        .SelectMany(n => n.GetIPProperties().UnicastAddresses)
        .Select(a => a.Address)
        .FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a));

    /// <summary>A fresh page that fails the test's assertions if any dialog other than a confirmation opens (an injected alert()).</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1360, Height = 900 } });
        var page = await context.NewPageAsync();
        page.Console += (_, message) =>
        {
            // A refused request (the tests make some on purpose) logs "Failed to load resource"; that is no script error.
            if (message.Type == "error" && !message.Text.StartsWith("Failed to load resource", StringComparison.Ordinal))
            {
                ScriptErrors.Add(message.Text);
            }
        };
        page.PageError += (_, error) => ScriptErrors.Add(error);
        page.Dialog += async (_, dialog) =>
        {
            if (dialog.Type == DialogType.Confirm)
            {
                await dialog.AcceptAsync();
            }
            else
            {
                Alerts.Add(dialog.Message);
                await dialog.DismissAsync();
            }
        };
        return page;
    }

    /// <summary>Messages of alert/prompt dialogs any page opened (an injected script would open one).</summary>
    public List<string> Alerts { get; } = [];

    /// <summary>Script errors and console errors of any page.</summary>
    public List<string> ScriptErrors { get; } = [];

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }
        _playwright?.Dispose();
        foreach (var app in _apps)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
        if (Client is not null)
        {
            await Client.StopAndCancelAsync(CancellationToken.None);
            await Client.DisposeAsync();
        }
        if (Database is not null)
        {
            await Database.DisposeAsync();
        }
    }

    /// <summary>An authentication scheme that never authenticates anyone.</summary>
    private sealed class NeverAuthenticated(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        protected override Task<AuthenticateResult> HandleAuthenticateAsync() => Task.FromResult(AuthenticateResult.NoResult());
    }
}
