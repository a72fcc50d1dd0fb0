using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace River.Analyzers.Insertion;

/// <summary>
/// Reads a constant <c>InsertOptions.Metadata</c> text the way the insert does (System.Text.Json's
/// <c>JsonDocument.Parse</c> with default options: RFC 8259 JSON, no comments, no trailing commas, depth at most 64),
/// then applies the runtime's checks: the root is an object, no NUL, no lone surrogate. The analyzers cannot load
/// System.Text.Json in every host, hence this reader; the key rule itself is the runtime's
/// (<c>JobOptionRules.ValidateMetadataKey</c>).
/// </summary>
internal sealed class MetadataText
{
    /// <summary>System.Text.Json's default maximum depth.</summary>
    public const int MaxDepth = 64;

    private readonly string _text;
    private int _position;
    private string? _stringProblem;

    private MetadataText(string text) => _text = text;

    /// <summary>
    /// Why the insert would refuse <paramref name="text"/> as metadata (<see langword="null"/> when it would not), and
    /// the root object's keys.
    /// </summary>
    public static string? Check(string text, out List<string> keys)
    {
        keys = [];
        var reader = new MetadataText(text);
        reader.SkipWhitespace();
        if (reader._position == text.Length)
        {
            return "the text is empty";
        }
        if (text[reader._position] != '{')
        {
            var value = reader.ReadValue(0);
            return value ?? "the root is " + reader.Describe(text[SkipLeading(text)]) + ", not an object";
        }
        var problem = reader.ReadObject(0, keys);
        if (problem is not null)
        {
            return problem;
        }
        reader.SkipWhitespace();
        if (reader._position != text.Length)
        {
            return "unexpected " + reader.Describe(text[reader._position]) + " after the object at index " + reader._position.ToString(CultureInfo.InvariantCulture);
        }
        return reader._stringProblem;
    }

    private static int SkipLeading(string text)
    {
        var i = 0;
        while (i < text.Length && IsWhitespace(text[i]))
        {
            i++;
        }
        return i;
    }

    private string Describe(char c) => c switch
    {
        '[' => "an array",
        '"' => "a string",
        't' or 'f' => "a boolean",
        'n' => "null",
        _ when c == '-' || (c >= '0' && c <= '9') => "a number",
        _ => "'" + c + "'",
    };

    private string? ReadObject(int depth, List<string>? keys)
    {
        if (depth >= MaxDepth)
        {
            return "it nests deeper than " + MaxDepth.ToString(CultureInfo.InvariantCulture) + " levels";
        }
        _position++; // '{'
        SkipWhitespace();
        if (Peek() == '}')
        {
            _position++;
            return null;
        }
        while (true)
        {
            SkipWhitespace();
            if (Peek() != '"')
            {
                return Expected("a property name in double quotes");
            }
            var key = ReadString(out var problem);
            if (problem is not null)
            {
                return problem;
            }
            keys?.Add(key!);
            SkipWhitespace();
            if (Peek() != ':')
            {
                return Expected("':'");
            }
            _position++;
            problem = ReadValue(depth + 1);
            if (problem is not null)
            {
                return problem;
            }
            SkipWhitespace();
            switch (Peek())
            {
                case ',':
                    _position++;
                    continue;
                case '}':
                    _position++;
                    return null;
                default:
                    return Expected("',' or '}'");
            }
        }
    }

    private string? ReadArray(int depth)
    {
        if (depth >= MaxDepth)
        {
            return "it nests deeper than " + MaxDepth.ToString(CultureInfo.InvariantCulture) + " levels";
        }
        _position++; // '['
        SkipWhitespace();
        if (Peek() == ']')
        {
            _position++;
            return null;
        }
        while (true)
        {
            var problem = ReadValue(depth + 1);
            if (problem is not null)
            {
                return problem;
            }
            SkipWhitespace();
            switch (Peek())
            {
                case ',':
                    _position++;
                    continue;
                case ']':
                    _position++;
                    return null;
                default:
                    return Expected("',' or ']'");
            }
        }
    }

