using River.IntegrationTests.Runtime;

namespace River.IntegrationTests.Reliability;

/// <summary>The test side of River.TestWorker's <c>reliability.record</c> kind (same JSON: sleep_ms, fail_attempts).</summary>
public sealed record RecordArgs(int SleepMs, int FailAttempts);

internal static class RecordDefs
{
    public static readonly JobDefinition<RecordArgs> Record = TestDefinitions.Create<RecordArgs>(ReliabilityTables.Kind);
}
