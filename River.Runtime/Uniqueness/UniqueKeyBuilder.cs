using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace River.Uniqueness;

/// <summary>
/// Computes <c>river_job.unique_key</c> byte for byte as River does: the SHA-256 of the UTF-8 string made of,
/// in this order and each only when its option is on, <c>&amp;kind=&lt;kind&gt;</c> (unless
/// <see cref="UniqueOptions.ExcludeKind"/>), <c>&amp;args=&lt;canonical args&gt;</c> (see <see cref="CanonicalArgs"/>),
/// <c>&amp;period=&lt;start&gt;</c> and <c>&amp;queue=&lt;queue&gt;</c>. With the kind's <see cref="ArgsShape"/>, values
/// inside the args are written as Go's encoding/json writes the equivalent Go value (sorted dictionary keys, <c>Z</c>
/// times, Go float notation); the stored args are not changed.
/// </summary>
/// <remarks>
/// The period start is the scheduled time (or now) truncated to a whole multiple of
/// <see cref="UniqueOptions.ByPeriod"/> counted from 0001-01-01T00:00:00Z (Go's <c>Time.Truncate</c> origin,
/// and .NET's tick 0), written <c>yyyy-MM-ddTHH:mm:ssZ</c> in UTC (RFC 3339 without fraction, so a
/// sub-second remainder of an odd period is dropped from the text). Kind and queue are written as they are.
/// </remarks>
internal static class UniqueKeyBuilder
{
    /// <summary>Length of a unique key (SHA-256).</summary>
    public const int KeyLength = SHA256.HashSizeInBytes;

    /// <summary>Computes the 32-byte unique key.</summary>
    /// <exception cref="ArgumentException">The options are invalid, or ByArgs is on and the args are not a JSON object.</exception>
    public static byte[] Compute(string kind, ReadOnlySpan<byte> encodedArgs, UniqueOptions opts, string queue, DateTimeOffset? scheduledAt, TimeProvider timeProvider, ArgsShape? shape = null)
    {
        var key = new byte[KeyLength];
        Compute(kind, encodedArgs, opts, queue, scheduledAt, timeProvider, key, shape);
        return key;
    }

    /// <summary>Computes the unique key into <paramref name="destination"/> (at least 32 bytes).</summary>
    public static void Compute(string kind, ReadOnlySpan<byte> encodedArgs, UniqueOptions opts, string queue, DateTimeOffset? scheduledAt, TimeProvider timeProvider, Span<byte> destination, ArgsShape? shape = null)
    {
        if (destination.Length < KeyLength)
            throw new ArgumentException("The destination must hold at least " + KeyLength.ToString(CultureInfo.InvariantCulture) + " bytes.", nameof(destination));
        var builder = new ByteBuilder(64 + encodedArgs.Length);
        try
        {
            Append(ref builder, kind, encodedArgs, opts, queue, scheduledAt, timeProvider, shape);
            SHA256.HashData(builder.Written, destination);
        }
        finally
        {
            builder.Dispose();
        }
    }

    /// <summary>The string that is hashed, for diagnostics and tests.</summary>
    public static string BuildKeyString(string kind, ReadOnlySpan<byte> encodedArgs, UniqueOptions opts, string queue, DateTimeOffset? scheduledAt, TimeProvider timeProvider, ArgsShape? shape = null)
    {
        var builder = new ByteBuilder(64 + encodedArgs.Length);
        try
        {
            Append(ref builder, kind, encodedArgs, opts, queue, scheduledAt, timeProvider, shape);
            return Encoding.UTF8.GetString(builder.Written);
        }
        finally
        {
            builder.Dispose();
        }
    }

    /// <summary>
    /// Checks unique options: ByPeriod at least one second, ByState entries defined and containing
    /// available, pending, running and scheduled, ArgPaths well formed. <see langword="null"/> when valid.
    /// </summary>
    public static string? Validate(UniqueOptions opts)
    {
        ArgumentNullException.ThrowIfNull(opts);
        return JobOptionRules.ValidateUniquePeriod(opts.ByPeriod)
            ?? UniqueStates.Validate(opts.ByState)
            ?? (opts.ByArgs ? UniqueArgPaths.Validate(opts.ArgPaths) : null);
    }

    /// <summary>The start of the period <paramref name="time"/> falls in, in UTC (Go's <c>Time.Truncate</c>).</summary>
    public static DateTimeOffset PeriodStart(DateTimeOffset time, TimeSpan period)
    {
        if (period <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(period), period, "The unique period must be positive.");
        var ticks = time.UtcTicks;
        return new DateTimeOffset(ticks - ticks % period.Ticks, TimeSpan.Zero);
    }

    private static void Append(ref ByteBuilder builder, string kind, ReadOnlySpan<byte> encodedArgs, UniqueOptions opts, string queue, DateTimeOffset? scheduledAt, TimeProvider timeProvider, ArgsShape? shape)
    {
        ArgumentNullException.ThrowIfNull(kind);
        ArgumentNullException.ThrowIfNull(opts);
        ArgumentNullException.ThrowIfNull(queue);
        ArgumentNullException.ThrowIfNull(timeProvider);
        var error = Validate(opts);
        if (error is not null)
            throw new ArgumentException(error, nameof(opts));

        if (!opts.ExcludeKind)
        {
            builder.Append("&kind="u8);
            builder.AppendUtf8(kind);
        }

        if (opts.ByArgs)
        {
            builder.Append("&args="u8);
            if (opts.ArgPaths is { Count: > 0 } paths)
                CanonicalArgs.AppendSelected(ref builder, encodedArgs, UniqueArgPaths.Get(paths), shape);
            else
                CanonicalArgs.AppendAll(ref builder, encodedArgs, shape);
        }

        if (opts.ByPeriod is { } period)
        {
            var start = PeriodStart(scheduledAt ?? timeProvider.GetUtcNow(), period).UtcDateTime;
            builder.Append("&period="u8);
            Span<byte> text = stackalloc byte[20];
            start.TryFormat(text, out var written, "yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
            builder.Append(text[..written]);
        }

        if (opts.ByQueue)
        {
            builder.Append("&queue="u8);
            builder.AppendUtf8(queue);
        }
    }
}
