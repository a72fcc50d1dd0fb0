using System.CommandLine;
using System.Globalization;

namespace River.Cli.Commands;

/// <summary>
/// <c>river schedules list|add|update|pause|resume|remove|trigger</c>: the durable schedules of line <c>typed</c>,
/// through <see cref="RiverClient"/>'s schedule calls (the running leader sees a change within 5 s).
/// </summary>
internal static class SchedulesCommand
{
    public static Command Create(CliRunner runner)
    {
        var command = new Command("schedules", "List and change durable schedules (periodic jobs stored in the database).");
        command.Subcommands.Add(List(runner));
        command.Subcommands.Add(AddOrUpdate(runner, update: false));
        command.Subcommands.Add(AddOrUpdate(runner, update: true));
        command.Subcommands.Add(Simple(runner, "pause", "Pause a schedule: no scheduled run until it is resumed.", (c, id, ct) => c.PauseScheduleAsync(id, ct)));
        command.Subcommands.Add(Simple(runner, "resume", "Resume a paused schedule (runs missed while paused are not caught up).", (c, id, ct) => c.ResumeScheduleAsync(id, ct)));
        command.Subcommands.Add(Simple(runner, "trigger", "Ask the leader to enqueue one run now, without moving the schedule.", (c, id, ct) => c.TriggerScheduleAsync(id, ct)));
        command.Subcommands.Add(Remove(runner));
        return command;
    }

    private static Command List(CliRunner runner)
    {
        var url = CommonOptions.DatabaseUrl();
        var schema = CommonOptions.Schema();
        var limit = new Option<int>("--limit") { Description = "At most this many schedules (1 to 10,000).", DefaultValueFactory = _ => RiverClient.DefaultScheduleListLimit };
        var after = new Option<string?>("--after") { Description = "Start after this id (paging)." };
        var command = new Command("list", "List schedules by id with their next and last run.") { url, schema, limit, after };
        command.SetAction((parse, ct) => runner.RunAsync(parse.GetValue(url), (db, context) => ManagementClient.RunAsync(db, parse.GetValue(schema), async client =>
        {
            var rows = await client.ListSchedulesAsync(parse.GetValue(limit), parse.GetValue(after), ct);
            context.Out.WriteLine(FormatTable(rows));
            return ExitCodes.Ok;
        }), ct));
        return command;
    }

    private static Command AddOrUpdate(CliRunner runner, bool update)
    {
        var url = CommonOptions.DatabaseUrl();
        var schema = CommonOptions.Schema();
        var id = new Argument<string>("id") { Description = "The schedule id (2 to 127 characters: letters, digits, _ then also - . : / + …)." };
        var schedule = new Option<string>("--schedule") { Description = "A cron expression (\"0 3 * * *\") or \"@every 15m\".", Required = true };
        var kind = new Option<string>("--kind") { Description = "The job kind of each run.", Required = true };
        var args = new Option<string>("--args") { Description = "The args of each run, a JSON object (default {}).", DefaultValueFactory = _ => "{}" };
        var queue = new Option<string?>("--queue") { Description = "The queue (default: default)." };
        var priority = new Option<int?>("--priority") { Description = "The priority, 1 (first) to 4." };
        var maxAttempts = new Option<int?>("--max-attempts") { Description = "The max attempts (default 25)." };
        var tags = new Option<string[]>("--tag") { Description = "A tag (repeatable).", AllowMultipleArgumentsPerToken = false };
        var zone = new Option<string?>("--time-zone") { Description = "IANA time zone of cron fields (default UTC)." };
        var misfire = new Option<string>("--misfire") { Description = "After downtime: run-once (default), run-all or skip.", DefaultValueFactory = _ => "run-once" };
        var maxRuns = new Option<int>("--max-misfire-runs") { Description = "With run-all, the most missed runs enqueued (default 10).", DefaultValueFactory = _ => PeriodicJob.DefaultMaxMisfireRuns };
        var runOnStart = new Option<bool>("--run-on-start") { Description = "First run now rather than at the schedule's first time." };
        var paused = new Option<bool>("--paused") { Description = "Create it paused." };
        var command = new Command(update ? "update" : "add", update
            ? "Replace a run-time schedule's definition (its paused flag and last run are kept)."
            : "Create a schedule at run time (any client that leads enqueues it).")
        {
            url, schema, id, schedule, kind, args, queue, priority, maxAttempts, tags, zone, misfire, maxRuns, runOnStart,
        };
        if (!update)
        {
            command.Options.Add(paused);
        }
        command.SetAction((parse, ct) => runner.RunAsync(parse.GetValue(url), (db, context) => ManagementClient.RunAsync(db, parse.GetValue(schema), async client =>
        {
            var insertOptions = new InsertOptions
            {
                Queue = parse.GetValue(queue),
                Priority = parse.GetValue(priority),
                MaxAttempts = parse.GetValue(maxAttempts),
                Tags = parse.GetValue(tags) is { Length: > 0 } t ? t : null,
            };
            var options = new ScheduleOptions
            {
                TimeZone = parse.GetValue(zone),
                Misfire = ParseMisfire(parse.GetValue(misfire)!),
                MaxMisfireRuns = parse.GetValue(maxRuns),
                RunOnStart = parse.GetValue(runOnStart),
                Paused = !update && parse.GetValue(paused),
            };
            var row = update
                ? await client.UpdateScheduleAsync(parse.GetValue(id)!, parse.GetValue(schedule)!, parse.GetValue(kind)!, parse.GetValue(args)!, insertOptions, options, ct)
                : await client.AddScheduleAsync(parse.GetValue(id)!, parse.GetValue(schedule)!, parse.GetValue(kind)!, parse.GetValue(args)!, insertOptions, options, ct);
            context.Out.WriteLine($"{(update ? "updated" : "added")}: {Describe(row)}");
            return ExitCodes.Ok;
        }), ct));
        return command;
    }

