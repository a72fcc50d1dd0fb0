using System.Globalization;
using Npgsql;

namespace River;

/// <summary>
/// Turns what users pass as a database address — a URL (<c>postgres://user:password@host:port/db?sslmode=…</c>,
/// as River and most tools take it) or an Npgsql keyword connection string — into a checked Npgsql
/// connection string. Error messages never contain the password.
/// </summary>
public static class DatabaseUrl
{
    private const int DefaultPort = 5432;

    /// <summary>
    /// Parses <paramref name="value"/>: a <c>postgres://</c> or <c>postgresql://</c> URL (query parameters
    /// sslmode, application_name, connect_timeout, search_path, options) or a keyword connection string.
    /// </summary>
    /// <exception cref="FormatException">The value is neither, or has an unsupported part; the message names it.</exception>
    public static string ToConnectionString(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var trimmed = value.Trim();
        if (trimmed.Length == 0)
        {
            throw new FormatException("The database URL is empty.");
        }

        if (trimmed.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) ||
            trimmed.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
        {
            return FromUrl(trimmed);
        }

        if (trimmed.Contains("://", StringComparison.Ordinal))
        {
            throw new FormatException(
                $"The database URL has scheme '{trimmed[..trimmed.IndexOf("://", StringComparison.Ordinal)]}'; expected postgres:// or postgresql://.");
        }

        if (!trimmed.Contains('=', StringComparison.Ordinal))
        {
            throw new FormatException("The database URL is neither a postgres:// URL nor a keyword=value connection string.");
        }

        try
        {
            return new NpgsqlConnectionStringBuilder(trimmed).ConnectionString;
        }
        catch (ArgumentException e)
        {
            throw new FormatException($"The connection string is invalid: {e.Message}", e);
        }
    }

    private static string FromUrl(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Host.Length == 0)
        {
            throw new FormatException("The database URL is malformed; expected postgres://user:password@host:port/database.");
        }

        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.HostNameType == UriHostNameType.IPv6 ? uri.Host.Trim('[', ']') : uri.Host,
            Port = uri.IsDefaultPort || uri.Port < 0 ? DefaultPort : uri.Port,
        };

        if (uri.UserInfo.Length > 0)
        {
            var colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
            builder.Username = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon]);
            if (colon >= 0)
            {
                builder.Password = Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
            }
        }

        var database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        if (database.Contains('/', StringComparison.Ordinal))
        {
            throw new FormatException("The database URL's path must be a single database name.");
        }

        if (database.Length > 0)
        {
            builder.Database = database;
        }

        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var key = Uri.UnescapeDataString(eq < 0 ? pair : pair[..eq]);
            var val = eq < 0 ? "" : Uri.UnescapeDataString(pair[(eq + 1)..]);
            ApplyParameter(builder, key, val);
        }

        return builder.ConnectionString;
    }

    private static void ApplyParameter(NpgsqlConnectionStringBuilder builder, string key, string value)
    {
        switch (key)
        {
            case "sslmode":
                builder.SslMode = value switch
                {
                    "disable" => SslMode.Disable,
                    "allow" => SslMode.Allow,
                    "prefer" => SslMode.Prefer,
                    "require" => SslMode.Require,
                    "verify-ca" => SslMode.VerifyCA,
                    "verify-full" => SslMode.VerifyFull,
                    _ => throw new FormatException($"The database URL's sslmode '{value}' is not one of disable, allow, prefer, require, verify-ca, verify-full."),
                };
                break;
            case "application_name":
                builder.ApplicationName = value;
                break;
            case "connect_timeout":
                builder.Timeout = int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
                    ? seconds
                    : throw new FormatException($"The database URL's connect_timeout '{value}' is not a whole number of seconds.");
                break;
            case "search_path":
                builder.SearchPath = value;
                break;
            case "options":
                builder.Options = value;
                break;
            default:
                throw new FormatException(
                    $"The database URL has parameter '{key}', which is not supported (supported: sslmode, application_name, connect_timeout, search_path, options).");
        }
    }
}
