using System.Globalization;
using System.Text;
using Cronos;
using NCrontab;
using Xunit.Abstractions;

namespace River.Runtime.Tests.Periodic;

/// <summary>
/// River's cron engine against two well-kept libraries: Cronos 0.13.0 (time zones and DST) and NCrontab 3.4.0
/// (wall clock, no zones). Many seeded random expressions × start instants (random ones and ones around every DST
/// transition) × Europe/Berlin, America/New_York, Australia/Lord_Howe (a 30-minute shift), Asia/Kolkata (no DST)
/// and UTC; each start is followed by a chain of occurrences.
/// </summary>
/// <remarks>
/// The one documented difference in meaning is translated, not skipped: when both day fields are restricted
/// (neither begins with <c>*</c> or <c>?</c>), River matches a day if either field matches (Vixie cron, POSIX,
/// River Go's robfig/cron), while Cronos and NCrontab require both. River's answer is then the earlier of the
/// references' answers for the expression with day-of-week set to <c>*</c> and with day-of-month set to <c>*</c>.
/// Everything else must agree to the tick: which expressions parse, and every occurrence.
/// </remarks>
public sealed class CronDifferentialTests(ITestOutputHelper output)
{
    private const int Seed = 20261202;
    private const int Expressions = 1500;
    private const int RandomStartsPerZone = 4;
    private const int Chain = 4;

    private static readonly string[] ZoneIds = ["Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata", "UTC"];
    private static readonly string[] MonthNames = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
    private static readonly string[] DayNames = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

    private static readonly DateTimeOffset RangeStart = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset RangeEnd = new(2031, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Occurrences_agree_with_Cronos_in_every_zone_including_DST_gaps_and_overlaps()
    {
        var random = new Random(Seed);
        var zones = ZoneIds.Select(id => id == "UTC" ? TimeZoneInfo.Utc : TimeZoneInfo.FindSystemTimeZoneById(id)).ToArray();
        var transitions = zones.ToDictionary(z => z.Id, Transitions);
        var disagreements = new List<string>();
        var explained = new Dictionary<string, int>(StringComparer.Ordinal);
        int compared = 0, parsed = 0;
        for (var i = 0; i < Expressions; i++)
        {
            var seconds = random.Next(4) == 0;
            var fields = RandomFields(random, seconds, Dialect.Cronos);
            var expression = string.Join(' ', fields);
            var reference = CronosFor(fields, seconds, out var referenceError);
            if (!BothParse(expression, "Cronos", reference is not null, referenceError, () => reference!(RangeStart, TimeZoneInfo.Utc) is null, disagreements))
            {
                continue;
            }
            parsed++;
            foreach (var zone in zones)
            {
                var schedule = CronSchedule.Parse(expression, zone);
                var starts = transitions[zone.Id]
                    .OrderBy(_ => random.Next()).Take(3)
                    .SelectMany(t => new[] { t.AddMinutes(-random.Next(1, 180)), t.AddSeconds(-random.Next(0, 3)) })
                    .Concat(Enumerable.Range(0, RandomStartsPerZone).Select(_ => RandomInstant(random)));
                foreach (var start in starts)
                {
                    var t = start;
                    for (var n = 0; n < Chain; n++)
                    {
                        var mine = schedule.Next(t);
                        var theirs = reference!(t, zone);
                        compared++;
                        if (mine == DateTimeOffset.MaxValue && theirs is null)
                        {
                            break;
                        }
                        if (theirs is not null && mine.UtcTicks != theirs.Value.UtcTicks && Explained(schedule, t, mine, theirs.Value) is { } reason)
                        {
                            explained[reason] = explained.GetValueOrDefault(reason) + 1;
                            break;
                        }
                        if (theirs is null || mine.UtcTicks != theirs.Value.UtcTicks)
                        {
                            disagreements.Add($"\"{expression}\" in {zone.Id} after {Iso(t)}: River {Iso(mine)}, Cronos {(theirs is null ? "none" : Iso(theirs.Value))}");
                            break;
                        }
                        t = mine;
                    }
                }
            }
        }
        Report(disagreements, $"{Expressions} expressions ({parsed} valid), {compared} occurrences compared with Cronos; explained: "
            + string.Join(", ", explained.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => e.Key + " " + e.Value.ToString(CultureInfo.InvariantCulture))));
        Assert.True(explained.ContainsKey(WildcardInGap) && explained.ContainsKey(FixedTimeSecondPass), "the sample should reach both documented DST differences");
    }

