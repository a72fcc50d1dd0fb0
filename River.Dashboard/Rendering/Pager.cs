namespace River.Dashboard.Rendering;

/// <summary>The keyset pager under a list: a link back to the first page (when not on it) and one to the next page (when one follows).</summary>
internal static class Pager
{
    /// <param name="html">The page.</param>
    /// <param name="first">The first page's address, or null on the first page.</param>
    /// <param name="next">The next page's address, or null when none follows.</param>
    /// <param name="firstLabel">The first link's text.</param>
    /// <param name="nextLabel">The next link's text.</param>
    public static Html Pages(this Html html, string? first, string? next, string firstLabel = "« First page", string nextLabel = "Next page »")
    {
        html.Raw("<nav class=\"pager\">");
        if (first is not null)
        {
            html.Link(first, firstLabel, "button");
        }
        if (next is not null)
        {
            html.Link(next, nextLabel, "button");
        }
        return html.Raw("</nav>");
    }
}
