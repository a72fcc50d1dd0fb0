namespace River.Runtime.Tests;

public sealed class SmokeTests
{
    [Fact]
    public void Builds() => Assert.True(typeof(SmokeTests).Assembly.GetName().Name == "River.Runtime.Tests");
}
