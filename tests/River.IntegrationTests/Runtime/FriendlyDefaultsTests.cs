using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Npgsql;
using River.Logging;
using River.Testing;

namespace River.IntegrationTests.Runtime;

/// <summary>Issue 21's friendlier defaults and messages: start warnings, cancellations, stop waits, a disposed data source, default logging.</summary>
public sealed class FriendlyDefaultsTests : RuntimeTestBase
{
    /// <summary>Keeps log entries and completes a wait when an entry with a given event id arrives.</summary>
    private sealed class SignalLogs : ILoggerFactory, ILogger
    {
        private readonly ConcurrentQueue<(LogLevel Level, int Id, string Message)> _entries = new();
        private readonly ConcurrentDictionary<int, TaskCompletionSource<string>> _waits = new();

        public IReadOnlyList<(LogLevel Level, int Id, string Message)> Entries => [.. _entries];

        public Task<string> WaitFor(int eventId) => Wait(eventId).Task.WaitAsync(TimeSpan.FromSeconds(30));

        private TaskCompletionSource<string> Wait(int eventId)
            => _waits.GetOrAdd(eventId, _ => new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously));

        public ILogger CreateLogger(string categoryName) => this;
        public void AddProvider(ILoggerProvider provider) { }
        public void Dispose() { }
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var message = formatter(state, exception);
            _entries.Enqueue((logLevel, eventId.Id, message));
            Wait(eventId.Id).TrySetResult(message);
        }
    }

    private static RiverClientOptions Options(Action<RiverClientOptions> configure)
    {
        var options = new RiverClientOptions();
        configure(options);
        return options;
    }

    [Fact]
    public void Start_warnings_name_the_queue_and_worker_mismatches_and_their_fix()
    {
        Assert.Empty(StartupChecks.Collect(Options(o => o.Workers.Add(Defs.Noop, _ => new CountingWorker(1)))));

        var noWorkers = Assert.Single(StartupChecks.Collect(Options(o => o.Queues.Add("default", 1))));
        Assert.Contains("no registered workers", noWorkers, StringComparison.Ordinal);
        Assert.Contains("AddRiverJobsFromThisAssembly()", noWorkers, StringComparison.Ordinal);

        var warnings = StartupChecks.Collect(Options(o =>
        {
            o.Queues.Add("default", 1);
            o.Workers.Add(Defs.OtherQueue, _ => throw new InvalidOperationException("not called"));
            o.Workers.Add(Defs.Noop, _ => new CountingWorker(1));
            o.Workers.AddJob(Defs.Script);
        }));
        Assert.Equal(2, warnings.Count);
        Assert.Contains(warnings, w => w.Contains("'test.other_queue'", StringComparison.Ordinal) && w.Contains("options.Queues.Add(\"other\"", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.Contains("'test.script'", StringComparison.Ordinal) && w.Contains("no worker for it is registered", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_client_logs_start_warnings()
    {
        var logs = new SignalLogs();
        var client = NewClient(o => { o.Queues.Add("default", 1); o.LoggerFactory = logs; });
        await client.StartAsync();
        Assert.Contains("no registered workers", await logs.WaitFor(41), StringComparison.Ordinal);
        Assert.Equal(LogLevel.Warning, Assert.Single(logs.Entries, e => e.Id == 41).Level);
    }

    [Fact]
    public async Task A_job_cancelled_on_request_logs_cancelled_at_information_not_a_failure()
    {
        var logs = new SignalLogs();
        var worker = new ScriptWorker();
        var client = NewClient(o => { o.Queues.Add("default", 1); o.Workers.Add(Defs.Script, _ => worker); o.LoggerFactory = logs; });
        await client.StartAsync();
        var job = await client.InsertAsync(new ScriptArgs("hang"));
        await worker.Started.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await client.CancelJobAsync(job.Job.Id);

        Assert.Contains("cancelled", await logs.WaitFor(40), StringComparison.Ordinal);
        Assert.Equal(LogLevel.Information, Assert.Single(logs.Entries, e => e.Id == 40).Level);
        Assert.DoesNotContain(logs.Entries, e => e.Id == 8); // "failed on attempt"
    }

    [Fact]
    public async Task A_graceful_stop_logs_its_real_timeout_and_how_many_jobs_it_waits_for()
    {
        var logs = new SignalLogs();
        var worker = new ScriptWorker();
        var client = NewClient(o => { o.Queues.Add("default", 2); o.Workers.Add(Defs.Script, _ => worker); o.LoggerFactory = logs; });
        await client.StartAsync();
        await client.InsertAsync(new ScriptArgs("block"));
        await worker.Started.Task.WaitAsync(TimeSpan.FromSeconds(30));

        var stop = client.StopAsync(TimeSpan.FromSeconds(30));
        Assert.Equal("Stopping: waiting up to 30 s for 1 running jobs, then they are cancelled", await logs.WaitFor(42));
        worker.Release.TrySetResult();
        await stop;
        Assert.DoesNotContain(logs.Entries, e => e.Id == 9); // finished in time: nothing was cancelled
    }

    [Fact]
    public async Task The_hosted_stop_names_the_host_shutdown_timeout()
    {
        var logs = new SignalLogs();
        var worker = new ScriptWorker();
        var client = NewClient(o => { o.Queues.Add("default", 2); o.Workers.Add(Defs.Script, _ => worker); o.LoggerFactory = logs; });
        var hosted = new RiverHostedService(client);
        await hosted.StartAsync(CancellationToken.None);
        await client.InsertAsync(new ScriptArgs("block"));
        await worker.Started.Task.WaitAsync(TimeSpan.FromSeconds(30));

        using var shutdown = new CancellationTokenSource();
        var stop = hosted.StopAsync(shutdown.Token);
        var message = await logs.WaitFor(44);
        Assert.Contains("waiting for 1 running jobs", message, StringComparison.Ordinal);
        Assert.Contains("HostOptions.ShutdownTimeout", message, StringComparison.Ordinal);
        worker.Release.TrySetResult();
        await stop;
    }

    [Fact]
    public async Task A_stop_timeout_cancels_the_jobs_still_running_when_it_runs_out()
    {
        var logs = new SignalLogs();
        var worker = new ScriptWorker();
        var client = NewClient(o => { o.Queues.Add("default", 2); o.Workers.Add(Defs.Script, _ => worker); o.LoggerFactory = logs; });
        await client.StartAsync();
        await client.InsertAsync(new ScriptArgs("hang"));
        await worker.Started.Task.WaitAsync(TimeSpan.FromSeconds(30));

        await client.StopAsync(TimeSpan.FromMilliseconds(200)).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(await worker.ObservedCancellation.Task.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Contains("200 ms", Assert.Single(logs.Entries, e => e.Id == 42).Message, StringComparison.Ordinal);
        Assert.Contains(logs.Entries, e => e.Id == 9); // "Stopping: cancelling 1 running jobs"
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => client.StopAsync(TimeSpan.Zero));
    }

    [Theory]
    [InlineData(30_000, "30 s")]
    [InlineData(1_500, "1.5 s")]
    [InlineData(250, "250 ms")]
    [InlineData(120_000, "2 min")]
    [InlineData(90_000, "90 s")]
    public void Stop_timeouts_read_as_people_write_them(int milliseconds, string expected) =>
        Assert.Equal(expected, StopTimeoutText.Format(TimeSpan.FromMilliseconds(milliseconds)));

    [Fact]
    public async Task A_disposed_data_source_stops_the_producer_for_good_and_says_so()
    {
        var logs = new SignalLogs();
        var dataSource = NpgsqlDataSource.Create(ConnectionString);
        var options = new RiverClientOptions
        {
            DataSource = dataSource,
            LoggerFactory = logs,
            FetchPollInterval = TimeSpan.FromMilliseconds(50),
        };
        // Configured before the client is built: the client validates its options and builds its services then.
        options.Queues.Add("default", 1);
        options.Workers.Add(Defs.Noop, _ => new CountingWorker(1));
        await using var client = new RiverClient(options);
        await client.StartAsync();
        await dataSource.DisposeAsync();

        var message = await logs.WaitFor(43);
        Assert.Contains("the producer of queue default stops for good", message, StringComparison.Ordinal);
        Assert.Contains("Stop the client (StopAsync) before disposing its data source", message, StringComparison.Ordinal);
        Assert.DoesNotContain(logs.Entries, e => e.Id == 3 && e.Message.Contains("queue default", StringComparison.Ordinal)); // no retry loop
        await client.StopAndCancelAsync();
    }

    [Fact]
    public void Without_a_logger_factory_warnings_and_errors_go_to_standard_error()
    {
        var client = NewClient();
        Assert.IsType<StandardErrorLogger>(client.Logger);

        var output = new StringWriter();
        var logger = new StandardErrorLogger.Factory(output).CreateLogger("River");
        logger.LogInformation("not written");
        logger.LogWarning("written");
        logger.LogError(new InvalidOperationException("boom"), "also written");
        var text = output.ToString();
        Assert.DoesNotContain("not written", text, StringComparison.Ordinal);
        Assert.Contains("warning River: written", text, StringComparison.Ordinal);
        Assert.Contains("error River: also written", text, StringComparison.Ordinal);
        Assert.Contains("boom", text, StringComparison.Ordinal);
    }
}
