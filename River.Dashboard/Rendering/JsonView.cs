using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace River.Dashboard.Rendering;

/// <summary>JSON shown indented (and then HTML-escaped by <see cref="Html.Text"/>), or as stored when it does not parse.</summary>
internal static class JsonView
{
    private static readonly JsonWriterOptions Indented = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Format(string json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            return Format(doc.RootElement);
        }
        catch (JsonException)
        {
            return json;
        }
    }

    public static string Format(JsonElement element)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, Indented))
        {
            element.WriteTo(writer);
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    public static Html Json(this Html html, string json) => html.Raw("<pre class=\"json\">").Text(Format(json)).Raw("</pre>");
}
