using River.Testing;

namespace River.Cli.Tests;

/// <summary><c>river limits …</c> against a migrated database: set, list, reset a limit; bad input named.</summary>
public sealed class LimitsCommandTests
{
    [Fact]
    public async Task Set_list_sequences_reset_and_bad_input()
    {
        await using var db = await TestDatabases.CreateAsync();
        var url = MigrateCommandsTests.ToUrl(db.ConnectionString);
        async Task<CliHarness.Outcome> Run(params string[] args)
        {
            var run = await CliHarness.RunAsync(["limits", .. args, "--database-url", url]);
            Assert.True(run.ExitCode == 0, $"{string.Join(' ', args)}: {run.Error}");
            return run;
        }

        Assert.Contains("(no limits)", (await Run("list")).Out, StringComparison.Ordinal);
        var set = await Run("set", "kind:customer.sync", "--max-running", "1", "--partition-by", "customer_id", "--rate", "100", "--per", "60");
        Assert.Contains("kind:customer.sync: max running 1, rate 100 per 60 s (burst 2)", set.Out, StringComparison.Ordinal);
        var list = (await Run("list")).Out;
        Assert.Contains("kind:customer.sync", list, StringComparison.Ordinal);
        Assert.Contains("customer_id", list, StringComparison.Ordinal);
        Assert.Contains("runtime", list, StringComparison.Ordinal);
        Assert.Contains("sequence", (await Run("sequences")).Out, StringComparison.Ordinal);
        Assert.Contains("reset done", (await Run("reset", "kind:customer.sync")).Out, StringComparison.Ordinal);
        Assert.Contains("(no limits)", (await Run("list")).Out, StringComparison.Ordinal);

        var zero = await CliHarness.RunAsync("limits", "set", "queue:mail", "--max-running", "0", "--database-url", url);
        Assert.Equal(ExitCodes.Usage, zero.ExitCode);
        Assert.Contains("at least 1", zero.Error, StringComparison.Ordinal);
        var period = await CliHarness.RunAsync("limits", "set", "kind:customer.sync", "--rate", "5", "--per", "0", "--database-url", url);
        Assert.Equal(ExitCodes.Usage, period.ExitCode);
        Assert.Contains("between 1 ms and 31 days", period.Error, StringComparison.Ordinal);
        var noStarts = await CliHarness.RunAsync("limits", "set", "kind:customer.sync", "--rate", "0", "--per", "1", "--database-url", url);
        Assert.Equal(ExitCodes.Usage, noStarts.ExitCode);
        Assert.Contains("at least 1 start per period", noStarts.Error, StringComparison.Ordinal);
        Assert.Contains("(no limits)", (await Run("list")).Out, StringComparison.Ordinal); // nothing stored by the refused sets
        var scope = await CliHarness.RunAsync("limits", "set", "mail", "--max-running", "2", "--database-url", url);
        Assert.Equal(ExitCodes.Usage, scope.ExitCode);
        Assert.Contains("'queue:<queue>' or 'kind:<kind>'", scope.Error, StringComparison.Ordinal);
        var missing = await CliHarness.RunAsync("limits", "reset", "queue:mail", "--database-url", url);
        Assert.Equal(ExitCodes.ValidationFailed, missing.ExitCode);
    }
}
