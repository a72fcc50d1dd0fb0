using System.IO.Compression;
using System.Xml.Linq;
using River.Packaging.Tests.Infrastructure;

namespace River.Packaging.Tests.Packaging;

/// <summary>
/// River.Testing uses River.Runtime's internals, so its package must depend on exactly the runtime version it was built
/// with: <c>[x.y.z]</c>, never NuGet's default lower bound (which lets a newer runtime, with changed internals, in).
/// Packs the already built River.Testing (<c>--no-build</c>: seconds).
/// </summary>
[Collection(CliCollection.Name)]
public sealed class TestingPackageTests
{
    [Fact]
    public async Task River_Testing_depends_on_exactly_its_own_River_Runtime_version()
    {
        const string version = "0.1.0-pin.1";
        var feed = Path.Combine(Path.GetTempPath(), "river-testing-pin-" + Guid.NewGuid().ToString("N"));
        try
        {
            var pack = await Cli.DotnetAsync(Repository.Root, TimeSpan.FromMinutes(5), "pack", "River.Testing/River.Testing.csproj", "-c", "Release",
                "--no-build", "-o", feed, "-p:PackageVersion=" + version);
            Assert.True(pack.ExitCode == 0, $"dotnet pack River.Testing failed: {pack}");

            using var zip = ZipFile.OpenRead(Path.Combine(feed, $"River.Testing.{version}.nupkg"));
            var nuspec = XDocument.Load(zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open());
            var ns = nuspec.Root!.GetDefaultNamespace();
            var runtime = nuspec.Descendants(ns + "dependency").Where(d => (string?)d.Attribute("id") == "River.Runtime").ToList();
            Assert.NotEmpty(runtime); // one per target framework
            Assert.All(runtime, d => Assert.Equal($"[{version}]", (string?)d.Attribute("version")));
        }
        finally
        {
            try { Directory.Delete(feed, recursive: true); } catch (IOException) { }
        }
    }
}
