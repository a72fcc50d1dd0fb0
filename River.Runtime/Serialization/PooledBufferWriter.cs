using System.Buffers;

namespace River.Serialization;

/// <summary>
/// An <see cref="IBufferWriter{T}"/> of bytes on arrays rented from <see cref="ArrayPool{T}.Shared"/>: growing rents
/// a larger array and returns the old one, so serializing a large payload (a megabyte of args) does not allocate a
/// chain of ever larger arrays on the large-object heap each time. Not thread-safe (one writer, one thread).
/// </summary>
internal sealed class PooledBufferWriter : IBufferWriter<byte>
{
    private byte[] _buffer;
    private int _written;

    /// <param name="initialCapacity">The size of the first array asked of the pool.</param>
    public PooledBufferWriter(int initialCapacity) => _buffer = ArrayPool<byte>.Shared.Rent(initialCapacity);

    /// <summary>The size of the array in use.</summary>
    public int Capacity => _buffer.Length;

    /// <summary>What was written since the last <see cref="Reset"/>.</summary>
    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _written);

    /// <summary>Forgets what was written; when the array grew beyond <paramref name="maxRetained"/> bytes, swaps it for one of <paramref name="initialCapacity"/>.</summary>
    public void Reset(int maxRetained, int initialCapacity)
    {
        _written = 0;
        if (_buffer.Length > maxRetained)
        {
            var large = _buffer;
            _buffer = ArrayPool<byte>.Shared.Rent(initialCapacity);
            ArrayPool<byte>.Shared.Return(large);
        }
    }

    /// <inheritdoc />
    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (_written > _buffer.Length - count)
        {
            throw new InvalidOperationException("Advanced past the end of the buffer.");
        }
        _written += count;
    }

    /// <inheritdoc />
    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsMemory(_written);
    }

    /// <inheritdoc />
    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsSpan(_written);
    }

    private void Ensure(int sizeHint)
    {
        var needed = Math.Max(sizeHint, 1);
        if (_buffer.Length - _written >= needed)
        {
            return;
        }
        var size = (int)Math.Min(Array.MaxLength, Math.Max((long)_buffer.Length * 2, (long)_written + needed));
        if (size - _written < needed)
        {
            throw new OutOfMemoryException("The serialized args exceed the largest array .NET can allocate.");
        }
        var larger = ArrayPool<byte>.Shared.Rent(size);
        _buffer.AsSpan(0, _written).CopyTo(larger);
        var old = _buffer;
        _buffer = larger;
        ArrayPool<byte>.Shared.Return(old);
    }
}
