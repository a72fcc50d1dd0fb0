using System.Reflection;
using Microsoft.Extensions.Logging;
using River.Logging;

namespace River.Runtime.Tests.Logging;

public sealed class LogEventIdTests
{
    private static readonly Assembly Runtime = typeof(RiverClient).Assembly;

    private static IEnumerable<(Type Type, MethodInfo Method, LoggerMessageAttribute Attribute)> Messages() =>
        from type in Runtime.GetTypes()
        from method in type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly)
        let attribute = method.GetCustomAttribute<LoggerMessageAttribute>()
        where attribute is not null
        select (type, method, attribute);

    [Fact]
    public void Every_log_message_lives_in_a_log_class_with_a_range_and_has_an_id_inside_it()
    {
        var messages = Messages().ToList();
        Assert.NotEmpty(messages);
        foreach (var (type, method, attribute) in messages)
        {
            Assert.True(LogEventRanges.ByClass.TryGetValue(type, out var range),
                $"{type.FullName}.{method.Name} logs from a class without a range in LogEventRanges; move it into a log class in River.Runtime/Logging.");
            Assert.InRange(attribute.EventId, range.First, range.Last);
        }
    }

    [Fact]
    public void Event_ids_are_unique_and_ranges_do_not_overlap()
    {
        var duplicates = Messages().GroupBy(m => m.Attribute.EventId).Where(g => g.Count() > 1)
            .Select(g => $"{g.Key}: {string.Join(", ", g.Select(m => m.Type.Name + "." + m.Method.Name))}").ToList();
        Assert.Empty(duplicates);
        var ranges = LogEventRanges.ByClass.Values.OrderBy(r => r.First).ToList();
        for (var i = 1; i < ranges.Count; i++)
        {
            Assert.True(ranges[i - 1].Last < ranges[i].First, $"ranges {ranges[i - 1]} and {ranges[i]} overlap");
        }
    }

    [Fact]
    public void The_runtime_logs_only_through_its_log_classes()
    {
        // Ad-hoc logger.LogWarning(...) calls carry no event id; the runtime's sources must not contain any.
        var root = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../River.Runtime"));
        var adHoc = Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (f, i, line)))
            .Where(x => System.Text.RegularExpressions.Regex.IsMatch(x.line, @"\.Log(Trace|Debug|Information|Warning|Error|Critical)\("))
            .Select(x => $"{Path.GetRelativePath(root, x.f)}:{x.i + 1}").ToList();
        Assert.Empty(adHoc);
    }
}
