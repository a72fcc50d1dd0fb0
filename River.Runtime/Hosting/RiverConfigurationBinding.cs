using Microsoft.Extensions.Configuration;

namespace River;

/// <summary>
/// Applies a configuration section to <see cref="RiverClientOptions"/>. Binding problems (a key River does not know, a
/// value that does not convert) go to <see cref="RiverClientOptions.BindingProblems"/>, so the host's start fails with
/// them next to the validation of the values (the same messages as for options set in code).
/// </summary>
internal static class RiverConfigurationBinding
{
    public static void Apply(IConfiguration section, RiverClientOptions options)
    {
        var settings = new RiverClientSettings();
        var path = section is IConfigurationSection s ? s.Path : "(root)";
        try
        {
            section.Bind(settings, binder => binder.ErrorOnUnknownConfiguration = true);
        }
        catch (InvalidOperationException e)
        {
            // The binder stops at the first bad key or value of a type; its message names the key or the value's path.
            options.BindingProblems.Add($"Configuration section '{path}': {e.Message} (see docs/configuration.md for the keys River reads)");
            return;
        }

        if (settings.Schema is { } schema) options.Schema = schema;
        if (settings.ClientId is { } clientId) options.ClientId = clientId;
        if (settings.JobTimeout is { } jobTimeout) options.JobTimeout = jobTimeout;
        if (settings.MaxAttempts is { } maxAttempts) options.MaxAttempts = maxAttempts;
        if (settings.FetchCooldown is { } cooldown) options.FetchCooldown = cooldown;
        if (settings.FetchPollInterval is { } poll) options.FetchPollInterval = poll;
        if (settings.PollOnly is { } pollOnly) options.PollOnly = pollOnly;
        if (settings.PrepareStatements is { } prepare) options.PrepareStatements = prepare;
        settings.Maintenance.ApplyTo(options.Maintenance, options.BindingProblems);
        foreach (var (name, queue) in settings.Queues)
        {
            if (queue.MaxWorkers is not { } maxWorkers)
            {
                options.BindingProblems.Add(
                    $"Configuration section '{path}': Queues:{name} has no MaxWorkers; set \"Queues\": {{ \"{name}\": {{ \"MaxWorkers\": 10 }} }} (1 to {RiverDefaults.MaxWorkersLimit}).");
                continue;
            }
            options.Queues.Add(name, maxWorkers, queue.FetchCooldown, queue.FetchPollInterval);
        }
    }

    /// <summary>The section's <c>ConnectionString</c> (a URL or a keyword connection string), if any.</summary>
    public static string? ConnectionString(IConfiguration section) => section[nameof(RiverClientSettings.ConnectionString)];
}
