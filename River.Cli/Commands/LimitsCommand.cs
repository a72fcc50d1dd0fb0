using System.CommandLine;
using System.Globalization;

namespace River.Cli.Commands;

/// <summary>
/// <c>river limits list|set|reset|delete|sequences</c>: flow control of line <c>typed</c> (global concurrency limits,
/// rate limits, sequences) through <see cref="RiverClient"/>'s flow calls; running clients apply a change within one
/// poll interval.
/// </summary>
internal static class LimitsCommand
{
    public static Command Create(CliRunner runner)
    {
        var command = new Command("limits", "List and change global concurrency limits, rate limits and sequences (flow control).");
        command.Subcommands.Add(List(runner));
        command.Subcommands.Add(Set(runner));
        command.Subcommands.Add(Simple(runner, "reset", "Undo run-time changes of a queue's or kind's limits: back to what clients declare (removed when none does).",
            (c, scope, ct) => c.ResetFlowLimitAsync(scope, ct)));
        command.Subcommands.Add(Simple(runner, "delete", "Remove a queue's or kind's limits (clients declaring them write them again when they start).",
            (c, scope, ct) => c.DeleteFlowLimitAsync(scope, ct)));
        command.Subcommands.Add(Sequences(runner));
        return command;
    }

    private static Argument<string> ScopeArgument() => new("scope") { Description = "queue:<queue> or kind:<kind>, e.g. kind:email.send." };

    private static Command List(CliRunner runner)
    {
        var url = CommonOptions.DatabaseUrl();
        var schema = CommonOptions.Schema();
        var command = new Command("list", "List every limit with the jobs running and waiting under it now.") { url, schema };
        command.SetAction((parse, ct) => runner.RunAsync(parse.GetValue(url), (db, context) => ManagementClient.RunAsync(db, parse.GetValue(schema), async client =>
        {
            var rows = await client.ListFlowLimitsAsync(ct);
            context.Out.WriteLine("scope                                 max running  rate            partition by        sequenced  source   running  waiting");
            foreach (var r in rows)
            {
                var l = r.Limits;
                var rate = l.RateLimit is { } n ? string.Create(CultureInfo.InvariantCulture, $"{n}/{l.RatePeriod!.Value.TotalSeconds:0.###}s b{l.RateBurst}") : "-";
                context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{r.Scope.Id,-37} {(l.MaxRunning?.ToString(CultureInfo.InvariantCulture) ?? "-"),-12} {rate,-15} {l.PartitionBy ?? "-",-19} {(r.Sequenced ? "yes" : "no"),-10} {(r.ChangedAtRunTime ? "runtime" : "code"),-8} {r.Running,-8} {r.Waiting}"));
            }
            if (rows.Count == 0)
            {
                context.Out.WriteLine("(no limits)");
            }
            return ExitCodes.Ok;
        }), ct));
        return command;
    }

    private static Command Set(CliRunner runner)
    {
        var url = CommonOptions.DatabaseUrl();
        var schema = CommonOptions.Schema();
        var scope = ScopeArgument();
        var max = new Option<int?>("--max-running") { Description = "At most this many jobs running at once across every client (at least 1)." };
        var rate = new Option<int?>("--rate") { Description = "At most this many starts per --per seconds." };
        var per = new Option<double?>("--per") { Description = "The rate's period in seconds (0.001 to 2678400; default 1 with --rate)." };
        var burst = new Option<int?>("--burst") { Description = "The rate's bucket size (default: one second's worth)." };
        var partition = new Option<string?>("--partition-by") { Description = "Kinds: a JSON path into the args (e.g. customer_id); limits apply per value." };
        var sequenced = new Option<bool?>("--sequenced") { Description = "Queues: whether the fetch keeps sequences in order." };
        var command = new Command("set", "Replace a queue's or kind's limits at run time (an unset limit is removed; kept across client starts until reset).")
        {
            url, schema, scope, max, rate, per, burst, partition, sequenced,
        };
        command.SetAction((parse, ct) => runner.RunAsync(parse.GetValue(url), (db, context) => ManagementClient.RunAsync(db, parse.GetValue(schema), async client =>
        {
            var limits = new FlowOptions
            {
                MaxRunning = parse.GetValue(max),
                RateLimit = parse.GetValue(rate),
                RatePeriod = parse.GetValue(rate) is null ? null : TimeSpan.FromSeconds(parse.GetValue(per) ?? 1),
                RateBurst = parse.GetValue(burst),
                PartitionBy = parse.GetValue(partition),
            };
            var info = await client.SetFlowLimitAsync(FlowScope.Parse(parse.GetValue(scope)!), limits, parse.GetValue(sequenced), ct);
            context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{info.Scope.Id}: max running {info.Limits.MaxRunning?.ToString(CultureInfo.InvariantCulture) ?? "-"}, rate {(info.Limits.RateLimit is { } n ? $"{n} per {info.Limits.RatePeriod!.Value.TotalSeconds:0.###} s (burst {info.Limits.RateBurst})" : "-")}, running {info.Running}, waiting {info.Waiting}"));
            return ExitCodes.Ok;
        }), ct));
        return command;
    }

    private static Command Simple(CliRunner runner, string name, string description, Func<RiverClient, FlowScope, CancellationToken, Task<bool>> call)
    {
        var url = CommonOptions.DatabaseUrl();
        var schema = CommonOptions.Schema();
        var scope = ScopeArgument();
        var command = new Command(name, description) { url, schema, scope };
        command.SetAction((parse, ct) => runner.RunAsync(parse.GetValue(url), (db, context) => ManagementClient.RunAsync(db, parse.GetValue(schema), async client =>
        {
            var target = FlowScope.Parse(parse.GetValue(scope)!);
            if (!await call(client, target, ct))
            {
                throw new CliException($"{target.Id} has no limits", ExitCodes.ValidationFailed);
            }
            context.Out.WriteLine($"{target.Id}: {name} done");
            return ExitCodes.Ok;
        }), ct));
        return command;
    }

    private static Command Sequences(CliRunner runner)
    {
        var url = CommonOptions.DatabaseUrl();
        var schema = CommonOptions.Schema();
        var key = new Option<string?>("--key") { Description = "Only this sequence." };
        var limit = new Option<int>("--limit") { Description = "At most this many sequences (1 to 10,000).", DefaultValueFactory = _ => 100 };
        var command = new Command("sequences", "List sequences with a job not finalized: the job holding each and how many wait behind it.") { url, schema, key, limit };
        command.SetAction((parse, ct) => runner.RunAsync(parse.GetValue(url), (db, context) => ManagementClient.RunAsync(db, parse.GetValue(schema), async client =>
        {
            var rows = await client.ListSequencesAsync(parse.GetValue(limit), parse.GetValue(key), ct);
            context.Out.WriteLine("sequence                              holder job  state       attempt  waiting");
            foreach (var s in rows)
            {
                context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{s.Key,-37} {s.HolderJobId,-11} {s.HolderState.ToString().ToLowerInvariant(),-11} {s.HolderAttempt,-8} {s.Waiting}"));
            }
            return ExitCodes.Ok;
        }), ct));
        return command;
    }
}
