namespace River.Testing;

/// <summary>One entry of <see cref="RiverAssert.RequireManyInsertedAsync(Npgsql.NpgsqlDataSource, IReadOnlyList{ExpectedJob}, string, CancellationToken)"/>.</summary>
public sealed class ExpectedJob
{
    private ExpectedJob(JobDefinition definition, RequireInsertedOptions? opts, Func<ReadOnlyMemory<byte>, (bool Matches, string? Problem)>? args, string? argsDescription)
    {
        Definition = definition;
        Options = opts;
        ArgsMatch = args;
        ArgsDescription = argsDescription;
    }

    /// <summary>The kind expected.</summary>
    public string Kind => Definition.Kind;

    internal JobDefinition Definition { get; }
    internal RequireInsertedOptions? Options { get; }
    internal Func<ReadOnlyMemory<byte>, (bool Matches, string? Problem)>? ArgsMatch { get; }
    internal string? ArgsDescription { get; }

    /// <summary>A job of the kind of <typeparamref name="TArgs"/>, matching <paramref name="opts"/> and, when given, <paramref name="argsMatch"/>.</summary>
    public static ExpectedJob Of<TArgs>(RequireInsertedOptions? opts = null, Func<TArgs, bool>? argsMatch = null) where TArgs : notnull
    {
        var definition = JobDefinition.For<TArgs>();
        return new ExpectedJob(definition, opts, argsMatch is null ? null : JobExpectation.ArgsMatcher(definition, argsMatch), argsMatch is null ? null : "args matching the predicate");
    }
}
