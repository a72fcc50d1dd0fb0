using System.Globalization;
using System.Text;
using Npgsql;
using River.Database.Queries;

namespace River.Testing;

/// <summary>
/// Assertions about inserted jobs for users' tests, modelled on River's <c>rivertest</c>: that a job of a kind was
/// inserted (optionally with a queue, priority, state, tags, scheduled time, max attempts and args), that none was,
/// or that a sequence of jobs was. Each reads <c>river_job</c> through a data source, or inside a transaction (so
/// it sees the transaction's own uncommitted inserts), and throws <see cref="RiverAssertionException"/> with what was
/// expected and what exists when the expectation does not hold.
/// </summary>
/// <example>
/// <code>
/// await RiverAssert.RequireInsertedAsync&lt;SendEmail&gt;(tx, new RequireInsertedOptions { Queue = "mail", Priority = 2 },
///     args => args.To == "a@example.com");
/// </code>
/// </example>
public static class RiverAssert
{
    private const int MaxRowsShown = 10;

    /// <summary>
    /// Requires exactly one job of <typeparamref name="TArgs"/>'s kind that matches <paramref name="opts"/> and
    /// <paramref name="argsMatch"/>, and returns it with its args decoded.
    /// </summary>
    /// <exception cref="RiverAssertionException">No such job, or more than one (use <see cref="RequireManyInsertedAsync(NpgsqlDataSource, IReadOnlyList{ExpectedJob}, string, CancellationToken)"/> for several).</exception>
    public static async Task<Job<TArgs>> RequireInsertedAsync<TArgs>(NpgsqlDataSource dataSource, RequireInsertedOptions? opts = null,
        Func<TArgs, bool>? argsMatch = null, CancellationToken cancellationToken = default) where TArgs : notnull
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await RequireInsertedCoreAsync(connection, null, opts, argsMatch, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Like <see cref="RequireInsertedAsync{TArgs}(NpgsqlDataSource, RequireInsertedOptions?, Func{TArgs, bool}?, CancellationToken)"/>, inside <paramref name="transaction"/>.</summary>
    public static Task<Job<TArgs>> RequireInsertedAsync<TArgs>(NpgsqlTransaction transaction, RequireInsertedOptions? opts = null,
        Func<TArgs, bool>? argsMatch = null, CancellationToken cancellationToken = default) where TArgs : notnull
        => RequireInsertedCoreAsync(ConnectionOf(transaction), transaction, opts, argsMatch, cancellationToken);

    /// <summary>Requires that no job of <typeparamref name="TArgs"/>'s kind matches <paramref name="opts"/> and <paramref name="argsMatch"/>.</summary>
    /// <exception cref="RiverAssertionException">At least one job matches.</exception>
    public static async Task RequireNotInsertedAsync<TArgs>(NpgsqlDataSource dataSource, RequireInsertedOptions? opts = null,
        Func<TArgs, bool>? argsMatch = null, CancellationToken cancellationToken = default) where TArgs : notnull
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await RequireNotInsertedCoreAsync(connection, null, opts, argsMatch, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Like <see cref="RequireNotInsertedAsync{TArgs}(NpgsqlDataSource, RequireInsertedOptions?, Func{TArgs, bool}?, CancellationToken)"/>, inside <paramref name="transaction"/>.</summary>
    public static Task RequireNotInsertedAsync<TArgs>(NpgsqlTransaction transaction, RequireInsertedOptions? opts = null,
        Func<TArgs, bool>? argsMatch = null, CancellationToken cancellationToken = default) where TArgs : notnull
        => RequireNotInsertedCoreAsync(ConnectionOf(transaction), transaction, opts, argsMatch, cancellationToken);

    /// <summary>
    /// Requires that the jobs whose kinds appear in <paramref name="expected"/> are, in id (insertion) order, exactly
    /// the expected sequence — same count, same kinds in the same order — and that each matches its options.
    /// </summary>
    /// <returns>The jobs, in order.</returns>
    /// <exception cref="RiverAssertionException">The jobs differ in number, order, kind or options.</exception>
    public static async Task<IReadOnlyList<JobRow>> RequireManyInsertedAsync(NpgsqlDataSource dataSource, IReadOnlyList<ExpectedJob> expected,
        string schema = RiverDefaults.Schema, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await RequireManyInsertedCoreAsync(connection, null, expected, schema, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Like <see cref="RequireManyInsertedAsync(NpgsqlDataSource, IReadOnlyList{ExpectedJob}, string, CancellationToken)"/>, inside <paramref name="transaction"/>.</summary>
    public static Task<IReadOnlyList<JobRow>> RequireManyInsertedAsync(NpgsqlTransaction transaction, IReadOnlyList<ExpectedJob> expected,
        string schema = RiverDefaults.Schema, CancellationToken cancellationToken = default)
        => RequireManyInsertedCoreAsync(ConnectionOf(transaction), transaction, expected, schema, cancellationToken);

    private static async Task<Job<TArgs>> RequireInsertedCoreAsync<TArgs>(NpgsqlConnection connection, NpgsqlTransaction? transaction,
        RequireInsertedOptions? opts, Func<TArgs, bool>? argsMatch, CancellationToken cancellationToken) where TArgs : notnull
    {
        var definition = JobDefinition.For<TArgs>();
        var expectation = Expectation(definition, opts, argsMatch);
        var statements = Statements(opts?.Schema);
        var rows = await JobsOfKindsAsync(connection, transaction, statements, [definition.Kind], cancellationToken).ConfigureAwait(false);
        var matching = rows.Where(r => expectation.Mismatches(r).Count == 0).ToList();
        if (matching.Count == 1)
        {
            return new Job<TArgs>(matching[0], definition.Deserialize(matching[0].EncodedArgs.Span));
        }

        var message = new StringBuilder($"Expected 1 job of {expectation.Describe()}, found ");
        if (matching.Count > 1)
        {
            message.Append(matching.Count.ToString(CultureInfo.InvariantCulture)).Append(':');
            AppendRows(message, matching, row => null);
            message.AppendLine().Append("Use RequireManyInsertedAsync to expect several jobs, or narrow the expectation.");
        }
        else
        {
            message.Append("none");
            await AppendWhatExistsAsync(message, connection, transaction, statements, expectation, rows, cancellationToken).ConfigureAwait(false);
        }
        throw new RiverAssertionException(message.ToString());
    }

    private static async Task RequireNotInsertedCoreAsync<TArgs>(NpgsqlConnection connection, NpgsqlTransaction? transaction,
        RequireInsertedOptions? opts, Func<TArgs, bool>? argsMatch, CancellationToken cancellationToken) where TArgs : notnull
    {
        var definition = JobDefinition.For<TArgs>();
        var expectation = Expectation(definition, opts, argsMatch);
        var rows = await JobsOfKindsAsync(connection, transaction, Statements(opts?.Schema), [definition.Kind], cancellationToken).ConfigureAwait(false);
        var matching = rows.Where(r => expectation.Mismatches(r).Count == 0).ToList();
        if (matching.Count == 0)
        {
            return;
        }
        var message = new StringBuilder($"Expected no job of {expectation.Describe()}, found {matching.Count.ToString(CultureInfo.InvariantCulture)}:");
        AppendRows(message, matching, row => null);
        throw new RiverAssertionException(message.ToString());
    }

    private static async Task<IReadOnlyList<JobRow>> RequireManyInsertedCoreAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction,
        IReadOnlyList<ExpectedJob> expected, string schema, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(expected);
        if (expected.Count == 0)
        {
            throw new ArgumentException("Expected jobs must not be empty; use RequireNotInsertedAsync to require that none was inserted.", nameof(expected));
        }
        var expectations = expected.Select(e => JobExpectation.From(e ?? throw new ArgumentException("Expected jobs must not contain null.", nameof(expected)))).ToList();
        var statements = Statements(schema);
        var kinds = expectations.Select(e => e.Kind).Distinct(StringComparer.Ordinal).ToArray();
        var rows = await JobsOfKindsAsync(connection, transaction, statements, kinds, cancellationToken).ConfigureAwait(false);

        var problems = new List<string>();
        if (rows.Count != expectations.Count)
        {
            problems.Add($"found {rows.Count.ToString(CultureInfo.InvariantCulture)} job(s) of these kinds instead of {expectations.Count.ToString(CultureInfo.InvariantCulture)}");
        }
        for (var i = 0; i < Math.Min(rows.Count, expectations.Count); i++)
        {
            var mismatches = expectations[i].Mismatches(rows[i]);
            if (mismatches.Count > 0)
            {
                problems.Add($"#{(i + 1).ToString(CultureInfo.InvariantCulture)}, job {rows[i].Id.ToString(CultureInfo.InvariantCulture)}: {string.Join(", ", mismatches)}");
            }
        }
        if (problems.Count == 0)
        {
            return rows;
        }
        var message = new StringBuilder("Expected, in insertion order:");
        for (var i = 0; i < expectations.Count; i++)
        {
            message.AppendLine().Append("  #").Append((i + 1).ToString(CultureInfo.InvariantCulture)).Append(' ').Append(expectations[i].Describe());
        }
        message.AppendLine().Append("but ").Append(string.Join("; ", problems)).Append(". Jobs of these kinds:");
        if (rows.Count == 0)
        {
            message.Append(" none.");
        }
        AppendRows(message, rows, row => null);
        throw new RiverAssertionException(message.ToString());
    }

    /// <summary>Explains a "none found": the jobs of the kind that exist and why each does not match, or the kinds that do exist.</summary>
    private static async Task AppendWhatExistsAsync(StringBuilder message, NpgsqlConnection connection, NpgsqlTransaction? transaction,
        TestingStatements statements, JobExpectation expectation, List<JobRow> ofKind, CancellationToken cancellationToken)
    {
        if (ofKind.Count > 0)
        {
            message.Append("; ").Append(ofKind.Count.ToString(CultureInfo.InvariantCulture))
                   .Append(ofKind.Count == 1 ? " job of this kind does not match:" : " jobs of this kind do not match:");
            AppendRows(message, ofKind, row => string.Join(", ", expectation.Mismatches(row)));
            return;
        }
        var counts = new List<string>();
        await using (var cmd = new NpgsqlCommand(statements.KindCounts, connection, transaction))
        await using (var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                counts.Add($"'{reader.GetString(0)}' ({reader.GetInt64(1).ToString(CultureInfo.InvariantCulture)})");
            }
        }
        message.Append(counts.Count == 0
            ? ": there are no jobs at all."
            : $": there is no job of kind '{expectation.Kind}'; kinds present: {string.Join(", ", counts)}.");
    }

    private static void AppendRows(StringBuilder message, List<JobRow> rows, Func<JobRow, string?> why)
    {
        foreach (var row in rows.Take(MaxRowsShown))
        {
            message.AppendLine().Append("  ").Append(JobExpectation.Summarize(row));
            if (why(row) is { } reason)
            {
                message.Append(": ").Append(reason);
            }
        }
        if (rows.Count > MaxRowsShown)
        {
            message.AppendLine().Append("  … and ").Append((rows.Count - MaxRowsShown).ToString(CultureInfo.InvariantCulture)).Append(" more");
        }
    }

    private static JobExpectation Expectation<TArgs>(JobDefinition<TArgs> definition, RequireInsertedOptions? opts, Func<TArgs, bool>? argsMatch) where TArgs : notnull
        => new(definition.Kind, opts, argsMatch is null ? null : JobExpectation.ArgsMatcher(definition, argsMatch), argsMatch is null ? null : "args matching the predicate");

    private static async Task<List<JobRow>> JobsOfKindsAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, TestingStatements statements,
        string[] kinds, CancellationToken cancellationToken)
    {
        await using var cmd = new NpgsqlCommand(statements.JobsByKinds, connection, transaction);
        cmd.Parameters.Add(new NpgsqlParameter<string[]>("kinds", kinds));
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var rows = new List<JobRow>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(JobRowReader.Read(reader));
        }
        return rows;
    }

    /// <summary>The statements of <paramref name="schema"/> (default <c>public</c>), built once per schema (<see cref="SchemaSql.ForSchema"/>).</summary>
    internal static TestingStatements Statements(string? schema)
    {
        schema ??= RiverDefaults.Schema;
        if (JobOptionRules.ValidateSchemaName(schema) is { } error)
        {
            throw new ArgumentException(error, nameof(schema));
        }
        return SchemaSql.ForSchema(schema).Testing;
    }

    private static NpgsqlConnection ConnectionOf(NpgsqlTransaction transaction)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        return transaction.Connection ?? throw new ArgumentException("The transaction is already committed or rolled back.", nameof(transaction));
    }
}