    [Fact]
    public void Occurrences_agree_with_NCrontab_on_the_wall_clock()
    {
        var random = new Random(Seed + 1);
        var disagreements = new List<string>();
        int compared = 0, parsed = 0;
        for (var i = 0; i < Expressions; i++)
        {
            var seconds = random.Next(4) == 0;
            var fields = RandomFields(random, seconds, Dialect.NCrontab);
            var expression = string.Join(' ', fields);
            var reference = NCrontabFor(fields, seconds, out var referenceError);
            if (!BothParse(expression, "NCrontab", reference is not null, referenceError, () => reference!(RangeStart.UtcDateTime) is null, disagreements))
            {
                continue;
            }
            parsed++;
            var schedule = CronSchedule.Parse(expression);
            for (var s = 0; s < RandomStartsPerZone * 2; s++)
            {
                var t = RandomInstant(random);
                for (var n = 0; n < Chain; n++)
                {
                    var mine = schedule.Next(t);
                    var theirs = reference!(t.UtcDateTime);
                    compared++;
                    if (mine == DateTimeOffset.MaxValue && theirs is null)
                    {
                        break;
                    }
                    if (theirs is null || mine.UtcDateTime != theirs.Value)
                    {
                        disagreements.Add($"\"{expression}\" after {Iso(t)}: River {Iso(mine)}, NCrontab {(theirs is null ? "none" : theirs.Value.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture))}");
                        break;
                    }
                    t = mine;
                }
            }
        }
        Report(disagreements, $"{Expressions} expressions ({parsed} valid), {compared} occurrences compared with NCrontab");
    }

    /// <summary>Syntax the engines read differently, pinned: River's reading (robfig/cron, River Go's parser, and Vixie) and Cronos's.</summary>
    [Theory]
    // a/n in day-of-week runs to 6 (Saturday) in River and robfig/cron; Cronos runs it to 7 (Sunday again).
    [InlineData("0 0 * * 6/1", "2025-01-04T00:00:00Z", "2025-01-11T00:00:00Z", "2025-01-05T00:00:00Z")]
    // Both day fields restricted: River runs on either (the 1st, or a Monday); Cronos on both.
    [InlineData("0 0 1 * MON", "2025-01-01T00:00:00Z", "2025-01-06T00:00:00Z", "2025-09-01T00:00:00Z")]
    public void Documented_meaning_differences(string expression, string after, string river, string cronos)
    {
        var start = DateTimeOffset.Parse(after, CultureInfo.InvariantCulture);
        Assert.Equal(DateTimeOffset.Parse(river, CultureInfo.InvariantCulture), CronSchedule.Parse(expression).Next(start));
        Assert.Equal(DateTimeOffset.Parse(cronos, CultureInfo.InvariantCulture), CronExpression.Parse(expression).GetNextOccurrence(start, TimeZoneInfo.Utc));
    }

    /// <summary>Texts one engine accepts and the other rejects, pinned (River's errors name the field and the problem).</summary>
    [Theory]
    [InlineData("*/15,7 * * * *", true, false)] // Cronos allows * only as a whole field
    [InlineData("0 0 * * 0/11", true, false)]   // Cronos caps a step at the field's maximum
    [InlineData("0 0 31 2 *", false, true)]     // never runs: River says so at parse time; Cronos parses and never fires
    [InlineData("0 22-2 * * *", false, true)]   // reversed range: River rejects it ("goes backwards"); Cronos wraps
    [InlineData("0 0 L * *", false, true)]      // Quartz L/W/#: River rejects it ("Quartz syntax is not supported")
    public void Documented_syntax_differences(string expression, bool river, bool cronos)
    {
        Assert.Equal(river, CronSchedule.TryParse(expression, null, out _, out _));
        Assert.Equal(cronos, CronExpression.TryParse(expression, out _));
    }

