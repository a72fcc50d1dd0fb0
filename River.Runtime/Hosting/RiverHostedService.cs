using Microsoft.Extensions.Hosting;

namespace River;

/// <summary>
/// Starts the <see cref="RiverClient"/> with the host and stops it with the host: graceful first; when the host's
/// shutdown token fires, running jobs are cancelled and awaited so none is left running.
/// </summary>
public sealed class RiverHostedService : IHostedService
{
    private readonly RiverClient _client;

    /// <summary>Creates the service for the registered client.</summary>
    public RiverHostedService(RiverClient client) => _client = client;

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken) => _client.StartAsync(cancellationToken);

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => _client.StopForHostAsync(cancellationToken);
}
