namespace River;

/// <summary>
/// The shape of River's configuration section (<c>AddRiver(builder.Configuration.GetSection("River"))</c>), bound by
/// the configuration binder's source generator and then applied to <see cref="RiverClientOptions"/>. Every value is
/// optional: what is absent keeps the option's default (or what code set).
/// </summary>
internal sealed class RiverClientSettings
{
    /// <summary>A <c>postgres://</c> URL or an Npgsql connection string (read by <see cref="DatabaseUrl"/>).</summary>
    public string? ConnectionString { get; set; }
    public string? Schema { get; set; }
    public string? ClientId { get; set; }
    public TimeSpan? JobTimeout { get; set; }
    public int? MaxAttempts { get; set; }
    public TimeSpan? FetchCooldown { get; set; }
    public TimeSpan? FetchPollInterval { get; set; }
    public bool? PollOnly { get; set; }
    public bool? PrepareStatements { get; set; }

    /// <summary>Queues by name: <c>"Queues": { "mail": { "MaxWorkers": 5 } }</c>.</summary>
    public Dictionary<string, QueueSettings> Queues { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The leader's maintenance services (see <see cref="MaintenanceOptions"/>).</summary>
    public MaintenanceSettings Maintenance { get; set; } = new();
}

/// <summary>One entry of <see cref="RiverClientSettings.Queues"/>.</summary>
internal sealed class QueueSettings
{
    public int? MaxWorkers { get; set; }
    public TimeSpan? FetchCooldown { get; set; }
    public TimeSpan? FetchPollInterval { get; set; }
}
