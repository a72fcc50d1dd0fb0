using System.Net.Sockets;
using Npgsql;

namespace River.Cli;

/// <summary>
/// Turns any failure into a single line for stderr and an exit code: never a stack trace, never the
/// password (it is masked should a message ever contain it).
/// </summary>
internal static class ErrorReporter
{
    /// <summary>Returns (line, exit code) for <paramref name="exception"/>.</summary>
    public static (string Line, int ExitCode) Describe(Exception exception, DatabaseTarget? target)
    {
        var (message, code) = exception switch
        {
            CliException e => (e.Message, e.ExitCode),
            RiverMigrationException e => (e.Message, ExitCodes.Usage),
            PostgresException e => (DescribePostgres(e, target), ExitCodes.DatabaseError),
            NpgsqlException e when Find<SocketException>(e) is { } socket =>
                ($"cannot connect to PostgreSQL at {target?.Endpoint ?? "the server"}: {socket.Message}", ExitCodes.DatabaseError),
            NpgsqlException e when Find<TimeoutException>(e) is not null =>
                ($"timed out connecting to PostgreSQL at {target?.Endpoint ?? "the server"}", ExitCodes.DatabaseError),
            NpgsqlException e => ($"PostgreSQL connection failed at {target?.Endpoint ?? "the server"}: {FirstLine(e.Message)}", ExitCodes.DatabaseError),
            OperationCanceledException => ("cancelled", ExitCodes.Cancelled),
            RiverNotFoundException e => (e.Message, ExitCodes.ValidationFailed),
            ArgumentException e => (e.Message, ExitCodes.Usage),
            RiverConfigurationException e => (e.Message, ExitCodes.Usage),
            InvalidOperationException e when e.Source == "River.Runtime" => (e.Message, ExitCodes.ValidationFailed),
            _ => ($"unexpected {exception.GetType().Name}: {FirstLine(exception.Message)}", ExitCodes.DatabaseError),
        };

        return ("error: " + Mask(FirstLine(message), target?.Password), code);
    }

    private static string DescribePostgres(PostgresException e, DatabaseTarget? target) => e.SqlState switch
    {
        PostgresErrorCodes.InvalidPassword or PostgresErrorCodes.InvalidAuthorizationSpecification =>
            $"authentication failed at {target?.Endpoint ?? "the server"}: {e.MessageText}",
        PostgresErrorCodes.InvalidCatalogName => $"{e.MessageText} (at {target?.Endpoint ?? "the server"})",
        PostgresErrorCodes.UndefinedTable when e.MessageText.Contains("river_typed_", StringComparison.Ordinal) =>
            $"{e.MessageText}: migration line 'typed' is not applied; run `river migrate-up` (it applies every line)",
        _ => $"PostgreSQL error {e.SqlState}: {e.MessageText}",
    };

    private static T? Find<T>(Exception e)
        where T : Exception
    {
        for (Exception? current = e; current is not null; current = current.InnerException)
        {
            if (current is T found)
            {
                return found;
            }
        }

        return null;
    }

    private static string FirstLine(string message)
    {
        var newline = message.IndexOfAny(['\r', '\n']);
        return newline < 0 ? message : message[..newline];
    }

    private static string Mask(string line, string? password) =>
        string.IsNullOrEmpty(password) ? line : line.Replace(password, "***", StringComparison.Ordinal);
}
