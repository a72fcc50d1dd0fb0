using System.Diagnostics;

namespace River.IntegrationTests.Reliability;

/// <summary>
/// Finds River.TestWorker.dll (built next to the tests through the project reference: same configuration,
/// <c>tests/River.TestWorker/bin/&lt;Configuration&gt;/net10.0/</c>) and builds it once when it is missing.
/// </summary>
internal static class WorkerProgram
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static string? _path;

    public static async Task<string> GetPathAsync()
    {
        if (_path is not null)
        {
            return _path;
        }
        await Gate.WaitAsync();
        try
        {
            if (_path is not null)
            {
                return _path;
            }
            // AppContext.BaseDirectory = tests/River.IntegrationTests/bin/<Configuration>/net10.0/
            var baseDir = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var framework = baseDir.Name;
            var configuration = baseDir.Parent!.Name;
            var testsDir = baseDir.Parent.Parent!.Parent!.Parent!.FullName;
            var project = Path.Combine(testsDir, "River.TestWorker", "River.TestWorker.csproj");
            var dll = Path.Combine(testsDir, "River.TestWorker", "bin", configuration, framework, "River.TestWorker.dll");
            if (!File.Exists(dll))
            {
                using var build = Process.Start(new ProcessStartInfo("dotnet", ["build", project, "-c", configuration])
                {
                    RedirectStandardOutput = true,
                    RedirectStandardError = true,
                })!;
                var output = await build.StandardOutput.ReadToEndAsync();
                await build.WaitForExitAsync();
                if (build.ExitCode != 0 || !File.Exists(dll))
                {
                    throw new InvalidOperationException($"Building {project} failed (exit {build.ExitCode}):\n{output}");
                }
            }
            _path = dll;
            return dll;
        }
        finally
        {
            Gate.Release();
        }
    }
}
