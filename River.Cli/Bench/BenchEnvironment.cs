using System.Reflection;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace River.Cli.Bench;

/// <summary>Where a run was measured: machine, runtime, the commit of this build and the server's settings (in the JSON summary).</summary>
internal sealed record BenchEnvironment(int Cores, string Os, string Runtime, string? Commit, string? LoadAverage, IReadOnlyList<KeyValuePair<string, string>> Server)
{
    public static async Task<BenchEnvironment> CollectAsync(BenchDatabase db, CancellationToken cancellationToken)
    {
        var version = typeof(BenchEnvironment).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        var plus = version?.IndexOf('+', StringComparison.Ordinal) ?? -1;
        string? load = null;
        if (File.Exists("/proc/loadavg"))
        {
            load = string.Join(' ', (await File.ReadAllTextAsync("/proc/loadavg", cancellationToken).ConfigureAwait(false)).Split(' ').Take(3));
        }
        return new BenchEnvironment(Environment.ProcessorCount, RuntimeInformation.OSDescription, RuntimeInformation.FrameworkDescription,
            plus >= 0 ? version![(plus + 1)..] : null, load, await db.ServerSettingsAsync(cancellationToken).ConfigureAwait(false));
    }

    public void Write(Utf8JsonWriter w)
    {
        w.WriteStartObject("environment");
        w.WriteNumber("cores", Cores);
        w.WriteString("os", Os);
        w.WriteString("runtime", Runtime);
        w.WriteString("commit", Commit);
        w.WriteString("load_average_at_start", LoadAverage);
        w.WriteStartObject("postgres");
        foreach (var (name, value) in Server)
        {
            w.WriteString(name, value);
        }
        w.WriteEndObject();
        w.WriteEndObject();
    }
}
