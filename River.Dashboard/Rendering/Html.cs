using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace River.Dashboard.Rendering;

/// <summary>
/// An HTML document being written. <see cref="Text"/> escapes everything it is given (the only way data reaches the
/// page); <see cref="Raw"/> takes the dashboard's own constant markup only.
/// </summary>
internal sealed class Html
{
    /// <summary>Escapes &lt; &gt; &amp; ' " and controls; leaves other Unicode readable.</summary>
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    private readonly StringBuilder _builder = new(16 * 1024);

    /// <summary>Appends the dashboard's own markup (never data).</summary>
    public Html Raw(string markup)
    {
        _builder.Append(markup);
        return this;
    }

    /// <summary>Appends text or an attribute value, escaped.</summary>
    public Html Text(string? text)
    {
        if (!string.IsNullOrEmpty(text))
        {
            Encoder.Encode(new StringWriter(_builder, CultureInfo.InvariantCulture), text);
        }
        return this;
    }

    /// <summary>Appends a number.</summary>
    public Html Number(long value)
    {
        _builder.Append(value.ToString("N0", CultureInfo.InvariantCulture));
        return this;
    }

    /// <summary>Appends an element with escaped text: <c>&lt;tag class="…"&gt;text&lt;/tag&gt;</c>.</summary>
    public Html Element(string tag, string? cssClass, string? text)
    {
        _builder.Append('<').Append(tag);
        if (cssClass is not null)
        {
            _builder.Append(" class=\"").Append(cssClass).Append('"');
        }
        _builder.Append('>');
        Text(text);
        _builder.Append("</").Append(tag).Append('>');
        return this;
    }

    /// <summary>Appends a link with an escaped address and text.</summary>
    public Html Link(string href, string? text, string? cssClass = null)
    {
        _builder.Append("<a href=\"");
        Text(href);
        _builder.Append('"');
        if (cssClass is not null)
        {
            _builder.Append(" class=\"").Append(cssClass).Append('"');
        }
        _builder.Append('>');
        Text(text);
        _builder.Append("</a>");
        return this;
    }

    /// <summary>A timestamp as a <c>&lt;time&gt;</c> element (UTC, seconds; the script shows it relative too).</summary>
    public Html Time(DateTimeOffset? at)
    {
        if (at is not { } value)
        {
            return Raw("<span class=\"muted\">–</span>");
        }
        var utc = value.UtcDateTime;
        _builder.Append("<time datetime=\"").Append(utc.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)).Append("\">")
            .Append(utc.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)).Append("</time>");
        return this;
    }

    public override string ToString() => _builder.ToString();
}
