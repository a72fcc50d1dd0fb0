using System.Diagnostics.CodeAnalysis;
using River.Periodic;

namespace River;

/// <summary>
/// A cron schedule evaluated in a time zone (UTC by default).
/// </summary>
/// <remarks>
/// <para>
/// Syntax: five fields <c>minute hour day-of-month month day-of-week</c>, or six with a leading seconds
/// field; <c>*</c>; values; ranges <c>a-b</c>; steps <c>*/n</c>, <c>a-b/n</c> and <c>a/n</c> (from a to the
/// field's maximum); lists <c>a,b-c</c>; month names <c>JAN</c>–<c>DEC</c> and weekday names
/// <c>SUN</c>–<c>SAT</c> in any case; day-of-week <c>0</c> and <c>7</c> both Sunday; <c>?</c> as <c>*</c> in
/// the day fields; macros <c>@yearly</c> (<c>@annually</c>), <c>@monthly</c>, <c>@weekly</c>, <c>@daily</c>
/// (<c>@midnight</c>) and <c>@hourly</c>.
/// </para>
/// <para>
/// Days follow Vixie cron: when both day-of-month and day-of-week are restricted (neither begins with
/// <c>*</c>), a day matches if <em>either</em> matches (<c>0 0 1 * MON</c> runs on the 1st and on every
/// Monday); otherwise both must match. An expression whose days can never occur (<c>0 0 30 2 *</c>) is
/// refused at parse time.
/// </para>
/// <para>
/// Daylight saving time follows Vixie cron and cronie. A job is <em>fixed-time</em> when none of its
/// second, minute and hour fields begins with <c>*</c> (e.g. <c>30 2 * * *</c>); other jobs are
/// <em>wildcard</em> jobs (e.g. <c>*/15 * * * *</c>, <c>0 * * * *</c>).
/// When clocks spring forward, a fixed-time job whose wall time falls in the skipped interval runs once, at
/// the first instant after the gap (03:00 in Berlin on the last Sunday of March for <c>30 2 * * *</c>): a
/// daily job should not silently lose a day. Wildcard jobs just follow the wall clock: their skipped wall
/// times do not exist and are not made up. When clocks fall back, a fixed-time job whose wall time is
/// repeated runs once, at the first occurrence; wildcard jobs run at both occurrences, because their intent
/// is "every so often" rather than "at this time of day".
/// </para>
/// <para>
/// <see cref="Next"/> advances field by field (month, day, hour, minute, second), so it costs at most a few
/// hundred steps whatever the gap between runs.
/// </para>
/// </remarks>
public sealed class CronSchedule : IPeriodicSchedule
{
    private static readonly TimeSpan FoldSearchWindow = TimeSpan.FromHours(3);

    private readonly CronFields _fields;
    private readonly bool _utc;

    private CronSchedule(string expression, CronFields fields, TimeZoneInfo zone)
    {
        Expression = expression;
        _fields = fields;
        TimeZone = zone;
        _utc = zone == TimeZoneInfo.Utc;
    }

    /// <summary>The expression as given.</summary>
    public string Expression { get; }

    /// <summary>The time zone whose wall clock the expression is read in.</summary>
    public TimeZoneInfo TimeZone { get; }

    /// <summary>Whether the job is fixed-time (see the remarks), which decides its daylight-saving behaviour.</summary>
    public bool IsFixedTime => _fields.FixedTime;

    /// <summary>Parses an expression.</summary>
    /// <param name="expression">The cron expression.</param>
    /// <param name="zone">The time zone; <see langword="null"/> means UTC.</param>
    /// <exception cref="FormatException">The expression is invalid; the message names the field and the problem.</exception>
    public static CronSchedule Parse(string expression, TimeZoneInfo? zone = null) =>
        TryParse(expression, zone, out var schedule, out var error) ? schedule : throw new FormatException(error);

    /// <summary>Parses an expression, reporting a problem as a message instead of an exception.</summary>
    /// <param name="expression">The cron expression.</param>
    /// <param name="zone">The time zone; <see langword="null"/> means UTC.</param>
    /// <param name="schedule">The schedule when the expression is valid.</param>
    /// <param name="error">What is wrong when it is not, e.g. <c>minute field: 61 is out of range 0-59.</c></param>
    public static bool TryParse(string? expression, TimeZoneInfo? zone, [NotNullWhen(true)] out CronSchedule? schedule, [NotNullWhen(false)] out string? error)
    {
        if (!CronParser.TryParse(expression, out var fields, out error))
        {
            schedule = null;
            error ??= "The cron expression is invalid.";
            return false;
        }
        schedule = new CronSchedule(expression!.Trim(), new CronFields(fields!), zone ?? TimeZoneInfo.Utc);
        return true;
    }

    /// <summary>A schedule of an expression <see cref="CronParser"/> already parsed (<paramref name="expression"/> trimmed).</summary>
    internal static CronSchedule FromParsed(string expression, ParsedCron parsed, TimeZoneInfo? zone) =>
        new(expression, new CronFields(parsed), zone ?? TimeZoneInfo.Utc);

