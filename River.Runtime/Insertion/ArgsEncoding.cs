using System.Text.Json;
using River.Serialization;

namespace River.Insertion;

/// <summary>Serializes args for storage, turning every serializer failure into an <see cref="ArgumentException"/> that names the kind.</summary>
internal static class ArgsEncoding
{
    public static byte[] Encode<TArgs>(JobDefinition<TArgs> definition, TArgs args) where TArgs : notnull
    {
        byte[] bytes;
        try
        {
            bytes = definition.Serialize(args);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or JsonException or NotSupportedException or FormatException)
        {
            throw new ArgumentException($"The args of job kind '{definition.Kind}' cannot be serialized: {e.Message}", nameof(args), e);
        }
        var findings = JsonEscapes.Scan(bytes);
        // PostgreSQL's jsonb rejects the NUL character (\u0000) anywhere in a string.
        if ((findings & JsonEscapeFindings.Nul) != 0)
        {
            throw new ArgumentException(
                $"The args of job kind '{definition.Kind}' contain a NUL character (U+0000), which PostgreSQL's jsonb cannot store.", nameof(args));
        }
        // Invalid UTF-16 (a lone surrogate) has no UTF-8 form; the writer kept it as an escape so it can be refused here.
        if ((findings & JsonEscapeFindings.LoneSurrogate) != 0)
        {
            throw new ArgumentException(
                $"The args of job kind '{definition.Kind}' hold invalid UTF-16 {LoneSurrogates.Locate(bytes) ?? "(a lone UTF-16 surrogate escape)"}. "
                + "A lone surrogate has no UTF-8 form and PostgreSQL's jsonb cannot store it; fix the string where it is built.", nameof(args));
        }
        return bytes;
    }
}
