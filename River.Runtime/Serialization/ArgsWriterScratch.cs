using System.Text.Json;

namespace River;

/// <summary>
/// A per-thread buffer and <see cref="Utf8JsonWriter"/> for serializing args, so an insert allocates only the
/// resulting byte array (not a writer and a growing buffer per job). Rented and returned: a nested serialization on
/// the same thread (a converter that inserts a job, say) simply gets a fresh pair. The buffer's arrays come from
/// <see cref="System.Buffers.ArrayPool{T}.Shared"/>; one that grew beyond <see cref="MaxRetainedBytes"/> (a large
/// payload) goes back to the pool on return instead of staying with the thread.
/// </summary>
internal sealed class ArgsWriterScratch
{
    /// <summary>The largest buffer kept for reuse; larger ones go to the GC after the call that needed them.</summary>
    internal const int MaxRetainedBytes = 64 * 1024;

    /// <summary>
    /// System.Text.Json's defaults, with an encoder that keeps lone surrogates as escapes (instead of U+FFFD) so the
    /// insert path can refuse them (see <see cref="Serialization.LoneSurrogateEscapingEncoder"/>).
    /// </summary>
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = Serialization.LoneSurrogateEscapingEncoder.Instance };

    [ThreadStatic]
    private static ArgsWriterScratch? t_cached;

    /// <summary>The size of a fresh buffer.</summary>
    private const int InitialBytes = 256;

    private ArgsWriterScratch()
    {
        Buffer = new Serialization.PooledBufferWriter(InitialBytes);
        Writer = new Utf8JsonWriter(Buffer, WriterOptions);
    }

    /// <summary>Pooled: a large payload grows through pooled arrays instead of new ones on every call.</summary>
    public Serialization.PooledBufferWriter Buffer { get; }

    public Utf8JsonWriter Writer { get; }

    /// <summary>Takes this thread's scratch pair (or a new one), reset and empty.</summary>
    public static ArgsWriterScratch Rent()
    {
        var scratch = t_cached;
        if (scratch is null)
        {
            return new ArgsWriterScratch();
        }
        t_cached = null;
        return scratch;
    }

    /// <summary>Gives the pair back for the next call on this thread, unless its buffer grew too large.</summary>
    public static void Return(ArgsWriterScratch scratch)
    {
        scratch.Buffer.Reset(MaxRetainedBytes, InitialBytes); // a grown array goes back to the pool, not to this thread
        scratch.Writer.Reset(scratch.Buffer);
        t_cached = scratch;
    }
}