    /// <inheritdoc/>
    public DateTimeOffset Next(DateTimeOffset after)
    {
        var zone = TimeZone;
        var utcAfter = after.UtcDateTime;
        var wallAfter = TruncateToSecond(TimeZoneInfo.ConvertTimeFromUtc(utcAfter, zone));
        if (wallAfter >= DateTime.MaxValue.AddSeconds(-1))
            return DateTimeOffset.MaxValue;

        DateTimeOffset? found = null;
        var cursor = wallAfter.AddSeconds(1);
        while (found is null)
        {
            if (_fields.NextWallAtOrAfter(cursor) is not { } wall)
                return DateTimeOffset.MaxValue;
            found = Resolve(wall, after);
            if (found is null)
            {
                if (wall >= DateTime.MaxValue.AddSeconds(-1))
                    return DateTimeOffset.MaxValue;
                cursor = wall.AddSeconds(1);
            }
        }

        if (!_utc && !_fields.FixedTime && SecondPassOfFold(after, found.Value) is { } repeat && repeat < found.Value)
            found = repeat;
        return TimeZoneInfo.ConvertTime(found.Value, zone);
    }

    /// <summary>Maps a matching wall time to the instant it runs at, or <see langword="null"/> when it does not run after <paramref name="after"/>.</summary>
    private DateTimeOffset? Resolve(DateTime wall, DateTimeOffset after)
    {
        if (_utc)
        {
            var utc = new DateTimeOffset(wall, TimeSpan.Zero);
            return utc > after ? utc : null;
        }
        var zone = TimeZone;
        if (zone.IsInvalidTime(wall))
        {
            if (!_fields.FixedTime)
                return null;
            var gapEnd = GapEnd(wall);
            return gapEnd > after ? gapEnd : null;
        }
        if (zone.IsAmbiguousTime(wall))
        {
            var offsets = zone.GetAmbiguousTimeOffsets(wall);
            var early = offsets.Max();
            var late = offsets.Min();
            var first = new DateTimeOffset(wall, early);
            if (first > after)
                return first;
            var second = new DateTimeOffset(wall, late);
            return !_fields.FixedTime && second > after ? second : null;
        }
        var instant = new DateTimeOffset(wall, zone.GetUtcOffset(wall));
        return instant > after ? instant : null;
    }

    /// <summary>The instant a spring-forward gap containing <paramref name="wall"/> ends (the first valid instant after it).</summary>
    private DateTimeOffset GapEnd(DateTime wall)
    {
        var zone = TimeZone;
        var guess = new DateTimeOffset(wall, zone.BaseUtcOffset);
        return FindTransition(guess - FoldSearchWindow - FoldSearchWindow, guess + FoldSearchWindow + FoldSearchWindow);
    }

    /// <summary>
    /// For wildcard jobs: when a fall-back transition lies just after <paramref name="after"/>, the repeated
    /// wall times (second pass) may hold a run earlier than <paramref name="candidate"/>; returns the first.
    /// </summary>
    private DateTimeOffset? SecondPassOfFold(DateTimeOffset after, DateTimeOffset candidate)
    {
        var zone = TimeZone;
        var offsetBefore = zone.GetUtcOffset(after);
        var windowEnd = after + FoldSearchWindow;
        if (windowEnd > candidate)
            windowEnd = candidate;
        var offsetAfter = zone.GetUtcOffset(windowEnd);
        if (offsetAfter >= offsetBefore)
            return null;
        var transition = FindTransition(after, windowEnd);
        // Wall times [transition + offsetAfter, transition + offsetBefore) occur again from `transition` on.
        var repeatStart = DateTime.SpecifyKind(transition.UtcDateTime + offsetAfter, DateTimeKind.Unspecified);
        var repeatEnd = DateTime.SpecifyKind(transition.UtcDateTime + offsetBefore, DateTimeKind.Unspecified);
        if (_fields.NextWallAtOrAfter(repeatStart) is not { } wall || wall >= repeatEnd)
            return null;
        var instant = new DateTimeOffset(wall, offsetAfter);
        return instant > after ? instant : null;
    }

    /// <summary>The first instant in (<paramref name="low"/>, <paramref name="high"/>] whose UTC offset differs from the one at <paramref name="low"/>.</summary>
    private DateTimeOffset FindTransition(DateTimeOffset low, DateTimeOffset high)
    {
        var zone = TimeZone;
        var offsetLow = zone.GetUtcOffset(low);
        long lo = low.UtcTicks, hi = high.UtcTicks;
        while (hi - lo > 1)
        {
            var mid = lo + (hi - lo) / 2;
            if (zone.GetUtcOffset(new DateTimeOffset(mid, TimeSpan.Zero)) == offsetLow)
                lo = mid;
            else
                hi = mid;
        }
        return new DateTimeOffset(hi, TimeSpan.Zero);
    }

    private static DateTime TruncateToSecond(DateTime time) =>
        new(time.Ticks - time.Ticks % TimeSpan.TicksPerSecond, DateTimeKind.Unspecified);

    /// <inheritdoc/>
    public override string ToString() => TimeZone == TimeZoneInfo.Utc ? Expression : Expression + " (" + TimeZone.Id + ")";
}
