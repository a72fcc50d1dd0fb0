namespace River.Database.Queries;

/// <summary>The statements of the notifier's dedicated connection (channel names are schema-prefixed already).</summary>
internal static class NotifierSql
{
    /// <summary>Starts listening on <paramref name="channel"/> (quoted, so any channel name is safe).</summary>
    public static string Listen(string channel) => "LISTEN " + SchemaSql.QuoteIdentifier(channel);

    /// <summary>Stops listening on <paramref name="channel"/>.</summary>
    public static string Unlisten(string channel) => "UNLISTEN " + SchemaSql.QuoteIdentifier(channel);

    /// <summary>The idle ping (keeps the connection and its LISTENs alive, detects a dead server).</summary>
    public const string Ping = "SELECT 1";

    /// <summary>A NOTIFY on the notifier's private wake-up channel <c>@c</c> (interrupts its wait).</summary>
    public const string Wake = "SELECT pg_notify(@c, '')";
}
