using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace River.IntegrationTests.Reliability;

/// <summary>An <see cref="ILoggerProvider"/> that keeps every entry (level, event id, message) for assertions.</summary>
internal sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<(LogLevel Level, EventId Id, string Message)> _entries = new();

    public IReadOnlyList<(LogLevel Level, EventId Id, string Message)> Entries => [.. _entries];

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    private readonly List<(Func<(LogLevel Level, EventId Id, string Message), bool> Match, TaskCompletionSource Done)> _waiters = [];

    /// <summary>Completes when an entry that <paramref name="match"/> accepts was logged (already, or later), or throws after <paramref name="timeout"/>.</summary>
    public Task WaitForAsync(Func<(LogLevel Level, EventId Id, string Message), bool> match, TimeSpan timeout)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_waiters)
        {
            _waiters.Add((match, done));
        }

        if (_entries.Any(match))
        {
            done.TrySetResult();
        }

        return done.Task.WaitAsync(timeout);
    }

    private void Add((LogLevel Level, EventId Id, string Message) entry)
    {
        _entries.Enqueue(entry);
        lock (_waiters)
        {
            foreach (var (match, done) in _waiters)
            {
                if (match(entry))
                {
                    done.TrySetResult();
                }
            }
        }
    }

    public void Dispose()
    {
    }

    private sealed class Logger(LogCapture owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            => owner.Add((logLevel, eventId, formatter(state, exception)));
    }
}
