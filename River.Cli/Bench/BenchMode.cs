namespace River.Cli.Bench;

/// <summary>What <c>river bench</c> measures.</summary>
internal enum BenchMode
{
    /// <summary>Insert N jobs in bulk, then work them until none is left.</summary>
    BurnDown,
    /// <summary>Keep a backlog topped up for a duration and report the sustained work rate.</summary>
    Continuous,
    /// <summary>Insert single jobs at a fixed rate and measure commit → work start / completed.</summary>
    Latency,
}
