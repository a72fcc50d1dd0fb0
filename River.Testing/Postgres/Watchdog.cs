using System.Diagnostics;
using System.Globalization;

namespace River.Testing;

/// <summary>
/// A small detached shell process that stops the server and removes its directory once this process is
/// gone, so that a killed or aborted test run leaves nothing behind. It polls <c>/proc/&lt;pid&gt;</c>
/// (<c>kill -0</c> would fail with EPERM from another user) every second and exits by itself as soon
/// as the directory is gone (the normal dispose path removes it).
/// </summary>
internal static class Watchdog
{
    // $1 = pid to watch, $2 = cluster root directory, $3 = data directory, $4.. = the command that runs pg_ctl.
    private const string Script = """
        exec </dev/null >/dev/null 2>&1
        pid=$1; root=$2; data=$3; shift 3
        while [ -d "/proc/$pid" ] && [ -d "$root" ]; do sleep 1; done
        if [ -d "$root" ]; then
          "$@" -D "$data" -m immediate -w -t 30 stop
          rm -rf "$root"
        fi
        """;

    /// <summary>Starts the watchdog for the cluster in <paramref name="root"/>, watching process <paramref name="ownerProcessId"/>; returns its process (or null when it could not start).</summary>
    public static Process? Start(int ownerProcessId, string root, string dataDirectory, string fileName, IReadOnlyList<string> pgCtlPrefix)
    {
        var psi = new ProcessStartInfo(File.Exists("/usr/bin/setsid") ? "/usr/bin/setsid" : "/bin/sh") { UseShellExecute = false };
        if (psi.FileName.EndsWith("setsid", StringComparison.Ordinal))
        {
            psi.ArgumentList.Add("/bin/sh");
        }

        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(Script);
        psi.ArgumentList.Add("river-pg-watchdog");
        psi.ArgumentList.Add(ownerProcessId.ToString(CultureInfo.InvariantCulture));
        psi.ArgumentList.Add(root);
        psi.ArgumentList.Add(dataDirectory);
        psi.ArgumentList.Add(fileName);
        foreach (var a in pgCtlPrefix)
        {
            psi.ArgumentList.Add(a);
        }

        try
        {
            return Process.Start(psi);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
