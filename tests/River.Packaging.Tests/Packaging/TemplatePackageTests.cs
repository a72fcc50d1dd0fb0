using System.Diagnostics;
using System.Globalization;
using River.Packaging.Tests.Infrastructure;
using River.Testing;

namespace River.Packaging.Tests.Packaging;

/// <summary>
/// `dotnet pack River.Typed.sln` prints no warning, and the river-worker template from the packed River.Templates works
/// as a user gets it: installed into a throwaway DOTNET_CLI_HOME (and NuGet cache), instantiated, built against the
/// packed River.Runtime and River.Testing (a folder feed; no project references), its tests pass, and the worker starts
/// from its appsettings River section and reports healthy. The template's projects are also part of the solution
/// build and test run (the fast check that its content compiles).
/// </summary>
[Collection(CliCollection.Name)]
[Trait("Category", "Slow")]
public sealed class TemplatePackageTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(10);

    // A version no earlier run used, so no NuGet cache serves a stale package.
    private readonly string _version = "0.1.0-template." + DateTime.UtcNow.ToString("yyyyMMddHHmmssfff", CultureInfo.InvariantCulture);
    private readonly string _work = Path.Combine(Path.GetTempPath(), "river-template-" + Guid.NewGuid().ToString("N"));

    private string Feed => Path.Combine(_work, "feed");

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(Feed);
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        try { Directory.Delete(_work, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Solution_packs_without_warnings_and_dotnet_new_river_worker_builds_tests_and_runs_against_the_packages()
    {
        var pack = await Cli.DotnetAsync(Repository.Root, Timeout, "pack", "River.Typed.sln", "-c", "Release", "-o", Feed,
            "-p:PackageVersion=" + _version);
        Assert.True(pack.ExitCode == 0, $"dotnet pack River.Typed.sln failed: {pack}");
        Assert.DoesNotContain(pack.Output.Split('\n'), line => line.Contains("warning", StringComparison.OrdinalIgnoreCase));
        foreach (var id in new[] { "River.Runtime", "River.Testing", "River.Cli", "River.EntityFrameworkCore", "River.Dashboard", "River.Templates" })
        {
            Assert.True(File.Exists(Path.Combine(Feed, $"{id}.{_version}.nupkg")), $"the solution pack made no {id} package");
        }

        // A user's machine: its own CLI home (template store) and NuGet cache.
        var environment = new Dictionary<string, string>
        {
            ["DOTNET_CLI_HOME"] = Path.Combine(_work, "home"),
            ["NUGET_PACKAGES"] = Path.Combine(_work, "packages"),
            ["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1",
        };
        var install = await Cli.RunAsync("dotnet", ["new", "install", Path.Combine(Feed, $"River.Templates.{_version}.nupkg")], _work, Timeout, environment);
        Assert.True(install.ExitCode == 0, $"dotnet new install failed: {install}");
        Assert.Contains("river-worker", install.Output, StringComparison.Ordinal);

        var app = Path.Combine(_work, "Acme.Mailer");
        var create = await Cli.RunAsync("dotnet", ["new", "river-worker", "-n", "Acme.Mailer", "-o", app], _work, Timeout, environment);
        Assert.True(create.ExitCode == 0, $"dotnet new river-worker failed: {create}");
        // The template's default River version is its own package's.
        Assert.Contains($"Include=\"River.Runtime\" Version=\"{_version}\"", File.ReadAllText(Path.Combine(app, "Acme.Mailer", "Acme.Mailer.csproj")), StringComparison.Ordinal);
        Assert.Contains($"Include=\"River.Testing\" Version=\"{_version}\"", File.ReadAllText(Path.Combine(app, "Acme.Mailer.Tests", "Acme.Mailer.Tests.csproj")), StringComparison.Ordinal);
        Assert.Contains("namespace Acme.Mailer.Jobs;", File.ReadAllText(Path.Combine(app, "Acme.Mailer", "Jobs", "SendWelcomeEmail.cs")), StringComparison.Ordinal);

        File.WriteAllText(Path.Combine(app, "NuGet.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{Feed}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
              </packageSources>
            </configuration>
            """);
        var build = await Cli.RunAsync("dotnet", ["build", "-c", "Release"], app, Timeout, environment);
        Assert.True(build.ExitCode == 0, $"the template's projects did not build against the packages: {build}");
        Assert.DoesNotContain("River.Runtime.csproj", build.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(build.Output.Split('\n'), line => line.Contains(": warning ", StringComparison.Ordinal));

        var test = await Cli.RunAsync("dotnet", ["test", "-c", "Release", "--no-build"], app, Timeout, environment);
        Assert.True(test.ExitCode == 0, $"the template's tests failed: {test}");
        Assert.Contains("Passed:     4", test.Output, StringComparison.Ordinal);

        // The worker itself: the River section from configuration (the connection string from the environment, as a
        // deployment sets it), River's health check published to the log.
        await using var database = await TestDatabases.CreateAsync();
        var run = await RunUntilAsync(Path.Combine(app, "Acme.Mailer", "bin", "Release", "net10.0"), "Acme.Mailer.dll",
            new Dictionary<string, string> { ["River__ConnectionString"] = database.ConnectionString },
            line => line.Contains("Health: healthy", StringComparison.Ordinal), TimeSpan.FromMinutes(2));
        Assert.True(run.Matched, $"the worker never reported healthy:{Environment.NewLine}{run.Output}");
        Assert.DoesNotContain("fail:", run.Output, StringComparison.Ordinal);

        // -f net8.0: both projects target .NET 8 and build against the packages without a warning (this machine has
        // no .NET 8 runtime to run them on; the net8.0 build of the packages is what they resolve).
        var app8 = Path.Combine(_work, "Acme.Legacy");
        var create8 = await Cli.RunAsync("dotnet", ["new", "river-worker", "-n", "Acme.Legacy", "-o", app8, "-f", "net8.0"], _work, Timeout, environment);
        Assert.True(create8.ExitCode == 0, $"dotnet new river-worker -f net8.0 failed: {create8}");
        foreach (var project in new[] { Path.Combine(app8, "Acme.Legacy", "Acme.Legacy.csproj"), Path.Combine(app8, "Acme.Legacy.Tests", "Acme.Legacy.Tests.csproj") })
        {
            var text = File.ReadAllText(project);
            Assert.Contains("<TargetFramework>net8.0</TargetFramework>", text, StringComparison.Ordinal);
            Assert.DoesNotContain("net10.0", text, StringComparison.Ordinal);
        }
        File.Copy(Path.Combine(app, "NuGet.config"), Path.Combine(app8, "NuGet.config"));
        var build8 = await Cli.RunAsync("dotnet", ["build", "-c", "Release"], app8, Timeout, environment);
        Assert.True(build8.ExitCode == 0, $"the net8.0 template's projects did not build against the packages: {build8}");
        Assert.DoesNotContain(build8.Output.Split('\n'), line => line.Contains(": warning ", StringComparison.Ordinal));
        Assert.True(File.Exists(Path.Combine(app8, "Acme.Legacy", "bin", "Release", "net8.0", "Acme.Legacy.dll")), "no net8.0 build of the worker");
    }

    /// <summary>Runs <c>dotnet app.dll</c> until a line of its output matches (or the timeout), then ends it.</summary>
    private static async Task<(bool Matched, string Output)> RunUntilAsync(string directory, string dll, IReadOnlyDictionary<string, string> environment,
        Func<string, bool> match, TimeSpan timeout)
    {
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(dll);
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }
        var output = new System.Text.StringBuilder();
        var matched = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnLine(string? line)
        {
            if (line is null) return;
            lock (output) { output.AppendLine(line); }
            if (match(line)) matched.TrySetResult();
        }
        using var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var exited = process.WaitForExitAsync();
        var first = await Task.WhenAny(matched.Task, exited, Task.Delay(timeout));
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }
        await process.WaitForExitAsync();
        lock (output)
        {
            return (first == matched.Task, output.ToString());
        }
    }
}
