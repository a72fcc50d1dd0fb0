using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using River.Dashboard.Pages;
using River.Dashboard.Queries;

namespace River.Dashboard.Actions;

/// <summary>Retry, cancel and delete: for the jobs of a selection, or step by step for every job a filter matches.</summary>
internal static class JobActions
{
    /// <summary>The jobs one selection may name at most: 1,000 (a page holds fewer).</summary>
    public const int SelectionLimit = 1_000;

    /// <summary>
    /// The time one step of a filter-wide action spends changing jobs at most: 150 ms. A step stops there even before
    /// <see cref="RiverDashboardOptions.BatchSize"/> jobs and the next step continues after the last job it changed,
    /// so every request answers in about this time however slow each change is (the page shows progress per step).
    /// </summary>
    public static readonly TimeSpan StepTimeBudget = TimeSpan.FromMilliseconds(150);

    /// <summary>POST /jobs/action: <c>action</c> (retry|cancel|delete), <c>id</c> (repeatable), <c>return</c>. Redirects back with a notice.</summary>
    public static async Task HandleAsync(DashboardContext dashboard, HttpContext context)
    {
        var (form, action) = await ReadAsync(context).ConfigureAwait(false);
        if (action is null)
        {
            return;
        }
        var ids = new List<long>();
        foreach (var raw in form["id"])
        {
            if (!long.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                await DashboardEndpoints.Refuse(context, 400, $"'{raw}' is not a job id.").ConfigureAwait(false);
                return;
            }
            ids.Add(id);
        }
        if (ids.Count is 0 or > SelectionLimit)
        {
            await DashboardEndpoints.Refuse(context, 400, $"Select between 1 and {SelectionLimit} jobs (got {ids.Count}).").ConfigureAwait(false);
            return;
        }
        var changed = 0;
        var problems = new List<string>();
        foreach (var id in ids.Distinct())
        {
            var (ok, problem) = await ApplyAsync(dashboard.Client, action, id, context.RequestAborted).ConfigureAwait(false);
            changed += ok ? 1 : 0;
            if (problem is not null)
            {
                problems.Add(problem);
            }
        }
        var notice = Past(action) + " " + Jobs(changed) + (problems.Count == 0 ? "." : ". " + string.Join(" ", problems.Take(3)) + (problems.Count > 3 ? $" (and {problems.Count - 3} more)" : ""));
        Redirect(dashboard, context, form["return"].LastOrDefault(), notice);
    }

