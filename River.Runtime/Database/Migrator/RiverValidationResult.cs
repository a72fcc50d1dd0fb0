namespace River;

/// <summary>The answer of <see cref="RiverMigrator.ValidateAsync"/>.</summary>
/// <param name="IsValid">True when every line (<see cref="RiverMigrator.Lines"/>) is at its latest version with nothing pending.</param>
/// <param name="Messages">Why it is not valid, one message per line that is not (empty when valid).</param>
/// <param name="Status">The state of line <c>main</c>.</param>
public sealed record RiverValidationResult(bool IsValid, IReadOnlyList<string> Messages, RiverMigrationStatus Status)
{
    /// <summary>The state of every line, in <see cref="RiverMigrator.Lines"/> order (line <c>main</c> first).</summary>
    public IReadOnlyList<RiverMigrationStatus> Lines { get; init; } = [Status];
}
