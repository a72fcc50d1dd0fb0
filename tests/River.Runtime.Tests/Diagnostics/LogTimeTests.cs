using System.Globalization;
using Microsoft.Extensions.Logging;
using River.Logging;
using River.Maintenance;

namespace River.Runtime.Tests.Diagnostics;

public sealed class LogTimeTests
{
    private sealed class Capture : ILogger
    {
        public List<(LogLevel Level, string Message)> Entries { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Entries.Add((logLevel, formatter(state, exception)));
    }

    [Fact]
    public void Times_in_log_messages_are_ISO_8601_UTC_whatever_the_culture_and_offset()
    {
        var previous = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
        try
        {
            var planned = new DateTimeOffset(2025, 3, 30, 3, 0, 0, 250, TimeSpan.FromHours(2));
            Assert.Equal("2025-03-30T01:00:00.250Z", new LogTime(planned).ToString());

            var logger = new Capture();
            MaintenanceLog.PeriodicEnqueued(logger, "reports.nightly", 42, planned);
            var (level, message) = Assert.Single(logger.Entries);
            Assert.Equal("Periodic job reports.nightly enqueued job 42 planned for 2025-03-30T01:00:00.250Z", message);
            Assert.Equal(LogLevel.Debug, level); // a firing is routine: a 10 s schedule must not write 8,640 Information lines a day
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }
}
