using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using River.Maintenance;
using River.Testing;

namespace River.IntegrationTests.Reliability;

/// <summary>
/// A worker process runs with a role that has only SELECT/INSERT/UPDATE/DELETE on the tables and USAGE on the
/// sequences (the schema was migrated by the superuser). Its password never shows in logs or exception messages.
/// The throwaway server authenticates with <c>trust</c>, so the password is not checked, only carried.
/// </summary>
public sealed class LeastPrivilegeTests : ProcessTestBase
{
    private readonly string _role = "river_app_" + Convert.ToHexString(RandomNumberGenerator.GetBytes(4)).ToLowerInvariant();
    private readonly string _password = "pw" + Convert.ToHexString(RandomNumberGenerator.GetBytes(12));

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        // Identifiers and password are generated hex (DDL takes no parameters); nothing user-supplied here.
        await using var cmd = DataSource.CreateCommand($"""
            CREATE ROLE {_role} LOGIN PASSWORD '{_password}';
            GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {_role};
            GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO {_role};
            """);
        await cmd.ExecuteNonQueryAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await using var admin = NpgsqlDataSource.Create(await TestDatabases.GetServerConnectionStringAsync());
        await using var cmd = admin.CreateCommand($"DROP ROLE IF EXISTS {_role}");
        await cmd.ExecuteNonQueryAsync();
    }

    private string RoleConnectionString(string? database = null) => new NpgsqlConnectionStringBuilder(Database.ConnectionString)
    {
        Username = _role,
        Password = _password,
        Database = database ?? Database.Name,
    }.ConnectionString;

    [Fact]
    public async Task A_dml_only_role_inserts_works_retries_and_leads()
    {
        _ = RecordDefs.Record;
        await using var roleSource = NpgsqlDataSource.Create(RoleConnectionString());
        // The role really is limited: no DDL.
        var ddl = await Assert.ThrowsAsync<PostgresException>(async () =>
        {
            await using var cmd = roleSource.CreateCommand("CREATE TABLE river_sneaky (id int)");
            await cmd.ExecuteNonQueryAsync();
        });
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, ddl.SqlState);

        var worker = Track(await WorkerProcess.StartedAsync(RoleConnectionString(), "rtw-dml",
            "--queues", "dml:10", "--poll-ms", "200", "--status-ms", "200", "--leader-interval-ms", "300", "--leader-ttl-ms", "1500",
            "--rescuer-interval-ms", "300", "--scheduler-interval-ms", "300", "--rescue-after-ms", "60000"));
        // Inserts through a client on the restricted role: one by one, in bulk and by COPY; a third fail once.
        await using var client = new RiverClient(new RiverClientOptions { DataSource = roleSource });
        for (var i = 0; i < 10; i++)
        {
            await client.InsertAsync(new RecordArgs(0, i % 3 == 0 ? 1 : 0), new InsertOptions { Queue = "dml" });
        }
        await client.InsertManyAsync(Enumerable.Range(0, 20).Select(i => JobInsertRequest.Create(new RecordArgs(0, i % 3 == 0 ? 1 : 0), new InsertOptions { Queue = "dml" })));
        await client.InsertManyFastAsync(Enumerable.Range(0, 20).Select(i => JobInsertRequest.Create(new RecordArgs(0, 0), new InsertOptions { Queue = "dml" })));

        await ReliabilityTables.WaitForCountAsync(DataSource, "SELECT count(*) FROM river_job WHERE state = 'completed'", 50, TimeSpan.FromSeconds(90), Outputs);
        // i % 3 == 0 fails once: 4 of the first 10, 7 of the next 20.
        Assert.Equal(11, await ReliabilityTables.CountAsync(DataSource, "SELECT count(*) FROM river_job WHERE attempt = 2 AND cardinality(errors) = 1"));
        // It led (leader row written by the restricted role) and ran the maintenance services without errors.
        await worker.WaitForLineAsync(l => l.StartsWith("@@ status leader=1", StringComparison.Ordinal) || l.StartsWith("@@ leader-term", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        worker.Terminate();
        Assert.Equal(0, await worker.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Empty(worker.ErrorLines);
        Assert.DoesNotContain(worker.Lines, l => l.Contains(_password, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_dml_only_leader_warns_once_that_it_may_not_reindex_and_keeps_maintaining()
    {
        await using var roleSource = NpgsqlDataSource.Create(RoleConnectionString());
        var logs = new LogCapture();
        using var loggerFactory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Debug).AddProvider(logs));
        await using var client = new RiverClient(new RiverClientOptions
        {
            DataSource = roleSource,
            LoggerFactory = loggerFactory,
            PollOnly = true,
            Maintenance = { StartJitter = TimeSpan.Zero },
        });
        var reindexer = client.Maintenance.Get<Reindexer>()!;
        var cleaner = client.Maintenance.Get<JobCleaner>()!;
        var scheduler = client.Maintenance.Get<JobScheduler>()!;
        await client.StartAsync();
        await reindexer.Started.WaitAsync(TimeSpan.FromSeconds(30)); // the restricted role leads

        // Two forced runs (the schedule says midnight): refused, nothing thrown, one warning.
        Assert.Equal(0, await reindexer.RunOnceAsync());
        Assert.Equal(0, await reindexer.RunOnceAsync());
        var warnings = logs.Entries.Where(e => e.Level >= LogLevel.Warning).ToList();
        var warning = Assert.Single(warnings);
        Assert.Equal(116, warning.Id.Id);
        foreach (var expected in new[] { "42501", "must be owner of index river_job_", "REINDEX needs ownership", "MAINTAIN", "Maintenance.ReindexerEnabled = false" })
        {
            Assert.Contains(expected, warning.Message, StringComparison.Ordinal);
        }
        Assert.Single(logs.Entries, e => e.Id.Id == 117); // the second refusal, at debug level

        // The leader carries on: still leading, its other services running and working.
        Assert.True(client.IsLeader);
        Assert.True(scheduler.IsRunning && cleaner.IsRunning && reindexer.IsRunning);
        await using (var old = DataSource.CreateCommand("INSERT INTO river_job (args, kind, state, finalized_at) VALUES ('{}', 'test.old', 'completed', now() - interval '2 days')"))
        {
            await old.ExecuteNonQueryAsync();
        }
        await cleaner.RunOnceAsync(); // (its own loop may have got there first)
        Assert.Equal(0, await ReliabilityTables.CountAsync(DataSource, "SELECT count(*) FROM river_job WHERE kind = 'test.old'"));

        // On its schedule: a refused run is followed by the next scheduled time (a day later), not a retry loop.
        var clock = new FakeTimeProvider(new DateTimeOffset(DateTime.UtcNow.Date, TimeSpan.Zero).AddDays(1).AddSeconds(-30));
        await using var scheduled = new RiverClient(new RiverClientOptions
        {
            DataSource = roleSource, LoggerFactory = loggerFactory, TimeProvider = clock, Maintenance = { StartJitter = TimeSpan.Zero },
        });
        await scheduled.Context.Fence.AdoptCurrentTermForTestsAsync(scheduled.Context.DataSource, scheduled.Context.Sql); // driven by hand, as the leader
        var scheduledReindexer = scheduled.Maintenance.Get<Reindexer>()!;
        scheduledReindexer.SleepStarted.Init();
        scheduledReindexer.RunFinished.Init();
        await scheduledReindexer.StartAsync();
        Assert.Equal(TimeSpan.FromSeconds(30), await scheduledReindexer.SleepStarted.WaitAsync());
        clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(TimeSpan.FromDays(1), await scheduledReindexer.SleepStarted.WaitAsync());
        await scheduledReindexer.StopAsync();
        Assert.Equal(0, await scheduledReindexer.RunFinished.WaitAsync());
        Assert.False(scheduledReindexer.RunFinished.TryTake(out _));
        Assert.False(scheduledReindexer.SleepStarted.TryTake(out _));
        Assert.Equal(2, logs.Entries.Count(e => e.Id.Id == 116)); // once per client
        Assert.DoesNotContain(logs.Entries, e => e.Level >= LogLevel.Error);
    }

    [Fact]
    public async Task The_password_never_appears_in_exception_messages_or_logs()
    {
        var messages = new List<string>();
        // A database that does not exist.
        await using (var missing = NpgsqlDataSource.Create(RoleConnectionString("river_no_such_database")))
        {
            var e = await Assert.ThrowsAnyAsync<Exception>(() => new RiverClient(new RiverClientOptions { DataSource = missing }).StartAsync());
            messages.Add(e.ToString());
        }
        // A database without River's schema.
        await using (var unmigrated = NpgsqlDataSource.Create(RoleConnectionString("postgres")))
        {
            var e = await Assert.ThrowsAnyAsync<Exception>(() => new RiverClient(new RiverClientOptions { DataSource = unmigrated }).StartAsync());
            messages.Add(e.ToString());
        }
        // A malformed URL that carries the password.
        messages.Add(Assert.Throws<FormatException>(() => River.DatabaseUrl.ToConnectionString($"postgres://{_role}:{_password}@127.0.0.1:notaport/db")).ToString());
        // A worker process pointed at a missing database exits with an error that does not show it either.
        var worker = Track(await WorkerProcess.StartAsync(
            $"postgres://{_role}:{_password}@127.0.0.1:{new NpgsqlConnectionStringBuilder(Database.ConnectionString).Port}/river_no_such_database", "rtw-nodb"));
        Assert.NotEqual(0, await worker.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        messages.Add(worker.Output());

        Assert.All(messages, m => Assert.DoesNotContain(_password, m, StringComparison.Ordinal));
        Assert.Contains(messages, m => m.Contains("river_no_such_database", StringComparison.Ordinal));
    }
}
