using System.Text.Json;
using Npgsql;

namespace River.Database.Queries;

/// <summary>Decodes a row selected with <see cref="JobSql.Columns"/> (or a fetch's <see cref="JobSql.FetchColumns"/>) into a <see cref="JobRow"/>.</summary>
internal static class JobRowReader
{
    /// <summary>How many columns <see cref="JobSql.Columns"/> selects; extra columns of a statement follow.</summary>
    public const int ColumnCount = 18;

    private const string EmptyMetadata = "{}";

    public static JobRow Read(NpgsqlDataReader r) => Read(r, fetched: null);

    /// <summary>
    /// Decodes a row of <see cref="JobSql.Columns"/>, or, with <paramref name="fetched"/>, of
    /// <see cref="JobSql.FetchColumns"/>, whose NULLs stand for the values <paramref name="fetched"/> knows (the
    /// producer's queue, <c>running</c>, this client as the only attempt) or for the column defaults (<c>{}</c>, no tags).
    /// </summary>
    public static JobRow Read(NpgsqlDataReader r, FetchedRowReader? fetched)
    {
        return new JobRow
        {
            Id = r.GetInt64(0),
            EncodedArgs = r.GetFieldValue<byte[]>(1),
            Attempt = r.GetInt16(2),
            AttemptedAt = r.IsDBNull(3) ? null : r.GetFieldValue<DateTimeOffset>(3),
            AttemptedBy = r.IsDBNull(4) ? fetched?.AttemptedByThisClient ?? [] : r.GetFieldValue<string[]>(4),
            CreatedAt = r.GetFieldValue<DateTimeOffset>(5),
            Errors = r.IsDBNull(6) ? [] : ReadErrors(r.GetFieldValue<string[]>(6)),
            FinalizedAt = r.IsDBNull(7) ? null : r.GetFieldValue<DateTimeOffset>(7),
            Kind = r.GetString(8),
            MaxAttempts = r.GetInt16(9),
            Metadata = r.IsDBNull(10) ? EmptyMetadata : r.GetString(10),
            Priority = r.GetInt16(11),
            Queue = fetched?.Queue ?? r.GetString(12),
            State = fetched is null ? JobStateNames.Parse(r.GetString(13)) : JobState.Running,
            ScheduledAt = r.GetFieldValue<DateTimeOffset>(14),
            Tags = r.IsDBNull(15) ? [] : r.GetFieldValue<string[]>(15),
            UniqueKey = r.IsDBNull(16) ? null : r.GetFieldValue<byte[]>(16),
            UniqueStates = r.IsDBNull(17) ? null : (byte)r.GetInt32(17),
        };
    }

    /// <summary>Decodes <c>errors</c> elements; an element that is not the expected object becomes an error whose text says so.</summary>
    internal static AttemptError[] ReadErrors(string[] elements)
    {
        var errors = new AttemptError[elements.Length];
        for (var i = 0; i < elements.Length; i++)
        {
            errors[i] = ReadError(elements[i]);
        }
        return errors;
    }

    private static AttemptError ReadError(string json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                // TryGetProperty throws on anything but an object; a row edited by hand must not break the fetch.
                return new AttemptError(DateTimeOffset.MinValue, 0, "unreadable error element: " + json, "");
            }
            var at = root.TryGetProperty("at", out var atEl) && atEl.ValueKind == JsonValueKind.String && atEl.TryGetDateTimeOffset(out var parsed)
                ? parsed : DateTimeOffset.MinValue;
            var attempt = root.TryGetProperty("attempt", out var attemptEl) && attemptEl.ValueKind == JsonValueKind.Number && attemptEl.TryGetInt32(out var n) ? n : 0;
            var error = root.TryGetProperty("error", out var errorEl) && errorEl.ValueKind == JsonValueKind.String ? errorEl.GetString()! : "";
            var trace = root.TryGetProperty("trace", out var traceEl) && traceEl.ValueKind == JsonValueKind.String ? traceEl.GetString()! : "";
            return new AttemptError(at, attempt, error, trace);
        }
        catch (JsonException)
        {
            return new AttemptError(DateTimeOffset.MinValue, 0, "unreadable error element: " + json, "");
        }
    }
}
