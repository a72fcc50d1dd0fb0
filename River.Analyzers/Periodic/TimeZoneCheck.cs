using System;
using System.Collections.Concurrent;

namespace River.Analyzers.Periodic;

/// <summary>
/// Whether a time zone id is unknown, asked of the build machine's time zone data, and only when that answer
/// means something. The runtime resolves <c>[PeriodicJob(TimeZone = ...)]</c> with
/// <see cref="TimeZoneInfo.FindSystemTimeZoneById"/> on the machine that runs the job; on .NET 6+ with ICU it
/// accepts IANA ids (<c>Europe/Berlin</c>) and Windows ids (<c>W. Europe Standard Time</c>) on every OS. A compiler
/// host that cannot resolve both kinds (the .NET Framework compiler of Visual Studio, invariant globalization mode,
/// a container without tzdata) would flag valid ids, so there the check says nothing.
/// </summary>
internal sealed class TimeZoneCheck
{
    /// <summary>One id of each kind the runtime accepts; a host that knows both can judge any id.</summary>
    internal const string ProbeIanaId = "Europe/Berlin";
    internal const string ProbeWindowsId = "W. Europe Standard Time";

    private readonly Func<string, bool> _exists;
    private readonly ConcurrentDictionary<string, bool> _known = new(StringComparer.Ordinal);
    private readonly Lazy<bool> _reliable;

    /// <param name="exists">Whether the host resolves an id (the real one asks <see cref="TimeZoneInfo"/>).</param>
    public TimeZoneCheck(Func<string, bool> exists)
    {
        _exists = exists;
        _reliable = new Lazy<bool>(() => Exists(ProbeIanaId) && Exists(ProbeWindowsId));
    }

    /// <summary>The check against the compiler host's own time zone data (answers cached for the host's lifetime).</summary>
    public static TimeZoneCheck Host { get; } = new(FindSystemTimeZone);

    /// <summary>Whether the host knows both IANA and Windows ids, so that an unknown id is worth reporting.</summary>
    public bool IsReliable => _reliable.Value;

    /// <summary>
    /// <see langword="true"/> only when the host is reliable and does not know <paramref name="id"/>; never for
    /// <see langword="null"/> (no zone: UTC).
    /// </summary>
    public bool IsUnknown(string? id) => id is not null && IsReliable && !Exists(id);

    private bool Exists(string id) => _known.GetOrAdd(id, _exists);

    private static bool FindSystemTimeZone(string id)
    {
        try
        {
            TimeZoneInfo.FindSystemTimeZoneById(id);
            return true;
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException or ArgumentException or System.Security.SecurityException)
        {
            return false;
        }
    }
}
