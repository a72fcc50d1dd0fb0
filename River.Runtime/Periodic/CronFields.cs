using System.Numerics;

namespace River.Periodic;

/// <summary>
/// The parsed fields of a cron expression as bit sets, and the wall-clock search over them. Wall times are
/// <see cref="DateTime"/> values of kind <see cref="DateTimeKind.Unspecified"/> at whole seconds.
/// </summary>
internal sealed class CronFields
{
    public CronFields(ParsedCron parsed)
    {
        Seconds = parsed.Seconds;
        Minutes = parsed.Minutes;
        Hours = (uint)parsed.Hours;
        DaysOfMonth = (uint)parsed.DaysOfMonth;
        Months = (ushort)parsed.Months;
        DaysOfWeek = (byte)parsed.DaysOfWeek;
        DayOfMonthStar = parsed.DayOfMonthStar;
        DayOfWeekStar = parsed.DayOfWeekStar;
        FixedTime = parsed.FixedTime;
    }

    public ulong Seconds { get; }       // bits 0–59
    public ulong Minutes { get; }       // bits 0–59
    public uint Hours { get; }          // bits 0–23
    public uint DaysOfMonth { get; }    // bits 1–31
    public ushort Months { get; }       // bits 1–12
    public byte DaysOfWeek { get; }     // bits 0–6, Sunday = 0

    /// <summary>The day-of-month field began with <c>*</c> or <c>?</c> (Vixie's DOM_STAR).</summary>
    public bool DayOfMonthStar { get; }

    /// <summary>The day-of-week field began with <c>*</c> or <c>?</c> (Vixie's DOW_STAR).</summary>
    public bool DayOfWeekStar { get; }

    /// <summary>
    /// Vixie cron's "fixed-time" job: none of the second, minute and hour fields begins with <c>*</c>. Such a
    /// job runs once when its wall time is repeated (fall-back) and runs right after a spring-forward gap that
    /// swallowed its wall time; other jobs follow the wall clock (run in both repeats, skip the gap).
    /// </summary>
    public bool FixedTime { get; }

    /// <summary>Whether a date matches the day fields: both when either begins with <c>*</c>, else either (Vixie).</summary>
    public bool DayMatches(int year, int month, int day)
    {
        var dom = (DaysOfMonth & (1u << day)) != 0;
        var dow = (DaysOfWeek & (1 << (int)new DateTime(year, month, day).DayOfWeek)) != 0;
        return DayOfMonthStar || DayOfWeekStar ? dom && dow : dom || dow;
    }

    /// <summary>The first matching wall time at or after <paramref name="start"/> (whole seconds), or <see langword="null"/> past year 9999.</summary>
    public DateTime? NextWallAtOrAfter(DateTime start)
    {
        int year = start.Year, month = start.Month, day = start.Day, hour = start.Hour, minute = start.Minute, second = start.Second;
        while (true)
        {
            var m = NextBit(Months, month);
            if (m < 0)
            {
                if (++year > 9999)
                    return null;
                month = 1; day = 1; hour = 0; minute = 0; second = 0;
                continue;
            }
            if (m != month)
            {
                month = m; day = 1; hour = 0; minute = 0; second = 0;
            }

            var daysInMonth = DateTime.DaysInMonth(year, month);
            var d = day;
            while (d <= daysInMonth && !DayMatches(year, month, d))
                d++;
            if (d > daysInMonth)
            {
                if (!NextMonth(ref year, ref month))
                    return null;
                day = 1; hour = 0; minute = 0; second = 0;
                continue;
            }
            if (d != day)
            {
                day = d; hour = 0; minute = 0; second = 0;
            }

            var h = NextBit(Hours, hour);
            if (h < 0)
            {
                if (!NextDay(ref year, ref month, ref day))
                    return null;
                hour = 0; minute = 0; second = 0;
                continue;
            }
            if (h != hour)
            {
                hour = h; minute = 0; second = 0;
            }

            var mi = NextBit(Minutes, minute);
            if (mi < 0)
            {
                if (++hour > 23 && !NextDay(ref year, ref month, ref day))
                    return null;
                hour %= 24; minute = 0; second = 0;
                continue;
            }
            if (mi != minute)
            {
                minute = mi; second = 0;
            }

            var s = NextBit(Seconds, second);
            if (s < 0)
            {
                if (++minute > 59)
                {
                    minute = 0;
                    if (++hour > 23 && !NextDay(ref year, ref month, ref day))
                        return null;
                    hour %= 24;
                }
                second = 0;
                continue;
            }
            return new DateTime(year, month, day, hour, minute, s, DateTimeKind.Unspecified);
        }
    }

    private static bool NextMonth(ref int year, ref int month)
    {
        if (++month > 12)
        {
            month = 1;
            if (++year > 9999)
                return false;
        }
        return true;
    }

    private static bool NextDay(ref int year, ref int month, ref int day)
    {
        if (++day > DateTime.DaysInMonth(year, month))
        {
            day = 1;
            return NextMonth(ref year, ref month);
        }
        return true;
    }

    /// <summary>The lowest set bit at or above <paramref name="from"/>, or −1.</summary>
    private static int NextBit(ulong bits, int from)
    {
        if (from > 63)
            return -1;
        var rest = bits & (ulong.MaxValue << from);
        return rest == 0 ? -1 : BitOperations.TrailingZeroCount(rest);
    }
}
