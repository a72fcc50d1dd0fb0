using System.Text;
using Microsoft.CodeAnalysis.Text;

namespace River.Analyzers.Tests.Infrastructure;

/// <summary>
/// Source text with expected diagnostic spans: <c>[|text|]</c> marks a span of the test's default id,
/// <c>{|RIVER0003:text|}</c> a span of the named id. Markers nest.
/// </summary>
internal sealed record Markup(string Source, IReadOnlyList<ExpectedDiagnostic> Expected)
{
    public static Markup Parse(string markup, string? defaultId)
    {
        var source = new StringBuilder(markup.Length);
        var expected = new List<ExpectedDiagnostic>();
        var open = new Stack<(int Start, string? Id, bool Named)>();
        for (var i = 0; i < markup.Length; i++)
        {
            if (At(markup, i, "[|"))
            {
                open.Push((source.Length, defaultId, false));
                i++;
            }
            else if (At(markup, i, "{|"))
            {
                var colon = markup.IndexOf(':', i + 2);
                if (colon < 0)
                {
                    throw new FormatException($"Markup '{{|' at {i} has no ':' after the id.");
                }
                open.Push((source.Length, markup[(i + 2)..colon], true));
                i = colon;
            }
            else if (At(markup, i, "|]") || At(markup, i, "|}"))
            {
                if (open.Count == 0)
                {
                    throw new FormatException($"Markup close '{markup.Substring(i, 2)}' at {i} has no opening marker.");
                }
                var (start, id, named) = open.Pop();
                if (named != (markup[i + 1] == '}'))
                {
                    throw new FormatException($"Markup close '{markup.Substring(i, 2)}' at {i} does not match its opening marker.");
                }
                expected.Add(new ExpectedDiagnostic(id ?? throw new FormatException("A [| |] span needs a default id."), TextSpan.FromBounds(start, source.Length)));
                i++;
            }
            else
            {
                source.Append(markup[i]);
            }
        }
        if (open.Count != 0)
        {
            throw new FormatException("Markup has an unclosed span.");
        }
        return new Markup(source.ToString(), expected);
    }

    private static bool At(string text, int index, string token) => string.CompareOrdinal(text, index, token, 0, token.Length) == 0;
}

/// <summary>A diagnostic a test expects: its id and exact span in the test's main source.</summary>
internal sealed record ExpectedDiagnostic(string Id, TextSpan Span);
