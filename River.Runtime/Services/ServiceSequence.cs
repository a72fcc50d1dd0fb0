namespace River.Services;

/// <summary>Starts services in order, rolling back on failure (River's <c>startstop.StartAll</c>).</summary>
internal static class ServiceSequence
{
    /// <summary>
    /// Starts <paramref name="services"/> one after the other. When one fails to start (or the token is cancelled),
    /// the ones already started are stopped in reverse order and the failure is rethrown, so nothing is left running.
    /// </summary>
    public static async Task StartInOrderAsync(IReadOnlyList<RiverService> services, CancellationToken cancellationToken)
    {
        var started = 0;
        try
        {
            for (; started < services.Count; started++)
            {
                await services[started].StartAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch
        {
            for (var i = started - 1; i >= 0; i--)
            {
                await services[i].StopAsync().ConfigureAwait(false);
            }
            throw;
        }
    }
}
