namespace River;

/// <summary>What a flow limit covers: every job of a queue, or every job of a kind (in any queue).</summary>
public readonly record struct FlowScope
{
    private FlowScope(string? queue, string? kind)
    {
        Queue = queue;
        Kind = kind;
    }

    /// <summary>The queue, for a queue's limits; else <see langword="null"/>.</summary>
    public string? Queue { get; }

    /// <summary>The kind, for a kind's limits; else <see langword="null"/>.</summary>
    public string? Kind { get; }

    /// <summary>The id stored in <c>river_typed_flow_limit.id</c>: <c>queue:&lt;name&gt;</c> or <c>kind:&lt;kind&gt;</c>.</summary>
    public string Id => Kind is null ? "queue:" + Queue : "kind:" + Kind;

    /// <summary>The limits of every job of <paramref name="queue"/>.</summary>
    /// <exception cref="ArgumentException">The name is not a valid queue name.</exception>
    public static FlowScope ForQueue(string queue)
    {
        ArgumentNullException.ThrowIfNull(queue);
        if (JobOptionRules.ValidateQueue(queue) is { } error)
        {
            throw new ArgumentException(error, nameof(queue));
        }
        return new FlowScope(queue, null);
    }

    /// <summary>The limits of every job of <paramref name="kind"/>, in any queue.</summary>
    /// <exception cref="ArgumentException">The kind is not a valid kind.</exception>
    public static FlowScope ForKind(string kind)
    {
        ArgumentNullException.ThrowIfNull(kind);
        if (JobOptionRules.ValidateKind(kind) is { } error)
        {
            throw new ArgumentException(error, nameof(kind));
        }
        return new FlowScope(null, kind);
    }

    /// <summary>
    /// A scope as stored in <c>river_typed_flow_limit</c>, not checked: a row written by other means (another writer,
    /// SQL) may hold a name the API's rules refuse, and reading it must not fail the whole list.
    /// </summary>
    internal static FlowScope Stored(string? queue, string? kind) => kind is null ? new FlowScope(queue ?? "", null) : new FlowScope(null, kind);

    /// <summary>Parses an id written <c>queue:&lt;name&gt;</c> or <c>kind:&lt;kind&gt;</c> (as <see cref="Id"/> writes it).</summary>
    /// <exception cref="ArgumentException">The text is neither form, or the name is invalid.</exception>
    public static FlowScope Parse(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (id.StartsWith("queue:", StringComparison.Ordinal))
        {
            return ForQueue(id["queue:".Length..]);
        }
        if (id.StartsWith("kind:", StringComparison.Ordinal))
        {
            return ForKind(id["kind:".Length..]);
        }
        throw new ArgumentException($"A flow limit is named 'queue:<queue>' or 'kind:<kind>', got '{id}'.", nameof(id));
    }

    /// <inheritdoc/>
    public override string ToString() => Id;
}
