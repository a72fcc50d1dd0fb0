using BenchmarkDotNet.Attributes;
using River;
using River.Uniqueness;

namespace River.Benchmarks.Uniqueness;

/// <summary>Building a unique key (canonical args + SHA-256): by args, by args + period + queue, by marked paths.</summary>
[MemoryDiagnoser]
public class UniqueKeyBenchmarks
{
    private static readonly byte[] Args = """{"to":"a@example.com","subject":"hi","account_id":42,"meta":{"tenant":"t1","region":"eu"}}"""u8.ToArray();
    private static readonly DateTimeOffset At = new(2024, 5, 17, 13, 47, 12, TimeSpan.Zero);
    private static readonly UniqueOptions ByArgs = new() { ByArgs = true };
    private static readonly UniqueOptions ByEverything = new() { ByArgs = true, ByPeriod = TimeSpan.FromHours(1), ByQueue = true };
    private static readonly UniqueOptions ByPaths = new() { ByArgs = true, ArgPaths = ["account_id", "meta.tenant"] };

    [Benchmark(Baseline = true)]
    public byte[] Kind_and_args() => UniqueKeyBuilder.Compute("email.send", Args, ByArgs, "mail", null, TimeProvider.System);

    [Benchmark]
    public byte[] Args_period_queue() => UniqueKeyBuilder.Compute("email.send", Args, ByEverything, "mail", At, TimeProvider.System);

    [Benchmark]
    public byte[] Marked_paths() => UniqueKeyBuilder.Compute("email.send", Args, ByPaths, "mail", null, TimeProvider.System);
}
