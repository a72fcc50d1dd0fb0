using River.Insertion;

namespace River;

/// <summary>
/// One job of an <see cref="RiverClient.InsertManyAsync(IEnumerable{JobInsertParams}, CancellationToken)"/> call:
/// typed args captured with their definition and options. Create with <see cref="Create{TArgs}"/>.
/// </summary>
public sealed class JobInsertParams
{
    private JobInsertParams(JobDefinition definition, ReadOnlyMemory<byte> encodedArgs, InsertOpts? opts)
    {
        Definition = definition;
        EncodedArgs = encodedArgs;
        Opts = opts;
    }

    /// <summary>The job kind's definition.</summary>
    public JobDefinition Definition { get; }
    /// <summary>The args, serialized.</summary>
    public ReadOnlyMemory<byte> EncodedArgs { get; }
    /// <summary>The per-call options, if any.</summary>
    public InsertOpts? Opts { get; }

    /// <summary>Returns the same job with other options (for insert middleware).</summary>
    public JobInsertParams WithOpts(InsertOpts? opts) => new(Definition, EncodedArgs, opts);

    /// <summary>Serializes <paramref name="args"/> with its generated serializer and captures the options.</summary>
    /// <exception cref="ArgumentException">The args cannot be serialized (e.g. a string with an unpaired surrogate).</exception>
    public static JobInsertParams Create<TArgs>(TArgs args, InsertOpts? opts = null) where TArgs : notnull
    {
        ArgumentNullException.ThrowIfNull(args);
        return ForDefinition(JobDefinition.For<TArgs>(), args, opts);
    }

    /// <summary>Like <see cref="Create{TArgs}(TArgs, InsertOpts?)"/> with a definition at hand (no registry lookup).</summary>
    internal static JobInsertParams ForDefinition<TArgs>(JobDefinition<TArgs> definition, TArgs args, InsertOpts? opts) where TArgs : notnull
    {
        ArgumentNullException.ThrowIfNull(args);
        return new JobInsertParams(definition, ArgsEncoding.Encode(definition, args), opts);
    }
}
