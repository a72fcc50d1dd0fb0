using System.Globalization;
using System.Text;

namespace River.Testing;

/// <summary>One expectation about a job (kind, options, args predicate): matches rows and explains mismatches in words.</summary>
internal sealed class JobExpectation
{
    private const int MaxArgsShown = 200;

    public JobExpectation(string kind, RequireInsertedOptions? opts, Func<ReadOnlyMemory<byte>, (bool Matches, string? Problem)>? argsMatch, string? argsDescription)
    {
        Kind = kind;
        Options = opts;
        ArgsMatch = argsMatch;
        ArgsDescription = argsDescription;
    }

    public string Kind { get; }
    public RequireInsertedOptions? Options { get; }
    public Func<ReadOnlyMemory<byte>, (bool Matches, string? Problem)>? ArgsMatch { get; }
    public string? ArgsDescription { get; }

    public static JobExpectation From(ExpectedJob expected) => new(expected.Kind, expected.Options, expected.ArgsMatch, expected.ArgsDescription);

    public static Func<ReadOnlyMemory<byte>, (bool, string?)> ArgsMatcher<TArgs>(JobDefinition<TArgs> definition, Func<TArgs, bool> predicate) where TArgs : notnull
        => encoded =>
        {
            TArgs args;
            try
            {
                args = definition.Deserialize(encoded.Span);
            }
            catch (Exception e) when (e is System.Text.Json.JsonException or FormatException or InvalidOperationException or ArgumentException)
            {
                return (false, $"args cannot be read as {typeof(TArgs).Name} ({e.Message})");
            }
            return predicate(args) ? (true, null) : (false, "args do not match the predicate");
        };

    /// <summary>Everything about <paramref name="row"/> that differs from the expectation (empty: it matches).</summary>
    public List<string> Mismatches(JobRow row)
    {
        var problems = new List<string>();
        if (row.Kind != Kind)
        {
            problems.Add($"kind '{row.Kind}' (expected '{Kind}')");
        }
        if (Options is { } o)
        {
            if (o.Queue is { } queue && row.Queue != queue)
            {
                problems.Add($"queue '{row.Queue}' (expected '{queue}')");
            }
            if (o.Priority is { } priority && row.Priority != priority)
            {
                problems.Add($"priority {row.Priority} (expected {priority})");
            }
            if (o.State is { } state && row.State != state)
            {
                problems.Add($"state {Name(row.State)} (expected {Name(state)})");
            }
            if (o.Tags is { } tags && !tags.SequenceEqual(row.Tags, StringComparer.Ordinal))
            {
                problems.Add($"tags {Tags(row.Tags)} (expected {Tags(tags)})");
            }
            if (o.ScheduledAt is { } at && (row.ScheduledAt - at).Duration() > o.ScheduledAtTolerance)
            {
                problems.Add($"scheduled at {Time(row.ScheduledAt)} (expected {Time(at)})");
            }
            if (o.MaxAttempts is { } maxAttempts && row.MaxAttempts != maxAttempts)
            {
                problems.Add($"max attempts {row.MaxAttempts} (expected {maxAttempts})");
            }
        }
        if (ArgsMatch is not null && row.Kind == Kind)
        {
            var (matches, problem) = ArgsMatch(row.EncodedArgs);
            if (!matches)
            {
                problems.Add(problem!);
            }
        }
        return problems;
    }

    /// <summary>E.g. <c>kind 'email.send' in queue 'mail', priority 2, tags [a, b]</c>.</summary>
    public string Describe()
    {
        var text = new StringBuilder($"kind '{Kind}'");
        if (Options is { } o)
        {
            var parts = new List<string>();
            if (o.Queue is { } queue)
            {
                text.Append($" in queue '{queue}'");
            }
            if (o.Priority is { } priority)
            {
                parts.Add($"priority {priority}");
            }
            if (o.State is { } state)
            {
                parts.Add($"state {Name(state)}");
            }
            if (o.Tags is { } tags)
            {
                parts.Add($"tags {Tags(tags)}");
            }
            if (o.ScheduledAt is { } at)
            {
                parts.Add($"scheduled at {Time(at)}");
            }
            if (o.MaxAttempts is { } maxAttempts)
            {
                parts.Add($"max attempts {maxAttempts}");
            }
            if (parts.Count > 0)
            {
                text.Append(" with ").Append(string.Join(", ", parts));
            }
        }
        if (ArgsDescription is not null)
        {
            text.Append(Options is null ? " with " : " and ").Append(ArgsDescription);
        }
        return text.ToString();
    }

    /// <summary>One line describing a row: <c>job 4 (kind 'x', queue 'mail', priority 1, state available, …, args {…})</c>.</summary>
    public static string Summarize(JobRow row)
    {
        var args = Encoding.UTF8.GetString(row.EncodedArgs.Span);
        if (args.Length > MaxArgsShown)
        {
            args = args[..MaxArgsShown] + "…";
        }
        return string.Create(CultureInfo.InvariantCulture,
            $"job {row.Id} (kind '{row.Kind}', queue '{row.Queue}', priority {row.Priority}, state {Name(row.State)}, tags {Tags(row.Tags)}, scheduled at {Time(row.ScheduledAt)}, max attempts {row.MaxAttempts}, args {args})");
    }

    private static string Name(JobState state) => state.ToString().ToLowerInvariant();

    private static string Tags(IReadOnlyList<string> tags) => "[" + string.Join(", ", tags) + "]";

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
}
