using Microsoft.Extensions.Hosting;

namespace River;

/// <summary>
/// Starts the <see cref="RiverClient"/> with the host and stops it with the host: graceful first; when the host's
/// shutdown token fires, running jobs are cancelled and awaited so none is left running. While the database is
/// unreachable at start, it retries with backoff for up to <see cref="RiverClientOptions.WaitForDatabase"/> (a warning
/// per attempt); <see cref="TimeSpan.Zero"/> fails fast.
/// </summary>
public sealed class RiverHostedService : IHostedService
{
    private readonly RiverClient _client;

    /// <summary>Creates the service for the registered client.</summary>
    public RiverHostedService(RiverClient client) => _client = client;

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken) =>
        Fleet.StartRetry.StartAsync(_client, _client.Options.WaitForDatabase, _client.Context.Time, _client.Context.Logger, cancellationToken);

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => _client.StopForHostAsync(cancellationToken);
}
