using Xunit.Sdk;

namespace River.Analyzers.Tests.Infrastructure;

public sealed class InfrastructureTests
{
    [Fact]
    public void Markup_ParsesDefaultAndNamedSpans()
    {
        var markup = Markup.Parse("a[|bc|]d{|RIVER0009:e[|f|]|}g", "RIVER0001");
        Assert.Equal("abcdefg", markup.Source);
        Assert.Equal(
            [new ExpectedDiagnostic("RIVER0001", new(1, 2)), new ExpectedDiagnostic("RIVER0001", new(5, 1)), new ExpectedDiagnostic("RIVER0009", new(4, 2))],
            markup.Expected);
    }

    [Theory]
    [InlineData("a[|b")]
    [InlineData("a|]b")]
    [InlineData("a[|b|}")]
    public void Markup_RejectsBrokenMarkers(string markup)
        => Assert.Throws<FormatException>(() => Markup.Parse(markup, "RIVER0001"));

    [Fact]
    public async Task Verifier_FailsWhenAnExpectedDiagnosticIsMissing()
        => await Assert.ThrowsAsync<FailException>(() => AnalyzerVerifier.VerifyAsync("""
            [JobArgs([|"email.send"|])]
            public sealed record SendEmail(string To);
            """, "RIVER0001"));

    [Fact]
    public async Task Verifier_FailsWhenTheSpanIsWrong()
        => await Assert.ThrowsAsync<FailException>(() => AnalyzerVerifier.VerifyAsync("""
            [JobArgs("bad [|kind|]")]
            public sealed record SendEmail(string To);
            """, "RIVER0001"));

    [Fact]
    public async Task Verifier_FailsOnAnUnexpectedDiagnostic()
        => await Assert.ThrowsAsync<FailException>(() => AnalyzerVerifier.VerifyAsync("""
            [JobArgs("bad kind")]
            public sealed record SendEmail(string To);
            """));

    [Fact]
    public async Task Verifier_FailsWhenTheSourceDoesNotCompile()
        => await Assert.ThrowsAsync<TrueException>(() => AnalyzerVerifier.VerifyAsync("""
            [JobArgs("email.send")]
            public sealed record SendEmail(Strin To);
            """));
}
