using Microsoft.Extensions.Logging;

namespace River.Logging;

/// <summary>
/// Where a client logs when it was given no <see cref="RiverClientOptions.LoggerFactory"/> (built without a host):
/// warnings and errors to standard error, one line each (and the exception), so failures are never invisible. A host's
/// logging replaces it (<c>AddRiver</c> takes the registered <see cref="ILoggerFactory"/>); set
/// <c>NullLoggerFactory.Instance</c> to log nothing.
/// </summary>
internal sealed class StandardErrorLogger(string category, TextWriter output) : ILogger
{
    /// <summary>The lowest level written: <see cref="LogLevel.Warning"/>.</summary>
    public const LogLevel MinimumLevel = LogLevel.Warning;

    private static readonly object Gate = new();

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= MinimumLevel && logLevel != LogLevel.None;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!IsEnabled(logLevel))
        {
            return;
        }
        var line = $"{DateTimeOffset.UtcNow:yyyy-MM-ddTHH:mm:ss.fffZ} {logLevel.ToString().ToLowerInvariant()} {category}: {formatter(state, exception)}";
        lock (Gate)
        {
            output.WriteLine(exception is null ? line : line + Environment.NewLine + exception);
        }
    }

    /// <summary>Creates <see cref="StandardErrorLogger"/>s.</summary>
    /// <param name="output">Where the lines go (standard error; tests pass a writer of their own).</param>
    internal sealed class Factory(TextWriter output) : ILoggerFactory
    {
        public static Factory Instance { get; } = new(Console.Error);

        public ILogger CreateLogger(string categoryName) => new StandardErrorLogger(categoryName, output);

        public void AddProvider(ILoggerProvider provider) => throw new NotSupportedException(
            "River's fallback logger takes no providers; give RiverClientOptions.LoggerFactory a LoggerFactory of your own.");

        public void Dispose() { }
    }
}
