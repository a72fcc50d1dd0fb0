using River.Dashboard.Rendering;

namespace River.Dashboard.Pages;

/// <summary>The frame of every page: head, navigation, the page's body.</summary>
internal static class Layout
{
    private static readonly (string Section, string Page, string Label)[] Nav =
    [
        ("", "/", "Overview"),
        ("jobs", "/jobs", "Jobs"),
        ("queues", "/queues", "Queues"),
        ("clients", "/clients", "Clients"),
        ("schedules", "/schedules", "Schedules"),
        ("limits", "/limits", "Limits"),
        ("workflows", "/workflows", "Workflows"),
    ];

    public static string Render(PageRequest page)
    {
        var options = page.Dashboard.Options;
        var html = new Html();
        html.Raw("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><link rel=\"icon\" href=\"data:,\">")
            .Raw("<title>").Text(page.Title).Raw(" · ").Text(options.Title).Raw("</title>")
            .Raw("<link rel=\"stylesheet\" href=\"").Text(page.Url("/assets/dashboard.css?v=" + Assets.Version)).Raw("\">")
            .Raw("<script defer src=\"").Text(page.Url("/assets/dashboard.js?v=" + Assets.Version)).Raw("\"></script>")
            .Raw("</head><body data-refresh-ms=\"").Number((long)options.RefreshInterval.TotalMilliseconds).Raw("\">");
        html.Raw("<header class=\"top\"><a class=\"brand\" href=\"").Text(page.Url("/")).Raw("\"><span class=\"logo\" aria-hidden=\"true\"></span>")
            .Text(options.Title).Raw("</a><nav>");
        foreach (var (section, target, label) in Nav)
        {
            html.Link(page.Url(target), label, section == page.Section ? "active" : null);
        }
        html.Raw("</nav><div class=\"meta\">");
        if (options.ReadOnly)
        {
            html.Raw("<span class=\"pill readonly\" title=\"Actions are disabled\">read-only</span>");
        }
        html.Raw("<span class=\"pill db\" title=\"Database\">").Text(page.DatabaseName).Raw("</span>")
            .Raw("<button type=\"button\" class=\"live-toggle\" data-live-toggle aria-pressed=\"true\" title=\"Pause or resume live updates\"><span class=\"dot\"></span>live</button>")
            .Raw("</div></header><main>");
        html.Raw(page.Body.ToString());
        html.Raw("</main></body></html>");
        return html.ToString();
    }
}
