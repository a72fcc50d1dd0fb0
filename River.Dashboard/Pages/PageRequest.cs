using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using River.Dashboard.Rendering;

namespace River.Dashboard.Pages;

/// <summary>One page being rendered: the request, the dashboard, and the body written so far.</summary>
internal sealed class PageRequest(DashboardContext dashboard, HttpContext http)
{
    public DashboardContext Dashboard { get; } = dashboard;

    public HttpContext Http { get; } = http;

    public RiverClient Client => Dashboard.Client;

    public Html Body { get; } = new();

    public string Title { get; set; } = "Overview";

    /// <summary>The nav entry to highlight ("", "jobs", "queues", "clients", "schedules", "limits", "workflows").</summary>
    public string Section { get; set; } = "";

    public int Status { get; set; } = StatusCodes.Status200OK;

    public CancellationToken Aborted => Http.RequestAborted;

    /// <summary>The request header the page's script sends on a live refresh (a page opened or reloaded has none).</summary>
    public const string LiveHeader = "X-River-Live";

    /// <summary>The response header saying whether the page's data was read afresh (<c>fresh</c>) or shared with other live refreshes (<c>shared</c>).</summary>
    public const string ReadHeader = "X-River-Read";

    /// <summary>Whether this request is a live refresh of an open page (it may share a read with other refreshes).</summary>
    public bool IsLiveRefresh => Http.Request.Headers.ContainsKey(LiveHeader);

    /// <summary>Whether any read of this page was shared.</summary>
    private bool _shared;

    /// <summary>
    /// Reads the page's data: afresh for a page opened or reloaded, shared with the other live refreshes of the same
    /// <paramref name="key"/> (page and filter) within the refresh interval otherwise (see <see cref="Queries.LiveReads"/>).
    /// </summary>
    public async Task<T> ReadAsync<T>(string key, Func<CancellationToken, Task<T>> load)
    {
        var (value, shared) = await Dashboard.Live.GetAsync(key, !IsLiveRefresh, load, Aborted).ConfigureAwait(false);
        _shared |= shared;
        return value;
    }

    /// <summary>The address of a dashboard page: PathBase + mount path + <paramref name="page"/> (e.g. "/jobs").</summary>
    public string Url(string page) => Http.Request.PathBase + Dashboard.BasePath + page;

    /// <summary>Writes the antiforgery field of a form.</summary>
    public void AntiforgeryField(Html html)
    {
        var tokens = Http.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(Http);
        html.Raw("<input type=\"hidden\" name=\"").Text(tokens.FormFieldName).Raw("\" value=\"").Text(tokens.RequestToken).Raw("\">");
    }

    /// <summary>Writes the notice an action redirected here with (<c>?notice=…</c>), escaped like every value.</summary>
    public void Notice()
    {
        if (Http.Request.Query["notice"].LastOrDefault() is { Length: > 0 } notice)
        {
            Body.Raw("<div class=\"alert ok\" role=\"status\">").Text(notice).Raw("</div>");
        }
    }

    /// <summary>The path and query of this request, for a form's return address.</summary>
    public string Here => Http.Request.PathBase + Http.Request.Path + Http.Request.QueryString;

    /// <summary>Writes the page; Server-Timing is the time since <paramref name="started"/> (a <see cref="System.Diagnostics.Stopwatch"/> timestamp).</summary>
    public async Task WriteAsync(long started)
    {
        var page = Layout.Render(this);
        var elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(started);
        Http.Response.StatusCode = Status;
        Http.Response.ContentType = "text/html; charset=utf-8";
        Http.Response.Headers["Server-Timing"] = DashboardEndpoints.ServerTiming(elapsed);
        Http.Response.Headers[ReadHeader] = _shared ? "shared" : "fresh";
        await Http.Response.WriteAsync(page, Aborted).ConfigureAwait(false);
    }

    /// <summary>The database's name only (never the connection string, which may hold a password).</summary>
    public string DatabaseName
    {
        get
        {
            try
            {
                return new NpgsqlConnectionStringBuilder(Client.DataSource.ConnectionString).Database ?? "";
            }
            catch (ArgumentException)
            {
                return "";
            }
        }
    }
}
