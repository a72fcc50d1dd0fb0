using River.Analyzers.Tests.Infrastructure;

namespace River.Analyzers.Tests.Rules;

public sealed class KindTests
{
    [Theory]
    [InlineData("")]
    [InlineData("email send")]
    [InlineData("email@send")]
    [InlineData("émail")]
    [InlineData("x")]
    [InlineData("-email")]
    public async Task InvalidKind_IsReportedOnTheKindArgument(string kind)
        => await AnalyzerVerifier.VerifyAsync($$"""
            [JobArgs([|"{{kind}}"|])]
            public sealed record SendEmail(string To);
            """, "RIVER0001");

    [Fact]
    public async Task KindOf128Characters_IsTooLong()
    {
        var diagnostics = await AnalyzerVerifier.VerifyAsync($$"""
            [JobArgs([|"{{new string('a', 128)}}"|])]
            public sealed record SendEmail(string To);
            """, "RIVER0001");
        Assert.Contains("got 128", diagnostics[0].GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task KindOf127Characters_AndEveryAllowedCharacter_AreValid()
    {
        await AnalyzerVerifier.VerifyAsync($$"""
            [JobArgs("{{new string('a', 127)}}")]
            public sealed record A(string To);
            [JobArgs("email.send_v2-x/y:z[0]<t>")]
            public sealed record B(string To);
            """);
    }

    [Fact]
    public async Task KindNamedByAConstant_IsChecked()
        => await AnalyzerVerifier.VerifyAsync("""
            public static class Kinds { public const string Bad = "bad kind"; }
            [JobArgs([|Kinds.Bad|])]
            public sealed record SendEmail(string To);
            """, "RIVER0001");

    [Fact]
    public async Task UpperCaseKind_IsAWarningOnTheKind()
    {
        var diagnostics = await AnalyzerVerifier.VerifyAsync("""
            [JobArgs([|"Email.Send"|])]
            public sealed record SendEmail(string To);
            """, "RIVER0003");
        Assert.Equal(Microsoft.CodeAnalysis.DiagnosticSeverity.Warning, diagnostics[0].Severity);
        Assert.Contains("\"email.send\"", diagnostics[0].GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task SameKindTwice_IsReportedOnBothDeclarations()
    {
        var diagnostics = await AnalyzerVerifier.VerifyAsync("""
            [JobArgs([|"email.send"|])]
            public sealed record SendEmail(string To);
            [JobArgs([|"email.send"|])]
            public sealed record SendEmailAgain(string To);
            [JobArgs("email.other")]
            public sealed record Other(string To);
            """, "RIVER0002");
        Assert.Contains("'SendEmailAgain'", diagnostics[0].GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task KindsDifferingOnlyInCase_AreNotDuplicates()
        => await AnalyzerVerifier.VerifyAsync("""
            [JobArgs("email.send")]
            public sealed record SendEmail(string To);
            [JobArgs({|RIVER0003:"Email.Send"|})]
            public sealed record SendEmailAgain(string To);
            """);

    [Fact]
    public async Task KindAlsoDeclaredByAReferencedJobLibrary_IsReported()
    {
        var library = LibraryWithKind("email.send", withRegistry: true);
        var diagnostics = await AnalyzerVerifier.VerifyAsync("""
            [JobArgs([|"email.send"|])]
            public sealed record SendEmail(string To);
            [JobArgs("email.mine")]
            public sealed record Mine(string To);
            """, "RIVER0002", references: [library]);
        Assert.Contains("Lib.LibSendEmail (JobLibrary)", diagnostics[0].GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task ReferencedAssemblyWithoutRegistryAttribute_IsNotWalked()
    {
        var library = LibraryWithKind("email.send", withRegistry: false);
        await AnalyzerVerifier.VerifyAsync("""
            [JobArgs("email.send")]
            public sealed record SendEmail(string To);
            """, references: [library]);
    }

    private static Microsoft.CodeAnalysis.MetadataReference LibraryWithKind(string kind, bool withRegistry)
    {
        var compilation = TestCompilation.Create([$$"""
            {{(withRegistry ? "[assembly: River.RiverJobRegistry(typeof(Lib.Registry))]" : "")}}
            namespace Lib;
            public static class Registry { }
            [JobArgs("{{kind}}")]
            public sealed record LibSendEmail(string To);
            """], assemblyName: "JobLibrary");
        using var stream = new MemoryStream();
        var result = compilation.Emit(stream);
        Assert.True(result.Success, string.Join(Environment.NewLine, result.Diagnostics));
        return Microsoft.CodeAnalysis.MetadataReference.CreateFromImage(stream.ToArray());
    }
}
