using System.Globalization;
using System.Text;

namespace River;

/// <summary>
/// The opaque cursor of a job list: base64url of <c>v1:&lt;order&gt;:&lt;UTC ticks of the sort key&gt;:&lt;id&gt;</c>
/// (the ticks are 0 when ordering by id). PostgreSQL keeps microseconds, which ticks hold exactly.
/// </summary>
internal static class JobListCursor
{
    private const string Version = "v1";

    public static string Encode(JobRow job, JobListOrder order)
    {
        var key = order switch
        {
            JobListOrder.Id => 0L,
            JobListOrder.CreatedAt => job.CreatedAt.UtcTicks,
            JobListOrder.ScheduledAt => job.ScheduledAt.UtcTicks,
            JobListOrder.FinalizedAt => job.FinalizedAt?.UtcTicks
                ?? throw new ArgumentException($"Job {job.Id} is not finalized; it has no place in a list ordered by finalized time.", nameof(job)),
            _ => throw new ArgumentOutOfRangeException(nameof(order), order, "Unknown JobListOrder."),
        };
        var text = string.Create(CultureInfo.InvariantCulture, $"{Version}:{(int)order}:{key}:{job.Id}");
        return Convert.ToBase64String(Encoding.ASCII.GetBytes(text)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    /// <exception cref="ArgumentException">The cursor is malformed or was made for another order.</exception>
    public static (DateTimeOffset Key, long Id) Decode(string cursor, JobListOrder order)
    {
        string text;
        try
        {
            var base64 = cursor.Replace('-', '+').Replace('_', '/');
            base64 += new string('=', (4 - base64.Length % 4) % 4);
            text = Encoding.ASCII.GetString(Convert.FromBase64String(base64));
        }
        catch (FormatException)
        {
            throw Malformed();
        }
        var parts = text.Split(':');
        if (parts.Length != 4 || parts[0] != Version
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var cursorOrder)
            || !long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            || !long.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            || ticks > DateTimeOffset.MaxValue.UtcTicks)
        {
            throw Malformed();
        }
        if (cursorOrder != (int)order)
        {
            var named = Enum.IsDefined((JobListOrder)cursorOrder) ? ((JobListOrder)cursorOrder).ToString() : cursorOrder.ToString(CultureInfo.InvariantCulture);
            throw new ArgumentException($"The cursor After was made for a list ordered by {named}, but this list is ordered by {order}.", "parameters");
        }
        return (new DateTimeOffset(ticks, TimeSpan.Zero), id);
    }

    private static ArgumentException Malformed() =>
        new("The cursor After is not one ListJobsAsync returned (pass JobListResult.NextCursor unchanged).", "parameters");
}
