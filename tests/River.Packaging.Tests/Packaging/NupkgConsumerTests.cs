using System.Globalization;
using System.IO.Compression;
using System.Xml.Linq;
using River.Packaging.Tests.Infrastructure;
using River.Testing;

namespace River.Packaging.Tests.Packaging;

/// <summary>
/// Packs River.Runtime, River.Testing, River.Cli and River.EntityFrameworkCore into a local folder feed and builds a fresh project outside the
/// repository against the packages (no project references): the generator and analyzers must come from the
/// package, and the consumer must insert and work a job against a throwaway PostgreSQL.
/// </summary>
[Collection(CliCollection.Name)]
[Trait("Category", "Slow")]
public sealed class NupkgConsumerTests : IAsyncLifetime
{
    private static readonly TimeSpan PackTimeout = TimeSpan.FromMinutes(10);

    // A version no earlier run used, so NuGet's global cache never serves a stale package.
    private readonly string _version = "0.1.0-test." + DateTime.UtcNow.ToString("yyyyMMddHHmmssfff", CultureInfo.InvariantCulture);
    private readonly string _work = Path.Combine(Path.GetTempPath(), "river-nupkg-" + Guid.NewGuid().ToString("N"));

    private string Feed => Path.Combine(_work, "feed");

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(Feed);
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        try { Directory.Delete(_work, recursive: true); } catch (IOException) { }
        var cache = Environment.GetEnvironmentVariable("NUGET_PACKAGES") ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        foreach (var id in new[] { "river.runtime", "river.testing", "river.cli", "river.entityframeworkcore" })
        {
            try { Directory.Delete(Path.Combine(cache, id, _version), recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Packed_runtime_carries_generator_analyzers_docs_symbols_readme_and_license_and_a_fresh_consumer_works_a_job()
    {
        foreach (var project in new[] { "River.Runtime/River.Runtime.csproj", "River.Cli/River.Cli.csproj", "River.EntityFrameworkCore/River.EntityFrameworkCore.csproj" })
        {
            var pack = await Cli.DotnetAsync(Repository.Root, PackTimeout, "pack", project, "-c", "Release", "-o", Feed,
                "-p:PackageVersion=" + _version);
            Assert.True(pack.ExitCode == 0, $"dotnet pack {project} failed: {pack}");
            Assert.DoesNotContain(pack.Output.Split('\n'), line => line.Contains("warning", StringComparison.OrdinalIgnoreCase));
        }

        var runtime = Path.Combine(Feed, $"River.Runtime.{_version}.nupkg");
        using (var zip = ZipFile.OpenRead(runtime))
        {
            var entries = zip.Entries.Select(e => e.FullName).ToHashSet(StringComparer.Ordinal);
            foreach (var expected in new[]
            {
                "analyzers/dotnet/cs/River.Generators.dll",
                "analyzers/dotnet/cs/River.Analyzers.dll",
                "analyzers/dotnet/cs/River.Analyzers.CodeFixes.dll",
                "lib/net8.0/River.Runtime.dll", "lib/net8.0/River.Runtime.xml",
                "lib/net10.0/River.Runtime.dll", "lib/net10.0/River.Runtime.xml",
                "README.md", "LICENSE",
            })
            {
                Assert.True(entries.Contains(expected), $"River.Runtime.nupkg lacks {expected}; it has: {string.Join(", ", entries.Order())}");
            }
            var nuspec = XDocument.Load(zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open());
            var ns = nuspec.Root!.GetDefaultNamespace();
            var metadata = nuspec.Root.Element(ns + "metadata")!;
            Assert.Equal("MIT", metadata.Element(ns + "license")?.Value);
            Assert.Equal("README.md", metadata.Element(ns + "readme")?.Value);
            // No public repository address yet (RiverRepositoryUrl is empty): the package names none rather than a placeholder.
            Assert.Null(metadata.Element(ns + "projectUrl"));
            Assert.Null(metadata.Element(ns + "repository")?.Attribute("url"));
            using (var readme = new StreamReader(zip.GetEntry("README.md")!.Open()))
            {
                Assert.StartsWith("# River.Runtime", readme.ReadToEnd(), StringComparison.Ordinal);
            }
            var dependencies = metadata.Descendants(ns + "dependency").Select(d => d.Attribute("id")!.Value).ToList();
            Assert.Contains("Npgsql", dependencies);
            Assert.DoesNotContain(dependencies, d => d.StartsWith("River.", StringComparison.Ordinal) || d.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal));
        }
        Assert.True(File.Exists(Path.Combine(Feed, $"River.Runtime.{_version}.snupkg")), "no River.Runtime.snupkg (symbols)");
        using (var tool = ZipFile.OpenRead(Path.Combine(Feed, $"River.Cli.{_version}.nupkg")))
        {
            Assert.Contains(tool.Entries, e => e.FullName == "DotnetToolSettings.xml" || e.FullName.EndsWith("/DotnetToolSettings.xml", StringComparison.Ordinal));
            // The tool runs on .NET 8 as well as 10: one build per runtime; .NET 8's asks for 8.0 and rolls forward.
            foreach (var (tfm, version) in new[] { ("net8.0", "8.0.0"), ("net10.0", "10.0.0") })
            {
                var config = tool.Entries.SingleOrDefault(e => e.FullName == $"tools/{tfm}/any/river.runtimeconfig.json");
                Assert.True(config is not null, $"River.Cli.nupkg has no {tfm} build; it has: {string.Join(", ", tool.Entries.Select(e => e.FullName).Order())}");
                using var reader = new StreamReader(config.Open());
                var json = System.Text.Json.JsonDocument.Parse(reader.ReadToEnd()).RootElement.GetProperty("runtimeOptions");
                // Two shared frameworks (`river dashboard` serves ASP.NET Core), both asked for at the target's version.
                var frameworks = json.GetProperty("frameworks").EnumerateArray()
                    .ToDictionary(f => f.GetProperty("name").GetString()!, f => f.GetProperty("version").GetString());
                Assert.Equal(version, frameworks["Microsoft.NETCore.App"]);
                Assert.Equal(version, frameworks["Microsoft.AspNetCore.App"]);
                Assert.Equal("Major", json.GetProperty("rollForward").GetString());
            }
        }
        using (var ef = ZipFile.OpenRead(Path.Combine(Feed, $"River.EntityFrameworkCore.{_version}.nupkg")))
        {
            Assert.Contains(ef.Entries, e => e.FullName == "lib/net10.0/River.EntityFrameworkCore.dll");
            Assert.DoesNotContain(ef.Entries, e => e.FullName.StartsWith("lib/net8.0/", StringComparison.Ordinal));
        }

        var consumer = Path.Combine(_work, "consumer");
        Directory.CreateDirectory(consumer);
        ConsumerProject.Write(consumer, Feed, _version);
        var build = await Cli.DotnetAsync(consumer, PackTimeout, "build", "-c", "Release");
        Assert.True(build.ExitCode == 0, $"the consumer did not build against the packages: {build}");
        Assert.DoesNotContain("River.Runtime.csproj", build.Output, StringComparison.Ordinal);

        await using var database = await TestDatabases.CreateAsync(migrated: false);
        var run = await Cli.DotnetAsync(consumer, TimeSpan.FromMinutes(3), "run", "-c", "Release", "--no-build", "--", database.ConnectionString);
        Assert.True(run.ExitCode == 0, $"the consumer failed: {run}");
        Assert.Contains("consumer: job worked: hello from a package", run.Output, StringComparison.Ordinal);
    }
}
