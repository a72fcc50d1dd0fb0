using River.Insertion;

namespace River;

/// <summary>
/// One job of an <see cref="RiverClient.InsertManyAsync(IEnumerable{JobInsertRequest}, CancellationToken)"/> call:
/// typed args captured with their definition and options. Create with <see cref="Create{TArgs}"/>.
/// </summary>
public sealed class JobInsertRequest
{
    private JobInsertRequest(JobDefinition definition, ReadOnlyMemory<byte> encodedArgs, InsertOptions? opts)
    {
        Definition = definition;
        EncodedArgs = encodedArgs;
        Options = opts;
    }

    /// <summary>The job kind's definition.</summary>
    public JobDefinition Definition { get; }
    /// <summary>The args, serialized.</summary>
    public ReadOnlyMemory<byte> EncodedArgs { get; }
    /// <summary>The per-call options, if any.</summary>
    public InsertOptions? Options { get; }

    /// <summary>Returns the same job with other options (for insert middleware).</summary>
    public JobInsertRequest WithOptions(InsertOptions? opts) => new(Definition, EncodedArgs, opts);

    /// <summary>Serializes <paramref name="args"/> with its generated serializer and captures the options.</summary>
    /// <exception cref="ArgumentException">The args cannot be serialized (e.g. a string with an unpaired surrogate).</exception>
    public static JobInsertRequest Create<TArgs>(TArgs args, InsertOptions? opts = null) where TArgs : notnull
    {
        ArgumentNullException.ThrowIfNull(args);
        return ForDefinition(JobDefinition.For<TArgs>(), args, opts);
    }

    /// <summary>Like <see cref="Create{TArgs}(TArgs, InsertOptions?)"/> with a definition at hand (no registry lookup).</summary>
    internal static JobInsertRequest ForDefinition<TArgs>(JobDefinition<TArgs> definition, TArgs args, InsertOptions? opts) where TArgs : notnull
    {
        ArgumentNullException.ThrowIfNull(args);
        return new JobInsertRequest(definition, ArgsEncoding.Encode(definition, args), opts);
    }
}