    /// <summary>
    /// POST /jobs/filter-action: one step of a filter-wide action. Applies <c>action</c> to up to
    /// <see cref="RiverDashboardOptions.BatchSize"/> jobs matching the filter fields after <c>after</c> (by id) and
    /// answers a <see cref="BatchStep"/> as JSON; the page's script repeats it with <c>next</c> until it is null.
    /// </summary>
    public static async Task HandleFilterStepAsync(DashboardContext dashboard, HttpContext context)
    {
        var (form, action) = await ReadAsync(context).ConfigureAwait(false);
        if (action is null)
        {
            return;
        }
        var filter = JobFilterForm.Read(form);
        var after = form["after"].LastOrDefault() is { Length: > 0 } cursor ? cursor : null;
        JobListResult page;
        JobListOrder order;
        try
        {
            // Steps go oldest first by id, or by created time when the filter has a created-time range (an index serves
            // the range in that order; in id order the first step would scan every job created before it).
            order = filter.From.Length > 0 || filter.To.Length > 0 ? JobListOrder.CreatedAt : JobListOrder.Id;
            var options = filter.ToListOptions(dashboard.Options.BatchSize, after, order, SortDirection.Ascending);
            if (filter.Errors.Count > 0)
            {
                await DashboardEndpoints.Refuse(context, 400, string.Join(" ", filter.Errors)).ConfigureAwait(false);
                return;
            }
            page = await dashboard.Client.ListJobsAsync(options, context.RequestAborted).ConfigureAwait(false);
        }
        catch (ArgumentException e)
        {
            await DashboardEndpoints.Refuse(context, 400, e.Message).ConfigureAwait(false);
            return;
        }
        var changed = 0;
        var processed = 0;
        var next = page.NextCursor;
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        foreach (var job in page.Jobs)
        {
            if (processed > 0 && System.Diagnostics.Stopwatch.GetElapsedTime(started) > StepTimeBudget)
            {
                // Out of time: the next step continues after the last job this one changed.
                next = JobListCursor.Encode(page.Jobs[processed - 1], order);
                break;
            }
            var (ok, _) = await ApplyAsync(dashboard.Client, action, job.Id, context.RequestAborted).ConfigureAwait(false);
            changed += ok ? 1 : 0;
            processed++;
        }
        var step = new BatchStep(processed, changed, processed - changed, next);
        context.Response.ContentType = "application/json; charset=utf-8";
        await context.Response.WriteAsync(JsonSerializer.Serialize(step, DashboardJson.Default.BatchStep), context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>The posted form and its action, or a null action after refusing an unknown one (400).</summary>
    private static async Task<(IFormCollection Form, string? Action)> ReadAsync(HttpContext context)
    {
        var form = await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
        var action = form["action"].LastOrDefault() ?? "";
        if (action is "retry" or "cancel" or "delete")
        {
            return (form, action);
        }
        await DashboardEndpoints.Refuse(context, 400, $"Unknown action '{action}': use retry, cancel or delete.").ConfigureAwait(false);
        return (form, null);
    }

    /// <summary>Applies one action to one job: whether it changed the job, and why not when it could not.</summary>
    private static async Task<(bool Changed, string? Problem)> ApplyAsync(RiverClient client, string action, long id, CancellationToken cancellationToken)
    {
        try
        {
            switch (action)
            {
                case "retry":
                    var retried = await client.RetryJobAsync(id, cancellationToken).ConfigureAwait(false);
                    // A workflow task whose dependencies have not all completed goes back to pending (released when they complete).
                    return (retried.State is JobState.Available or JobState.Pending, null);
                case "cancel":
                    var cancelled = await client.CancelJobAsync(id, cancellationToken).ConfigureAwait(false);
                    return (cancelled.State == JobState.Cancelled || (cancelled.State == JobState.Running && cancelled.FinalizedAt is null), null);
                default:
                    await client.DeleteJobAsync(id, cancellationToken).ConfigureAwait(false);
                    return (true, null);
            }
        }
        catch (RiverNotFoundException)
        {
            return (false, $"Job {id} no longer exists.");
        }
        catch (RiverJobRunningException)
        {
            return (false, $"Job {id} is running: cancel it first.");
        }
        catch (InvalidOperationException e)
        {
            return (false, e.Message);
        }
    }

    private static string Past(string action) => action switch { "retry" => "Retried", "cancel" => "Cancelled", _ => "Deleted" };

    private static string Jobs(int n) => n == 1 ? "1 job" : n.ToString("N0", CultureInfo.InvariantCulture) + " jobs";

    /// <summary>Back to the page the form came from (only a path of this dashboard: never another site), with a notice.</summary>
    internal static void Redirect(DashboardContext dashboard, HttpContext context, string? returnTo, string notice)
    {
        var home = context.Request.PathBase + dashboard.BasePath;
        var target = returnTo is { Length: > 0 } && returnTo.StartsWith(home.Length == 0 ? "/" : home, StringComparison.Ordinal)
            && !returnTo.StartsWith("//", StringComparison.Ordinal) && !returnTo.Contains('\\', StringComparison.Ordinal)
            ? returnTo : home + "/";
        target = RemoveNotice(target);
        target += (target.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "notice=" + Uri.EscapeDataString(notice);
        context.Response.Redirect(target);
    }

    private static string RemoveNotice(string url)
    {
        var q = url.IndexOf('?', StringComparison.Ordinal);
        if (q < 0)
        {
            return url;
        }
        var kept = url[(q + 1)..].Split('&').Where(p => !p.StartsWith("notice=", StringComparison.Ordinal)).ToList();
        return kept.Count == 0 ? url[..q] : url[..q] + "?" + string.Join('&', kept);
    }
}