    private static Command Simple(CliRunner runner, string name, string description, Func<RiverClient, string, CancellationToken, Task<ScheduleInfo>> change)
    {
        var url = CommonOptions.DatabaseUrl();
        var schema = CommonOptions.Schema();
        var id = new Argument<string>("id") { Description = "The schedule id." };
        var command = new Command(name, description) { url, schema, id };
        command.SetAction((parse, ct) => runner.RunAsync(parse.GetValue(url), (db, context) => ManagementClient.RunAsync(db, parse.GetValue(schema), async client =>
        {
            var row = await change(client, parse.GetValue(id)!, ct);
            context.Out.WriteLine($"{name}{(name.EndsWith('e') ? "d" : "ed")}: {Describe(row)}");
            return ExitCodes.Ok;
        }), ct));
        return command;
    }

    private static Command Remove(CliRunner runner)
    {
        var url = CommonOptions.DatabaseUrl();
        var schema = CommonOptions.Schema();
        var id = new Argument<string>("id") { Description = "The schedule id." };
        var command = new Command("remove", "Remove a schedule (its jobs stay; a code schedule comes back when a client declaring it starts).") { url, schema, id };
        command.SetAction((parse, ct) => runner.RunAsync(parse.GetValue(url), (db, context) => ManagementClient.RunAsync(db, parse.GetValue(schema), async client =>
        {
            var name = parse.GetValue(id)!;
            if (!await client.RemoveScheduleAsync(name, ct))
            {
                throw new CliException($"No schedule has id '{name}' (see `river schedules list`).", ExitCodes.ValidationFailed);
            }
            context.Out.WriteLine($"removed: {name}");
            return ExitCodes.Ok;
        }), ct));
        return command;
    }

    /// <summary>Reads <c>--misfire</c> (run-once, run-all, skip; underscores and case ignored).</summary>
    internal static MisfirePolicy ParseMisfire(string text) => text.Replace('_', '-').ToLowerInvariant() switch
    {
        "run-once" => MisfirePolicy.RunOnce,
        "run-all" => MisfirePolicy.RunAll,
        "skip" => MisfirePolicy.Skip,
        _ => throw new CliException($"--misfire must be run-once, run-all or skip, got '{text}'.", ExitCodes.Usage),
    };

    private static string Time(DateTimeOffset? at) => at is { } t ? t.UtcDateTime.ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss'Z'", CultureInfo.InvariantCulture) : "-";

    private static string Describe(ScheduleInfo row) =>
        $"{row.Id} ({row.Schedule}{(row.TimeZone is null ? "" : " " + row.TimeZone)}), next run {Time(row.NextRunAt)}{(row.Paused ? ", paused" : "")}{(row.TriggerPendingAt is null ? "" : ", run requested")}";

    /// <summary>The table <c>list</c> prints: one schedule a line, columns padded.</summary>
    internal static string FormatTable(IReadOnlyList<ScheduleInfo> rows)
    {
        if (rows.Count == 0)
        {
            return "no schedules";
        }
        var lines = new List<string[]> { new[] { "ID", "OWNER", "SCHEDULE", "KIND", "QUEUE", "STATE", "NEXT RUN", "LAST RUN", "LAST JOB" } };
        foreach (var r in rows)
        {
            lines.Add([r.Id, r.Owner == ScheduleOwner.Code ? "code" : "runtime", r.Schedule + (r.TimeZone is null ? "" : " (" + r.TimeZone + ")"), r.Kind ?? "-", r.Queue,
                r.Paused ? "paused" : r.TriggerPendingAt is null ? "active" : "triggered", Time(r.NextRunAt), Time(r.LastRunAt),
                r.LastJobId?.ToString(CultureInfo.InvariantCulture) ?? "-"]);
        }
        var widths = Enumerable.Range(0, lines[0].Length).Select(i => lines.Max(l => l[i].Length)).ToArray();
        return string.Join('\n', lines.Select(l => string.Join("  ", l.Select((cell, i) => i == l.Length - 1 ? cell : cell.PadRight(widths[i]))).TrimEnd()));
    }
}
