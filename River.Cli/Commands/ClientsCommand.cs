using System.CommandLine;
using System.Globalization;

namespace River.Cli.Commands;

/// <summary><c>river clients</c>: the client registry (live and recently dead clients) and the leader with its term.</summary>
internal static class ClientsCommand
{
    public static Command Create(CliRunner runner)
    {
        var url = CommonOptions.DatabaseUrl();
        var schema = CommonOptions.Schema();
        var command = new Command("clients", "List registered River.Typed clients (live, then recently declared dead): queues, running jobs, last heartbeat; and the leader with its term.") { url, schema };
        command.SetAction((parse, ct) => runner.RunAsync(parse.GetValue(url), async (db, context) =>
        {
            await using var dataSource = db.CreateDataSource();
            await using var client = new RiverClient(new RiverClientOptions { DataSource = dataSource, Schema = parse.GetValue(schema) ?? "public" });
            var fleet = await client.ListClientsAsync(cancellationToken: ct);
            context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"leader: {fleet.LeaderId ?? "none"}{(fleet.LeaderTerm is { } term ? $" (term {term}, won by {fleet.TermLeaderId})" : "")}"));
            context.Out.WriteLine("state  id                                        host            pid      running  last heartbeat (UTC)  queues");
            foreach (var c in fleet.Clients)
            {
                var queues = c.Queues.Count == 0 ? "(insert-only)" : string.Join(",", c.Queues.Select(q => string.Create(CultureInfo.InvariantCulture, $"{q.Key}:{q.Value}")));
                context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{(c.IsLive ? "live" : "dead"),-6} {c.Id,-41} {c.Host,-15} {c.Pid,-8} {c.RunningJobs,-8} {c.HeartbeatAt.UtcDateTime:yyyy-MM-dd HH:mm:ss}   {queues}"));
            }

            return ExitCodes.Ok;
        }, ct));
        return command;
    }
}