    private const string WildcardInGap = "wildcard time in a spring-forward gap";
    private const string FixedTimeSecondPass = "fixed time in the second pass of a fall-back after its first pass";

    /// <summary>
    /// The two documented DST differences (docs/periodic-jobs.md, "Time zones and daylight saving"), recognised
    /// exactly; anything else is a disagreement.
    /// </summary>
    /// <remarks>
    /// <para>Wildcard job, spring forward: Cronos moves an occurrence whose wall time the gap swallowed to the end of
    /// the gap even when the job has a wildcard hour, minute or second (so <c>40 * * * *</c> runs at 01:40, 03:00 and
    /// 03:40 on the Berlin spring-forward day, twice within an hour). River follows Vixie cron: only fixed-time jobs
    /// are moved to the end of the gap; wildcard jobs keep their real spacing (01:40, 03:40).</para>
    /// <para>Fixed-time job, fall back, started inside the repeated hour after the first pass of its wall time:
    /// Cronos answers the second pass, River the next day. River's runs are one fixed set of instants, so the next
    /// run never depends on where a chain started (a restarted leader computes the same run as one that never
    /// stopped); the first pass is the run.</para>
    /// </remarks>
    private static string? Explained(CronSchedule schedule, DateTimeOffset after, DateTimeOffset mine, DateTimeOffset theirs)
    {
        var zone = schedule.TimeZone;
        var justBefore = theirs.AddTicks(-1);
        if (!schedule.IsFixedTime && zone.GetUtcOffset(justBefore) < zone.GetUtcOffset(theirs) && theirs < mine
            && schedule.Next(justBefore) != theirs)
        {
            return WildcardInGap;
        }
        if (schedule.IsFixedTime && theirs < mine)
        {
            var wall = TimeZoneInfo.ConvertTime(theirs, zone).DateTime;
            if (zone.IsAmbiguousTime(wall))
            {
                var offsets = zone.GetAmbiguousTimeOffsets(wall);
                var firstPass = new DateTimeOffset(wall, offsets.Max());
                if (theirs.Offset == offsets.Min() && firstPass <= after && schedule.Next(firstPass.AddTicks(-1)) == firstPass)
                {
                    return FixedTimeSecondPass;
                }
            }
        }
        return null;
    }

    /// <summary>
    /// Whether River and the reference both accept the expression (then its runs are compared); a parse disagreement
    /// is recorded. River rejecting an expression that can never run, which the reference accepts and never runs, agrees.
    /// </summary>
    private static bool BothParse(string expression, string engine, bool referenceParses, string? referenceError,
        Func<bool> referenceNeverRuns, List<string> disagreements)
    {
        var ours = CronSchedule.TryParse(expression, null, out _, out var ourError);
        if (!ours && referenceParses && referenceNeverRuns())
        {
            return false;
        }
        if (ours != referenceParses)
        {
            disagreements.Add($"parse \"{expression}\": River {(ours ? "accepts" : "rejects (" + ourError + ")")}, {engine} {(referenceParses ? "accepts" : "rejects (" + referenceError + ")")}");
        }
        return ours && referenceParses;
    }

    private void Report(List<string> disagreements, string summary)
    {
        output.WriteLine(summary + $"; {disagreements.Count} disagreements");
        foreach (var line in disagreements.Take(40))
        {
            output.WriteLine(line);
        }
        Assert.True(disagreements.Count == 0, summary + $"; {disagreements.Count} disagreements, first: " + string.Join(" | ", disagreements.Take(5)));
    }

