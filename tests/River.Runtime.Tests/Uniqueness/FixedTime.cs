namespace River.Runtime.Tests.Uniqueness;

/// <summary>A <see cref="TimeProvider"/> frozen at one instant.</summary>
internal sealed class FixedTime(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now.ToUniversalTime();
}
