namespace River;

/// <summary>
/// Thrown by the insert methods when River's tables do not exist in the client's schema (the database is not
/// migrated): the message names the schema and the fix (<c>river migrate-up</c> or <see cref="RiverMigrator"/>). Nothing
/// was written. <see cref="RiverClient.StartAsync"/> reports the same condition as a <see cref="RiverStartupException"/>
/// with the same message.
/// </summary>
public sealed class RiverSchemaMissingException : Exception
{
    /// <summary>Creates the exception with its cause (the <see cref="Npgsql.PostgresException"/>).</summary>
    public RiverSchemaMissingException(string message, Exception innerException) : base(message, innerException) { }
}
