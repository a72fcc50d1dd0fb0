using System.Text.RegularExpressions;
using River.Packaging.Tests.Infrastructure;
using River.Testing;

namespace River.Packaging.Tests.Packaging;

/// <summary>
/// Publishes samples/AotApp with NativeAOT (linux-x64) and runs the native binary against a throwaway
/// PostgreSQL: zero trim/AOT warnings, and every job it inserts is worked.
/// </summary>
[Collection(CliCollection.Name)]
[Trait("Category", "Slow")]
public sealed partial class AotPublishTests : IDisposable
{
    private readonly string _output = Path.Combine(Path.GetTempPath(), "river-aot-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try { Directory.Delete(_output, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public async Task AotApp_publishes_without_trim_or_aot_warnings_and_works_jobs_natively()
    {
        var publish = await Cli.DotnetAsync(Repository.Root, TimeSpan.FromMinutes(15), "publish", "samples/AotApp/AotApp.csproj",
            "-c", "Release", "-r", "linux-x64", "-p:PublishAot=true", "-o", _output);
        Assert.True(publish.ExitCode == 0, $"the NativeAOT publish failed: {publish}");
        var warnings = WarningLine().Matches(publish.Output).Select(m => m.Value.Trim()).Distinct().ToList();
        Assert.True(warnings.Count == 0, "the NativeAOT publish warned:" + Environment.NewLine + string.Join(Environment.NewLine, warnings));

        var binary = Path.Combine(_output, "AotApp");
        Assert.True(File.Exists(binary), $"no native binary at {binary}");
        Assert.False(File.Exists(Path.Combine(_output, "AotApp.dll")), "the publish produced IL (AotApp.dll), not a native binary");

        await using var database = await TestDatabases.CreateAsync(migrated: false);
        var run = await Cli.RunAsync(binary, [database.ConnectionString], _output, TimeSpan.FromMinutes(2));
        Assert.True(run.ExitCode == 0, $"the native AotApp failed: {run}");
        Assert.Contains("aot sample done: all jobs worked", run.Output, StringComparison.Ordinal);
    }

    /// <summary>MSBuild warnings (IL2xxx trim, IL3xxx AOT, or any other) in the publish output.</summary>
    [GeneratedRegex(@"^.*\bwarning [A-Z]+[0-9]+.*$", RegexOptions.Multiline)]
    private static partial Regex WarningLine();
}
