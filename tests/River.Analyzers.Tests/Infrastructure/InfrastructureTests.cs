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

    // Microsoft's DefaultVerifier fails with InvalidOperationException; each test checks the reason too.

    [Fact]
    public async Task Verifier_FailsWhenAnExpectedDiagnosticIsMissing()
        => await FailsWith("""
            [JobArgs([|"email.send"|])]
            public sealed record SendEmail(string To);
            """, "RIVER0001", "Mismatch between number of diagnostics returned, expected \"1\" actual \"0\"");

    [Fact]
    public async Task Verifier_FailsWhenTheSpanIsWrong()
        => await FailsWith("""
            [JobArgs("bad [|kind|]")]
            public sealed record SendEmail(string To);
            """, "RIVER0001", "Expected diagnostic to start at column");

    [Fact]
    public async Task Verifier_FailsOnAnUnexpectedDiagnostic()
        => await FailsWith("""
            [JobArgs("bad kind")]
            public sealed record SendEmail(string To);
            """, null, "RIVER0001");

    [Fact]
    public async Task Verifier_FailsWhenTheSourceDoesNotCompile()
        => await FailsWith("""
            [JobArgs("email.send")]
            public sealed record SendEmail(Strin To);
            """, null, "CS0246");

    [Fact]
    public async Task Verifier_AllowsOnlyTheNamedCompilerErrors()
    {
        const string source = """
            [JobArgs("email.send")]
            public sealed record SendEmail(string To);
            public static class Calls { public static int Count() => Undefined; }
            """;
        await AnalyzerVerifier.VerifyAsync(source, allowedCompilerErrors: ["CS0103"]);
        await FailsWith(source, null, "CS0103", allowedCompilerErrors: ["CS0246"]);
    }

    [Fact]
    public async Task CodeFixVerifier_FailsWhenTheFixedTextDiffers()
        => Assert.Contains("did not match", (await Assert.ThrowsAsync<InvalidOperationException>(() => CodeFixVerifier.VerifyAsync(
            new River.Analyzers.CodeFixes.Fixes.LowerCaseKindCodeFix(), "RIVER0003",
            ["""
            [JobArgs([|"Email.Send"|])]
            public sealed record SendEmail(string To);
            """],
            ["""
            [JobArgs("Email.send")]
            public sealed record SendEmail(string To);
            """]))).Message, StringComparison.Ordinal);

    [Fact]
    public async Task CodeFixVerifier_NoFixFailsWhenAFixIsOffered()
        => await Assert.ThrowsAsync<InvalidOperationException>(() => CodeFixVerifier.VerifyNoFixAsync(
            new River.Analyzers.CodeFixes.Fixes.LowerCaseKindCodeFix(), "RIVER0003", """
            [JobArgs([|"Email.Send"|])]
            public sealed record SendEmail(string To);
            """));

    private static async Task FailsWith(string markup, string? defaultId, string reason, string[]? allowedCompilerErrors = null)
    {
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => AnalyzerVerifier.VerifyAsync(markup, defaultId, allowedCompilerErrors: allowedCompilerErrors));
        Assert.Contains(reason, failure.Message, StringComparison.Ordinal);
    }
}
