using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace River.Dashboard.Actions;

/// <summary>Set, reset and delete a stored flow limit, through <see cref="RiverClient"/>'s flow API.</summary>
internal static class LimitActions
{
    /// <summary>
    /// POST /limits/action: <c>action</c> (set|reset|delete), <c>scope</c> (<c>queue:NAME</c> or <c>kind:KIND</c>),
    /// <c>return</c>; for set also <c>max_running</c>, <c>rate</c>, <c>per</c> (seconds), <c>burst</c>, <c>partition_by</c>
    /// and <c>sequenced</c> (empty: unchanged). Redirects back with a notice; a value the API refuses is named in it.
    /// </summary>
    public static async Task HandleAsync(DashboardContext dashboard, HttpContext context)
    {
        var form = await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
        var action = form["action"].LastOrDefault() ?? "";
        var scopeText = (form["scope"].LastOrDefault() ?? "").Trim();
        if (action is not ("set" or "reset" or "delete"))
        {
            await DashboardEndpoints.Refuse(context, 400, $"Unknown action '{action}': use set, reset or delete.").ConfigureAwait(false);
            return;
        }
        if (scopeText.Length == 0)
        {
            await DashboardEndpoints.Refuse(context, 400, "Name the limit: the form's scope field is empty (queue:NAME or kind:KIND).").ConfigureAwait(false);
            return;
        }
        var client = dashboard.Client;
        var ct = context.RequestAborted;
        string notice;
        try
        {
            var scope = FlowScope.Parse(scopeText);
            switch (action)
            {
                case "set":
                    var (limits, sequenced, problem) = Read(form);
                    if (problem is not null)
                    {
                        notice = $"Not changed: {problem}";
                        break;
                    }
                    await client.SetFlowLimitAsync(scope, limits!, sequenced, ct).ConfigureAwait(false);
                    notice = $"Set the limits of {scope.Id}: every client applies them within one poll interval.";
                    break;
                case "reset":
                    notice = await client.ResetFlowLimitAsync(scope, ct).ConfigureAwait(false)
                        ? $"Reset the limits of {scope.Id} to what a client last declared (removed when none did)."
                        : $"No limit is stored for {scope.Id} any more.";
                    break;
                default:
                    notice = await client.DeleteFlowLimitAsync(scope, ct).ConfigureAwait(false)
                        ? $"Deleted the limits of {scope.Id} (a client that declares them writes them again when it starts)."
                        : $"No limit is stored for {scope.Id} any more.";
                    break;
            }
        }
        catch (RiverConfigurationException e)
        {
            notice = "Not changed: " + string.Join(" ", e.Problems);
        }
        catch (ArgumentException e)
        {
            // A scope the rules refuse (written by other means) or an option the API refuses.
            notice = "Not changed: " + e.Message;
        }
        JobActions.Redirect(dashboard, context, form["return"].LastOrDefault(), notice);
    }

    /// <summary>The limits of a set form, or the first field that is not a number where one is needed.</summary>
    private static (FlowOptions? Limits, bool? Sequenced, string? Problem) Read(IFormCollection form)
    {
        string? problem = null;
        int? Int(string name, string label)
        {
            var text = (form[name].LastOrDefault() ?? "").Trim();
            if (text.Length == 0)
            {
                return null;
            }
            if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            {
                problem ??= $"{label} must be a whole number, got '{text}'.";
            }
            return value;
        }
        var maxRunning = Int("max_running", "At most running");
        var rate = Int("rate", "Starts per period");
        var burst = Int("burst", "Burst");
        TimeSpan? period = null;
        var perText = (form["per"].LastOrDefault() ?? "").Trim();
        if (perText.Length > 0)
        {
            if (double.TryParse(perText, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds) && seconds <= TimeSpan.MaxValue.TotalSeconds / 2)
            {
                period = TimeSpan.FromSeconds(seconds);
            }
            else
            {
                problem ??= $"The period is a number of seconds (e.g. 60 or 0.5), got '{perText}'.";
            }
        }
        if (rate is not null && period is null)
        {
            problem ??= "A rate limit needs its period: fill in Period (seconds).";
        }
        var partition = (form["partition_by"].LastOrDefault() ?? "").Trim();
        bool? sequenced = (form["sequenced"].LastOrDefault() ?? "") switch { "true" => true, "false" => false, _ => null };
        return problem is not null
            ? (null, null, problem)
            : (new FlowOptions { MaxRunning = maxRunning, RateLimit = rate, RatePeriod = rate is null ? null : period, RateBurst = burst, PartitionBy = partition.Length == 0 ? null : partition }, sequenced, null);
    }
}
