namespace River.Analyzers.Tests;

public sealed class SmokeTests
{
    [Fact]
    public void Builds() => Assert.True(typeof(SmokeTests).Assembly.GetName().Name == "River.Analyzers.Tests");
}
