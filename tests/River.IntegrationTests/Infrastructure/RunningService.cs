using River.Services;

namespace River.IntegrationTests.Infrastructure;

/// <summary>A started background service that stops when disposed (<c>await using</c> in tests).</summary>
internal sealed class RunningService<T> : IAsyncDisposable where T : RiverService
{
    private RunningService(T service) => Service = service;

    public T Service { get; }

    public static async Task<RunningService<T>> StartAsync(T service)
    {
        await service.StartAsync();
        return new RunningService<T>(service);
    }

    public async ValueTask DisposeAsync() => await Service.StopAsync();
}