    private string? ReadValue(int depth)
    {
        SkipWhitespace();
        switch (Peek())
        {
            case '{':
                return ReadObject(depth, null);
            case '[':
                return ReadArray(depth);
            case '"':
                ReadString(out var problem);
                return problem;
            case 't':
                return ReadLiteral("true");
            case 'f':
                return ReadLiteral("false");
            case 'n':
                return ReadLiteral("null");
            case var c when c == '-' || (c >= '0' && c <= '9'):
                return ReadNumber();
            default:
                return Expected("a value");
        }
    }

    private string? ReadLiteral(string literal)
    {
        if (string.CompareOrdinal(_text, _position, literal, 0, literal.Length) != 0)
        {
            return Expected("'" + literal + "'");
        }
        _position += literal.Length;
        return null;
    }

    private string? ReadNumber()
    {
        if (Peek() == '-')
        {
            _position++;
        }
        if (Peek() == '0')
        {
            _position++;
        }
        else if (!Digits())
        {
            return Expected("a digit");
        }
        if (Peek() == '.')
        {
            _position++;
            if (!Digits())
            {
                return Expected("a digit");
            }
        }
        if (Peek() is 'e' or 'E')
        {
            _position++;
            if (Peek() is '+' or '-')
            {
                _position++;
            }
            if (!Digits())
            {
                return Expected("a digit");
            }
        }
        return null;
    }

    private bool Digits()
    {
        var start = _position;
        while (Peek() is >= '0' and <= '9')
        {
            _position++;
        }
        return _position > start;
    }

    /// <summary>Reads a string at '"', decoding escapes; a NUL or lone surrogate is remembered (the runtime refuses it after parsing).</summary>
    private string? ReadString(out string? problem)
    {
        _position++; // '"'
        var value = new StringBuilder();
        while (true)
        {
            if (_position >= _text.Length)
            {
                problem = "a string is not closed";
                return null;
            }
            var c = _text[_position++];
            if (c == '"')
            {
                break;
            }
            if (c < 0x20)
            {
                problem = "a string holds control character U+" + ((int)c).ToString("X4", CultureInfo.InvariantCulture) + " unescaped at index " + (_position - 1).ToString(CultureInfo.InvariantCulture);
                return null;
            }
            if (c != '\\')
            {
                value.Append(c);
                continue;
            }
            var escape = _position < _text.Length ? _text[_position++] : '\0';
            switch (escape)
            {
                case '"': value.Append('"'); break;
                case '\\': value.Append('\\'); break;
                case '/': value.Append('/'); break;
                case 'b': value.Append('\b'); break;
                case 'f': value.Append('\f'); break;
                case 'n': value.Append('\n'); break;
                case 'r': value.Append('\r'); break;
                case 't': value.Append('\t'); break;
                case 'u':
                    if (_position + 4 > _text.Length
                        || !int.TryParse(_text.Substring(_position, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
                    {
                        problem = "a \\u escape needs four hex digits at index " + (_position - 2).ToString(CultureInfo.InvariantCulture);
                        return null;
                    }
                    _position += 4;
                    value.Append((char)code);
                    break;
                default:
                    problem = "invalid escape sequence at index " + (_position - 2).ToString(CultureInfo.InvariantCulture);
                    return null;
            }
        }
        var text = value.ToString();
        for (var i = 0; i < text.Length && _stringProblem is null; i++)
        {
            if (text[i] == '\0')
            {
                _stringProblem = "it contains a NUL character (U+0000), which PostgreSQL's jsonb cannot store";
            }
            else if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                _stringProblem = "it holds a lone UTF-16 surrogate, which PostgreSQL's jsonb cannot store";
            }
        }
        problem = null;
        return text;
    }

    private string Expected(string what)
        => _position >= _text.Length
            ? "expected " + what + " at the end of the text"
            : "expected " + what + " at index " + _position.ToString(CultureInfo.InvariantCulture) + ", got '" + _text[_position] + "'";

    private char Peek() => _position < _text.Length ? _text[_position] : '\0';

    private void SkipWhitespace()
    {
        while (_position < _text.Length && IsWhitespace(_text[_position]))
        {
            _position++;
        }
    }

    private static bool IsWhitespace(char c) => c is ' ' or '\t' or '\n' or '\r';
}