    /// <summary>Cronos's next occurrence with River's day rule (see the class remarks), or null when Cronos rejects the expression.</summary>
    private static Func<DateTimeOffset, TimeZoneInfo, DateTimeOffset?>? CronosFor(string[] fields, bool seconds, out string? error)
    {
        var format = seconds ? CronFormat.IncludeSeconds : CronFormat.Standard;
        var variants = new List<CronExpression>();
        foreach (var variant in DayVariants(fields, seconds))
        {
            try
            {
                variants.Add(CronExpression.Parse(string.Join(' ', variant), format));
            }
            catch (CronFormatException e)
            {
                error = e.Message;
                return null;
            }
        }
        error = null;
        return (after, zone) => variants.Select(v => v.GetNextOccurrence(after, zone)).Where(n => n is not null).OrderBy(n => n!.Value.UtcTicks).FirstOrDefault();
    }

    /// <summary>NCrontab's next occurrence with River's day rule, or null when NCrontab rejects the expression.</summary>
    private static Func<DateTime, DateTime?>? NCrontabFor(string[] fields, bool seconds, out string? error)
    {
        var options = new CrontabSchedule.ParseOptions { IncludingSeconds = seconds };
        var variants = new List<CrontabSchedule>();
        foreach (var variant in DayVariants(fields, seconds))
        {
            if (CrontabSchedule.TryParse(string.Join(' ', variant), options) is not { } schedule)
            {
                error = "NCrontab could not parse it";
                return null;
            }
            variants.Add(schedule);
        }
        error = null;
        var end = new DateTime(2100, 1, 1);
        return after =>
        {
            var best = variants.Select(v => v.GetNextOccurrence(after, end)).Min();
            return best >= end ? null : best;
        };
    }

    /// <summary>The expression itself, or, when both day fields are restricted, its two one-day-field halves.</summary>
    private static IEnumerable<string[]> DayVariants(string[] fields, bool seconds)
    {
        var dom = seconds ? 3 : 2;
        var dow = dom + 2;
        if (IsStar(fields[dom]) || IsStar(fields[dow]))
        {
            yield return fields;
            yield break;
        }
        var byDay = (string[])fields.Clone();
        byDay[dow] = "*";
        yield return byDay;
        var byWeekday = (string[])fields.Clone();
        byWeekday[dom] = "*";
        yield return byWeekday;
    }

    private static bool IsStar(string field) => field[0] is '*' or '?';

    /// <summary>
    /// The syntax a reference engine shares with River (the rest is pinned in the tests below):
    /// Cronos allows <c>*</c> and <c>*/n</c> only as a whole field, steps up to the field's maximum, and reads
    /// day-of-week <c>a/n</c> up to 7; NCrontab has no day-of-week 7.
    /// </summary>
    private sealed record Dialect(bool StarInLists, int MaxDayOfWeek, bool DayOfWeekOpenStep)
    {
        public static readonly Dialect Cronos = new(StarInLists: false, MaxDayOfWeek: 7, DayOfWeekOpenStep: false);
        public static readonly Dialect NCrontab = new(StarInLists: true, MaxDayOfWeek: 6, DayOfWeekOpenStep: true);
    }

    private static string[] RandomFields(Random random, bool seconds, Dialect dialect)
    {
        var fields = new List<string>();
        if (seconds)
        {
            fields.Add(RandomField(random, 0, 59, null, 0, sparse: true, dialect, openStep: true));
        }
        fields.Add(RandomField(random, 0, 59, null, 0, sparse: seconds, dialect, openStep: true));
        fields.Add(RandomField(random, 0, 23, null, 0, sparse: false, dialect, openStep: true));
        fields.Add(RandomField(random, 1, 31, null, 1, sparse: false, dialect, openStep: true));
        fields.Add(RandomField(random, 1, 12, MonthNames, 1, sparse: false, dialect, openStep: true));
        fields.Add(RandomField(random, 0, dialect.MaxDayOfWeek, DayNames, 0, sparse: false, dialect, dialect.DayOfWeekOpenStep));
        return [.. fields];
    }

