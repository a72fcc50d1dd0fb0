using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace River.Periodic;

/// <summary>
/// What a schedule row defines (everything but its state): written by a client's code declarations at start and by
/// the run-time management calls. <see cref="Hash"/> identifies the definition, so two app versions that declare
/// the same id differently are told apart (<see cref="DefinitionPrecedence"/>).
/// </summary>
internal sealed record ScheduleDefinition(
    string Id,
    ScheduleOwner Owner,
    string Schedule,
    string? TimeZone,
    string? Kind,
    string? ArgsJson,
    string Queue,
    int Priority,
    int MaxAttempts,
    IReadOnlyList<string> Tags,
    string MetadataJson,
    MisfirePolicy Misfire,
    int MaxMisfireRuns,
    bool RunOnStart,
    string Version)
{
    /// <summary>A SHA-256 (hex) of every defining field, version and owner excluded.</summary>
    public string Hash { get; } = ComputeHash(Schedule, TimeZone, Kind, ArgsJson, Queue, Priority, MaxAttempts, Tags, MetadataJson, Misfire, MaxMisfireRuns, RunOnStart);

    /// <summary>The database text of a policy (column <c>misfire_policy</c>).</summary>
    public static string PolicyText(MisfirePolicy policy) => policy switch
    {
        MisfirePolicy.RunAll => "run_all",
        MisfirePolicy.Skip => "skip",
        _ => "run_once",
    };

    /// <summary>The policy of a <c>misfire_policy</c> text (an unknown one reads as the default).</summary>
    public static MisfirePolicy ParsePolicy(string text) => text switch
    {
        "run_all" => MisfirePolicy.RunAll,
        "skip" => MisfirePolicy.Skip,
        _ => MisfirePolicy.RunOnce,
    };

    private static string ComputeHash(string schedule, string? zone, string? kind, string? args, string queue, int priority, int maxAttempts,
        IReadOnlyList<string> tags, string metadata, MisfirePolicy misfire, int maxMisfireRuns, bool runOnStart)
    {
        var text = new StringBuilder();
        void Field(string? value) => text.Append(value is null ? "-1" : value.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(value).Append(';');
        Field(schedule);
        Field(zone);
        Field(kind);
        Field(args);
        Field(queue);
        Field(priority.ToString(CultureInfo.InvariantCulture));
        Field(maxAttempts.ToString(CultureInfo.InvariantCulture));
        Field(string.Join(",", tags));
        Field(metadata);
        Field(PolicyText(misfire));
        Field(maxMisfireRuns.ToString(CultureInfo.InvariantCulture));
        Field(runOnStart ? "1" : "0");
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString()))).ToLowerInvariant();
    }
}
