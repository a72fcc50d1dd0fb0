// This file is compiled into River.Runtime and can be linked into the netstandard2.0 analyzer project (to
// check cron expressions at compile time), so it stays self-contained: no other River types, no APIs newer
// than netstandard2.0 (no string ranges, no char.IsAsciiDigit, no records).

using System;
using System.Collections.Generic;
using System.Globalization;

namespace River.Periodic;

/// <summary>A parsed cron expression: one bit set per field and the flags that decide day and DST semantics.</summary>
internal sealed class ParsedCron
{
    public ParsedCron(ulong seconds, ulong minutes, ulong hours, ulong daysOfMonth, ulong months, ulong daysOfWeek,
        bool dayOfMonthStar, bool dayOfWeekStar, bool fixedTime)
    {
        Seconds = seconds;
        Minutes = minutes;
        Hours = hours;
        DaysOfMonth = daysOfMonth;
        Months = months;
        DaysOfWeek = daysOfWeek;
        DayOfMonthStar = dayOfMonthStar;
        DayOfWeekStar = dayOfWeekStar;
        FixedTime = fixedTime;
    }

    /// <summary>Bits 0–59.</summary>
    public ulong Seconds { get; }
    /// <summary>Bits 0–59.</summary>
    public ulong Minutes { get; }
    /// <summary>Bits 0–23.</summary>
    public ulong Hours { get; }
    /// <summary>Bits 1–31.</summary>
    public ulong DaysOfMonth { get; }
    /// <summary>Bits 1–12.</summary>
    public ulong Months { get; }
    /// <summary>Bits 0–6, Sunday = 0 (7 is folded into 0).</summary>
    public ulong DaysOfWeek { get; }
    /// <summary>The day-of-month field began with <c>*</c> or <c>?</c> (Vixie's DOM_STAR).</summary>
    public bool DayOfMonthStar { get; }
    /// <summary>The day-of-week field began with <c>*</c> or <c>?</c> (Vixie's DOW_STAR).</summary>
    public bool DayOfWeekStar { get; }
    /// <summary>None of the second, minute and hour fields begins with <c>*</c> (Vixie's fixed-time job).</summary>
    public bool FixedTime { get; }
}