    /// <summary>A field: *, values, a-b, */n, a-b/n, a/n, lists, names (upper or lower case).</summary>
    private static string RandomField(Random random, int min, int max, string[]? names, int nameBase, bool sparse, Dialect dialect, bool openStep)
    {
        if (!sparse && random.Next(3) == 0)
        {
            return "*";
        }
        string Step() => "/" + random.Next(1, max + 1).ToString(CultureInfo.InvariantCulture);
        if (!dialect.StarInLists && random.Next(6) == 0)
        {
            return "*" + Step();
        }
        var items = random.Next(1, 4);
        var parts = new string[items];
        for (var i = 0; i < items; i++)
        {
            parts[i] = random.Next(6) switch
            {
                0 when dialect.StarInLists => "*" + Step(),
                0 or 1 or 2 => Value(random, min, max, names, nameBase),
                3 => Range(random, min, max, names, nameBase),
                4 => Range(random, min, max, null, nameBase) + Step(),
                _ when openStep => Value(random, min, max, null, nameBase) + Step(),
                _ => Range(random, min, max, null, nameBase),
            };
        }
        return string.Join(',', parts);
    }

    private static string Value(Random random, int min, int max, string[]? names, int nameBase)
    {
        var value = random.Next(min, max + 1);
        return names is not null && random.Next(2) == 0 && value - nameBase < names.Length
            ? (random.Next(2) == 0 ? names[value - nameBase] : names[value - nameBase].ToLowerInvariant())
            : value.ToString(CultureInfo.InvariantCulture);
    }

    private static string Range(Random random, int min, int max, string[]? names, int nameBase)
    {
        var a = random.Next(min, max + 1);
        var b = random.Next(a, max + 1);
        string Text(int v) => names is not null && random.Next(3) == 0 && v - nameBase < names.Length
            ? names[v - nameBase]
            : v.ToString(CultureInfo.InvariantCulture);
        return Text(a) + "-" + Text(b);
    }

    private static DateTimeOffset RandomInstant(Random random)
    {
        var span = (RangeEnd - RangeStart).Ticks / TimeSpan.TicksPerSecond;
        return RangeStart.AddSeconds(random.NextInt64(span));
    }

    /// <summary>The UTC instants of every offset change of a zone between 2024 and 2030 (found hour by hour, then to the second).</summary>
    private static List<DateTimeOffset> Transitions(TimeZoneInfo zone)
    {
        var result = new List<DateTimeOffset>();
        var t = RangeStart;
        var offset = zone.GetUtcOffset(t);
        while (t < RangeEnd)
        {
            var next = t.AddHours(1);
            var nextOffset = zone.GetUtcOffset(next);
            if (nextOffset != offset)
            {
                long lo = t.UtcTicks, hi = next.UtcTicks;
                while (hi - lo > TimeSpan.TicksPerSecond)
                {
                    var mid = lo + (hi - lo) / 2;
                    if (zone.GetUtcOffset(new DateTimeOffset(mid, TimeSpan.Zero)) == offset)
                        lo = mid;
                    else
                        hi = mid;
                }
                result.Add(new DateTimeOffset(hi - hi % TimeSpan.TicksPerSecond, TimeSpan.Zero));
                offset = nextOffset;
            }
            t = next;
        }
        if (result.Count == 0)
        {
            result.Add(RandomInstantFixed(zone));
        }
        return result;
    }

    private static DateTimeOffset RandomInstantFixed(TimeZoneInfo zone) => new(2025, 3 + zone.Id.Length % 6, 15, 12, 0, 0, TimeSpan.Zero);

    private static string Iso(DateTimeOffset t) =>
        t == DateTimeOffset.MaxValue ? "never" : t.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
