namespace River;

/// <summary>The answer of <see cref="RiverMigrator.ValidateAsync"/>.</summary>
/// <param name="IsValid">True when the database is at the latest version with nothing pending.</param>
/// <param name="Messages">Why it is not valid (empty when valid).</param>
/// <param name="Status">The state that was checked.</param>
public sealed record RiverValidationResult(bool IsValid, IReadOnlyList<string> Messages, RiverMigrationStatus Status);
