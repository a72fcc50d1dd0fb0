using System.Buffers;
using System.Text;

namespace River.Uniqueness;

/// <summary>
/// A growable UTF-8 byte buffer over <see cref="ArrayPool{T}.Shared"/>, for building unique-key strings
/// without intermediate allocations. Must be disposed to return its array.
/// </summary>
internal ref struct ByteBuilder
{
    private byte[] _array;
    private int _length;

    public ByteBuilder(int initialCapacity)
    {
        _array = ArrayPool<byte>.Shared.Rent(Math.Max(initialCapacity, 64));
        _length = 0;
    }

    /// <summary>The bytes written so far.</summary>
    public readonly ReadOnlySpan<byte> Written => _array.AsSpan(0, _length);

    /// <summary>The number of bytes written so far.</summary>
    public readonly int Length => _length;

    public void Append(byte value)
    {
        if (_length == _array.Length)
            Grow(1);
        _array[_length++] = value;
    }

    public void Append(scoped ReadOnlySpan<byte> value)
    {
        if (_length + value.Length > _array.Length)
            Grow(value.Length);
        value.CopyTo(_array.AsSpan(_length));
        _length += value.Length;
    }

    /// <summary>Appends a string as UTF-8 (lone surrogates become U+FFFD, as Go's string conversion does).</summary>
    public void AppendUtf8(string value)
    {
        var max = Encoding.UTF8.GetMaxByteCount(value.Length);
        if (_length + max > _array.Length)
            Grow(max);
        _length += Encoding.UTF8.GetBytes(value, _array.AsSpan(_length));
    }

    /// <summary>Drops everything written after <paramref name="length"/>.</summary>
    public void Truncate(int length) => _length = length;

    private void Grow(int needed)
    {
        var next = ArrayPool<byte>.Shared.Rent(Math.Max(_array.Length * 2, _length + needed));
        _array.AsSpan(0, _length).CopyTo(next);
        ArrayPool<byte>.Shared.Return(_array);
        _array = next;
    }

    public void Dispose()
    {
        var array = _array;
        _array = [];
        _length = 0;
        if (array.Length > 0)
            ArrayPool<byte>.Shared.Return(array);
    }
}