/// <summary>
/// Parses cron expressions: five fields (minute hour day-of-month month day-of-week) or six with a leading
/// seconds field; <c>*</c>, values, ranges <c>a-b</c>, steps (<c>*/n</c>, <c>a-b/n</c>, <c>a/n</c> = a to the
/// field's maximum), lists; month names JAN–DEC and weekday names SUN–SAT in any case; day-of-week 0 and 7
/// both Sunday; <c>?</c> as <c>*</c> in the day fields; macros <c>@yearly @annually @monthly @weekly @daily
/// @midnight @hourly</c>. Errors name the field and the problem.
/// </summary>
internal static class CronParser
{
    private static readonly string[] MonthNames = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
    private static readonly string[] DayNames = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];
    private static readonly string[] MonthLongNames =
        ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

    private sealed class FieldSpec
    {
        public FieldSpec(string name, int min, int max, string[]? names, int nameBase, bool allowQuestionMark)
        {
            Name = name;
            Min = min;
            Max = max;
            Names = names;
            NameBase = nameBase;
            AllowQuestionMark = allowQuestionMark;
        }

        public string Name { get; }
        public int Min { get; }
        public int Max { get; }
        public string[]? Names { get; }
        public int NameBase { get; }
        public bool AllowQuestionMark { get; }
    }

    private static readonly FieldSpec Second = new("second", 0, 59, null, 0, false);
    private static readonly FieldSpec Minute = new("minute", 0, 59, null, 0, false);
    private static readonly FieldSpec Hour = new("hour", 0, 23, null, 0, false);
    private static readonly FieldSpec DayOfMonth = new("day-of-month", 1, 31, null, 0, true);
    private static readonly FieldSpec Month = new("month", 1, 12, MonthNames, 1, false);
    private static readonly FieldSpec DayOfWeek = new("day-of-week", 0, 7, DayNames, 0, true);

    /// <summary>The macros and the five-field expressions they stand for.</summary>
    public static readonly IReadOnlyDictionary<string, string> Macros = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["@yearly"] = "0 0 1 1 *",
        ["@annually"] = "0 0 1 1 *",
        ["@monthly"] = "0 0 1 * *",
        ["@weekly"] = "0 0 * * 0",
        ["@daily"] = "0 0 * * *",
        ["@midnight"] = "0 0 * * *",
        ["@hourly"] = "0 * * * *",
    };

    public static bool TryParse(string? expression, out ParsedCron? fields, out string? error)
    {
        fields = null;
        var text = expression?.Trim();
        if (text is null || text.Length == 0)
        {
            error = "The cron expression is empty.";
            return false;
        }

        if (text[0] == '@')
        {
            if (!Macros.TryGetValue(text, out var expanded))
            {
                error = "Unknown cron macro \"" + text + "\"; expected one of @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly.";
                return false;
            }
            text = expanded;
        }

        var parts = text.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length is not (5 or 6))
        {
            error = "A cron expression has 5 fields (minute hour day-of-month month day-of-week) or 6 with a leading seconds field; \""
                + expression + "\" has " + parts.Length.ToString(CultureInfo.InvariantCulture) + ".";
            return false;
        }

        var offset = parts.Length - 5;
        var secondText = offset == 1 ? parts[0] : "0";
        if (!TryParseField(secondText, Second, out var seconds, out error)
            || !TryParseField(parts[offset], Minute, out var minutes, out error)
            || !TryParseField(parts[offset + 1], Hour, out var hours, out error)
            || !TryParseField(parts[offset + 2], DayOfMonth, out var daysOfMonth, out error)
            || !TryParseField(parts[offset + 3], Month, out var months, out error)
            || !TryParseField(parts[offset + 4], DayOfWeek, out var daysOfWeek, out error))
        {
            return false;
        }

        if ((daysOfWeek & (1UL << 7)) != 0)
            daysOfWeek = (daysOfWeek | 1) & 0x7F; // 7 is Sunday too

        var domStar = IsStar(parts[offset + 2]);
        var dowStar = IsStar(parts[offset + 4]);
        if ((domStar || dowStar) && !AnyDayExists(daysOfMonth, months, out error))
            return false;

        fields = new ParsedCron(seconds, minutes, hours, daysOfMonth, months, daysOfWeek, domStar, dowStar,
            fixedTime: !IsStar(secondText) && !IsStar(parts[offset]) && !IsStar(parts[offset + 1]));
        error = null;
        return true;
    }

    private static bool IsStar(string field) => field[0] is '*' or '?';

    /// <summary>With AND semantics the day-of-month set must hold a day that exists in one of the months (Feb has 29).</summary>
    private static bool AnyDayExists(ulong daysOfMonth, ulong months, out string? error)
    {
        for (var month = 1; month <= 12; month++)
        {
            if ((months & (1UL << month)) == 0)
                continue;
            var max = month == 2 ? 29 : DateTime.DaysInMonth(2001, month);
            for (var day = 1; day <= max; day++)
            {
                if ((daysOfMonth & (1UL << day)) != 0)
                {
                    error = null;
                    return true;
                }
            }
        }
        var monthList = new List<string>();
        for (var month = 1; month <= 12; month++)
        {
            if ((months & (1UL << month)) != 0)
                monthList.Add(MonthLongNames[month - 1]);
        }
        error = "day-of-month field: no listed day exists in " + string.Join(", ", monthList) + "; the expression would never run.";
        return false;
    }

    private static bool TryParseField(string text, FieldSpec spec, out ulong bits, out string? error)
    {
        bits = 0;
        foreach (var item in text.Split(','))
        {
            if (item.Length == 0)
            {
                error = spec.Name + " field: empty list item in \"" + text + "\".";
                return false;
            }
            if (!TryParseItem(item, spec, ref bits, out error))
                return false;
        }
        error = null;
        return true;
    }

    private static bool TryParseItem(string item, FieldSpec spec, ref ulong bits, out string? error)
    {
        var rangeText = item;
        var step = 1;
        var slash = item.IndexOf('/');
        if (slash >= 0)
        {
            var stepText = item.Substring(slash + 1);
            rangeText = item.Substring(0, slash);
            if (!int.TryParse(stepText, NumberStyles.None, CultureInfo.InvariantCulture, out step))
            {
                error = spec.Name + " field: step \"" + stepText + "\" in \"" + item + "\" is not a number.";
                return false;
            }
            if (step == 0)
            {
                error = spec.Name + " field: step 0 in \"" + item + "\" is not allowed.";
                return false;
            }
            if (rangeText.Length == 0)
            {
                error = spec.Name + " field: \"" + item + "\" has a step but no range before it.";
                return false;
            }
        }

        int low, high;
        if (rangeText is "*" || (rangeText is "?" && spec.AllowQuestionMark))
        {
            low = spec.Min;
            high = spec.Name == DayOfWeek.Name ? 6 : spec.Max;
        }
        else
        {
            var dash = rangeText.IndexOf('-');
            if (dash >= 0)
            {
                if (!TryParseValue(rangeText.Substring(0, dash), spec, item, out low, out error)
                    || !TryParseValue(rangeText.Substring(dash + 1), spec, item, out high, out error))
                {
                    return false;
                }
                if (low > high)
                {
                    error = spec.Name + " field: range \"" + rangeText + "\" goes backwards (" + low.ToString(CultureInfo.InvariantCulture)
                        + " is after " + high.ToString(CultureInfo.InvariantCulture) + ").";
                    return false;
                }
            }
            else
            {
                if (!TryParseValue(rangeText, spec, item, out low, out error))
                    return false;
                high = slash >= 0 ? (spec.Name == DayOfWeek.Name ? 6 : spec.Max) : low;
            }
        }

        if (low > high)
        {
            error = spec.Name + " field: \"" + item + "\" selects no value (the range starts after the field's maximum "
                + high.ToString(CultureInfo.InvariantCulture) + ").";
            return false;
        }
        for (var value = low; value <= high; value += step)
            bits |= 1UL << value;
        error = null;
        return true;
    }

    private static bool TryParseValue(string text, FieldSpec spec, string item, out int value, out string? error)
    {
        value = 0;
        if (text.Length == 0)
        {
            error = spec.Name + " field: \"" + item + "\" has an empty range bound.";
            return false;
        }
        if (IsDigit(text[0]))
        {
            if (!AllDigits(text))
            {
                error = spec.Name + " field: \"" + text + "\" is not a number.";
                return false;
            }
            if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) || value < spec.Min || value > spec.Max)
            {
                error = spec.Name + " field: " + text + " is out of range " + spec.Min.ToString(CultureInfo.InvariantCulture) + "-" + spec.Max.ToString(CultureInfo.InvariantCulture) + ".";
                return false;
            }
            error = null;
            return true;
        }
        if (spec.Names is { } names)
        {
            for (var i = 0; i < names.Length; i++)
            {
                if (string.Equals(names[i], text, StringComparison.OrdinalIgnoreCase))
                {
                    value = i + spec.NameBase;
                    error = null;
                    return true;
                }
            }
            error = spec.Name + " field: unknown name \"" + text + "\"; expected " + string.Join(", ", names) + " or a number "
                + spec.Min.ToString(CultureInfo.InvariantCulture) + "-" + spec.Max.ToString(CultureInfo.InvariantCulture) + ".";
            return false;
        }
        var last = text[text.Length - 1];
        error = text.IndexOf('#') >= 0 || last == 'L' || last == 'W'
            ? spec.Name + " field: \"" + text + "\" (Quartz syntax) is not supported."
            : spec.Name + " field: \"" + text + "\" is not a number.";
        return false;
    }

    private static bool IsDigit(char c) => c >= '0' && c <= '9';

    private static bool AllDigits(string text)
    {
        foreach (var c in text)
        {
            if (!IsDigit(c))
                return false;
        }
        return true;
    }
}
