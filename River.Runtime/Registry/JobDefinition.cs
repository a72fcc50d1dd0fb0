using System.ComponentModel;
using System.Text.Json;

namespace River;

/// <summary>
/// Everything the runtime knows about a job kind: its args type, serializer, insert defaults and uniqueness.
/// Instances are emitted by the source generator; hand-written definitions are supported for advanced use.
/// </summary>
public abstract class JobDefinition
{
    private protected JobDefinition(string kind, Type argsType, JobDefaults? defaults, UniqueOptions? unique)
    {
        ArgumentException.ThrowIfNullOrEmpty(kind);
        Kind = kind;
        ArgsType = argsType;
        Defaults = defaults ?? JobDefaults.None;
        Unique = unique;
    }

    /// <summary>The kind stored in <c>river_job.kind</c>.</summary>
    public string Kind { get; }
    /// <summary>The args type.</summary>
    public Type ArgsType { get; }
    /// <summary>Insert defaults declared on the args type.</summary>
    public JobDefaults Defaults { get; }
    /// <summary>Uniqueness declared on the args type, or <see langword="null"/>.</summary>
    public UniqueOptions? Unique { get; }

    /// <summary>
    /// Where the encoded args hold dictionaries, times and floats, so unique keys hash them as River Go does (emitted by
    /// the generator for kinds with unique options); <see langword="null"/> hashes values as written.
    /// </summary>
    [System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
    public River.Uniqueness.ArgsShape? ArgsShape { get; private protected init; }

    /// <summary>Returns the definition of <typeparamref name="TArgs"/> registered by its assembly's generated code.</summary>
    /// <exception cref="InvalidOperationException">No generated definition exists: the type lacks <see cref="JobArgsAttribute"/> or the generator did not run.</exception>
    public static JobDefinition<TArgs> For<TArgs>() where TArgs : notnull
        => JobDefinitionCache<TArgs>.Value
           ?? throw new InvalidOperationException(
               $"No job definition is registered for '{typeof(TArgs).FullName}'. Mark it [JobArgs(\"kind\")] and make sure the River.Typed source generator runs on its project.");

    /// <summary>The definition of <typeparamref name="TArgs"/> when its assembly's generated code registered one, else null.</summary>
    internal static JobDefinition<TArgs>? TryFor<TArgs>() where TArgs : notnull => JobDefinitionCache<TArgs>.Value;

    /// <summary>
    /// Makes <paramref name="definition"/> the one <see cref="For{TArgs}"/> returns. Called by generated module
    /// initializers; calling it again for the same type replaces the entry. Generator plumbing: hidden from IntelliSense.
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static void Register<TArgs>(JobDefinition<TArgs> definition) where TArgs : notnull
    {
        ArgumentNullException.ThrowIfNull(definition);
        JobDefinitionCache<TArgs>.Value = definition;
    }

    private static class JobDefinitionCache<TArgs> where TArgs : notnull
    {
        public static JobDefinition<TArgs>? Value;
    }
}

/// <summary>The definition of the job kind whose args are <typeparamref name="TArgs"/>.</summary>
public sealed class JobDefinition<TArgs> : JobDefinition where TArgs : notnull
{
    /// <summary>Creates a definition.</summary>
    /// <param name="kind">The kind.</param>
    /// <param name="write">Writes args as JSON.</param>
    /// <param name="read">Reads args from JSON.</param>
    /// <param name="defaults">Insert defaults, or <see langword="null"/>.</param>
    /// <param name="unique">Uniqueness, or <see langword="null"/>.</param>
    /// <param name="argsShape">Where the args hold dictionaries, times and floats (see <see cref="JobDefinition.ArgsShape"/>), or <see langword="null"/>.</param>
    /// <remarks>Generator plumbing (hidden from IntelliSense): get a kind's definition with <see cref="JobDefinition.For{TArgs}"/>.</remarks>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public JobDefinition(string kind, JobArgsWriter<TArgs> write, JobArgsReader<TArgs> read, JobDefaults? defaults = null, UniqueOptions? unique = null, River.Uniqueness.ArgsShape? argsShape = null)
        : base(kind, typeof(TArgs), defaults, unique)
    {
        ArgsShape = argsShape;
        ArgumentNullException.ThrowIfNull(write);
        ArgumentNullException.ThrowIfNull(read);
        Write = write;
        Read = read;
    }

    /// <summary>The generated JSON writer.</summary>
    public JobArgsWriter<TArgs> Write { get; }
    /// <summary>The generated JSON reader.</summary>
    public JobArgsReader<TArgs> Read { get; }

    /// <summary>Serializes args to UTF-8 JSON.</summary>
    /// <remarks>
    /// The output is System.Text.Json's with its default encoder, except that a lone UTF-16 surrogate in a string or
    /// property name is written as its <c>\uD800</c>-style escape rather than replaced by U+FFFD, so invalid text is
    /// never silently changed. Such JSON cannot be stored (jsonb refuses it): the insert methods refuse these args
    /// with an <see cref="ArgumentException"/> that names the kind, the JSON path and the index in the string.
    /// </remarks>
    public byte[] Serialize(TArgs args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var scratch = ArgsWriterScratch.Rent();
        try
        {
            Write(scratch.Writer, args);
            scratch.Writer.Flush();
            return scratch.Buffer.WrittenSpan.ToArray();
        }
        finally
        {
            ArgsWriterScratch.Return(scratch);
        }
    }

    /// <summary>Deserializes args from UTF-8 JSON.</summary>
    /// <exception cref="JsonException">The JSON does not fit the args type.</exception>
    public TArgs Deserialize(ReadOnlySpan<byte> utf8Json)
    {
        var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
        var value = Read(ref reader);
        if (reader.Read())
        {
            throw new JsonException($"The args of kind '{Kind}' have content after the JSON value (at byte {reader.TokenStartIndex}).");
        }
        return value ?? throw new JsonException($"The args of kind '{Kind}' are JSON null.");
    }
}
