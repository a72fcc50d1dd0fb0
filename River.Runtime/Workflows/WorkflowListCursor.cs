using System.Globalization;

namespace River.Workflows;

/// <summary>
/// The keyset of workflow pages: a workflow's created time (UTC, microseconds, as PostgreSQL stores it) and its id,
/// written <c>2026-12-03T11:59:54.123456Z|id</c> (the id may hold any character: it is everything after the first <c>|</c>).
/// </summary>
internal static class WorkflowListCursor
{
    private const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'";

    public static string Encode(DateTimeOffset createdAt, string id) =>
        createdAt.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture) + "|" + id;

    /// <exception cref="ArgumentException">The text is not a cursor this class wrote.</exception>
    public static (DateTimeOffset CreatedAt, string Id) Decode(string cursor)
    {
        var bar = cursor.IndexOf('|', StringComparison.Ordinal);
        if (bar < 0 || !DateTime.TryParseExact(cursor[..bar], TimeFormat, CultureInfo.InvariantCulture,
                DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var at))
        {
            throw new ArgumentException(
                $"'{cursor}' is not a workflow list cursor: pass the NextCursor of the page before (or null for the first page).", nameof(WorkflowListOptions.After));
        }
        return (new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc)), cursor[(bar + 1)..]);
    }
}
