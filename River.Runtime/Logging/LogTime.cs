using System.Globalization;

namespace River.Logging;

/// <summary>
/// An instant as log messages print it: ISO 8601 in UTC with milliseconds (<c>2025-03-30T01:00:00.000Z</c>), whatever
/// the culture or the offset the value carries. Log message parameters take this instead of <see cref="DateTimeOffset"/>,
/// whose text is culture-formatted and keeps the local offset.
/// </summary>
internal readonly record struct LogTime(DateTimeOffset Value)
{
    /// <summary>The format: ISO 8601 UTC, millisecond precision.</summary>
    public const string Format = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    public static implicit operator LogTime(DateTimeOffset value) => new(value);

    /// <inheritdoc/>
    public override string ToString() => Value.UtcDateTime.ToString(Format, CultureInfo.InvariantCulture);
}
