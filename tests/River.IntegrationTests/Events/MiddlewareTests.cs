// Test workers of hand-defined args (no [JobArgs]) are registered by hand.
#pragma warning disable RIVER0018
using System.Collections.Concurrent;
using River.IntegrationTests.Runtime;

namespace River.IntegrationTests.Events;

public sealed class MiddlewareTests : RuntimeTestBase
{
    private sealed class Recorder
    {
        public ConcurrentQueue<string> Steps { get; } = new();
    }

    private sealed class NamedMiddleware(string name, Recorder recorder) : IWorkerMiddleware
    {
        public async Task WorkAsync(JobRow job, Func<CancellationToken, Task> next, CancellationToken cancellationToken)
        {
            recorder.Steps.Enqueue(name + ">");
            await next(cancellationToken);
            recorder.Steps.Enqueue("<" + name);
        }
    }

    private sealed class NamedHook(string name, Recorder recorder) : IWorkBeginHook, IWorkEndHook, IInsertBeginHook
    {
        public ValueTask OnInsertBeginAsync(JobInsertRequest job, CancellationToken cancellationToken)
        {
            recorder.Steps.Enqueue("insert:" + name);
            return ValueTask.CompletedTask;
        }

        public ValueTask OnWorkBeginAsync(JobRow job, CancellationToken cancellationToken)
        {
            recorder.Steps.Enqueue("begin:" + name);
            return ValueTask.CompletedTask;
        }

        public ValueTask OnWorkEndAsync(JobRow job, Exception? error, CancellationToken cancellationToken)
        {
            recorder.Steps.Enqueue("end:" + name + (error is null ? "" : ":" + error.GetType().Name));
            return ValueTask.CompletedTask;
        }
    }

    private sealed class RecordingWorker(Recorder recorder) : Worker<ScriptArgs>
    {
        public override IReadOnlyList<IWorkerMiddleware> Middleware => [new NamedMiddleware("own", recorder)];
        public override IReadOnlyList<IRiverHook> Hooks => [new NamedHook("own", recorder)];

        public override Task WorkAsync(Job<ScriptArgs> job, CancellationToken cancellationToken)
        {
            recorder.Steps.Enqueue("work:" + job.Args.Action);
            return job.Args.Action == "fail" ? throw new InvalidOperationException("no") : Task.CompletedTask;
        }
    }

    [Fact]
    public async Task Hooks_and_middleware_run_in_the_documented_order()
    {
        var recorder = new Recorder();
        var client = NewClient(o =>
        {
            o.Queues.Add("default", 1);
            o.Workers.Add(Defs.Script, _ => new RecordingWorker(recorder));
            o.WorkerMiddleware.Add(new NamedMiddleware("a", recorder));
            o.WorkerMiddleware.Add(new NamedMiddleware("b", recorder));
            o.Hooks.Add(new NamedHook("global", recorder));
        });
        await client.StartAsync();
        var written = WaitForOutcomesAsync(client, 1);
        await client.InsertAsync(new ScriptArgs("ok"));
        await written;
        Assert.Equal(
            ["insert:global", "begin:global", "begin:own", "a>", "b>", "own>", "work:ok", "<own", "<b", "<a", "end:global", "end:own"],
            recorder.Steps.ToArray());

        recorder.Steps.Clear();
        written = WaitForOutcomesAsync(client, 1);
        var failed = (await client.InsertAsync(new ScriptArgs("fail"))).Job.Id;
        await written;
        Assert.Equal(
            ["insert:global", "begin:global", "begin:own", "a>", "b>", "own>", "work:fail", "end:global:InvalidOperationException", "end:own:InvalidOperationException"],
            recorder.Steps.ToArray());
        Assert.Single((await GetAsync(client, failed)).Errors);
    }

    private sealed class SkipMalformed : IWorkerMiddleware
    {
        public Task WorkAsync(JobRow job, Func<CancellationToken, Task> next, CancellationToken cancellationToken)
            => System.Text.Encoding.UTF8.GetString(job.EncodedArgs.Span).Contains("legacy", StringComparison.Ordinal)
                ? Task.CompletedTask // seen before the args are read: the legacy shape never reaches the decoder
                : next(cancellationToken);
    }

    [Fact]
    public async Task Middleware_sees_the_raw_row_before_args_are_read()
    {
        var client = NewClient(o =>
        {
            o.Queues.Add("default", 2);
            o.Workers.Add(Defs.Script, _ => new ScriptWorker());
            o.WorkerMiddleware.Add(new SkipMalformed());
        });
        await client.StartAsync();
        var written = WaitForOutcomesAsync(client, 1);
        await using (var cmd = DataSource.CreateCommand("INSERT INTO river_job (kind, args) VALUES ('test.script', '{\"legacy\": true}')"))
        {
            await cmd.ExecuteNonQueryAsync();
        }
        await written;
        Assert.Equal(1, await CountAsync("state = 'completed'"));
    }

    private sealed class TagEverything : IInsertMiddleware
    {
        public Task<IReadOnlyList<InsertResult>> InsertManyAsync(IReadOnlyList<JobInsertRequest> jobs,
            Func<IReadOnlyList<JobInsertRequest>, CancellationToken, Task<IReadOnlyList<InsertResult>>> next, CancellationToken cancellationToken)
            => next(jobs.Select(j => j.WithOptions((j.Options ?? new InsertOptions()) with { Metadata = "{\"tenant\":\"acme\"}" })).ToList(), cancellationToken);
    }

    private sealed class RefuseKind : IInsertBeginHook
    {
        public ValueTask OnInsertBeginAsync(JobInsertRequest job, CancellationToken cancellationToken)
            => job.Definition.Kind == "test.noop" ? throw new InvalidOperationException("noop jobs are refused here") : ValueTask.CompletedTask;
    }

    [Fact]
    public async Task Insert_middleware_changes_the_batch_and_insert_hooks_can_refuse_it()
    {
        var client = NewClient(o =>
        {
            o.InsertMiddleware.Add(new TagEverything());
            o.Hooks.Add(new RefuseKind());
        });
        var result = await client.InsertAsync(new ScriptArgs("ok"));
        Assert.Equal("{\"tenant\": \"acme\"}", result.Job.Metadata);
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => client.InsertManyAsync([JobInsertRequest.Create(new ScriptArgs("ok")), JobInsertRequest.Create(new NoopArgs(1))]));
        Assert.Contains("refused", refused.Message, StringComparison.Ordinal);
        Assert.Equal(1, await CountAsync());
    }
}
