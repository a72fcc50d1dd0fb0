using BenchmarkDotNet.Attributes;
using River;
using River.Execution;

namespace River.Benchmarks.Execution;

/// <summary>The completer's batch builder: 1,000 outcomes into parameter arrays (all plain completions, or a 10 % mix of retries).</summary>
[MemoryDiagnoser]
public class CompletionBatchBenchmarks
{
    private readonly List<JobCompletion> _plain = [];
    private readonly List<JobCompletion> _mixed = [];

    [GlobalSetup]
    public void Setup()
    {
        var now = DateTimeOffset.UtcNow;
        for (var i = 0; i < 1_000; i++)
        {
            var done = new JobCompletion(i, JobState.Completed, now, null, null, false, null);
            _plain.Add(done);
            _mixed.Add(i % 10 == 0
                ? new JobCompletion(i, JobState.Retryable, null, now.AddSeconds(16), """{"at":"2024-05-17T13:47:12Z","attempt":1,"error":"boom","trace":""}""", false, null)
                : done);
        }
    }

    [Benchmark(Baseline = true)]
    public object Plain_1000() => CompletionBatch.Build(_plain);

    [Benchmark]
    public object Mixed_1000() => CompletionBatch.Build(_mixed);
}
