namespace River.Cli;

/// <summary>Runs a command's body and turns every failure into one stderr line and an exit code.</summary>
internal sealed class CliRunner(CliContext context)
{
    /// <summary>Resolves the database target, then runs <paramref name="body"/>.</summary>
    public async Task<int> RunAsync(string? databaseUrl, Func<DatabaseTarget, CliContext, Task<int>> body, CancellationToken cancellationToken)
    {
        DatabaseTarget? target = null;
        try
        {
            target = DatabaseTarget.Resolve(databaseUrl, context);
            cancellationToken.ThrowIfCancellationRequested();
            return await body(target, context).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            return Report(e, target);
        }
    }

    /// <summary>Runs a body that finds its database itself (e.g. <c>bench</c>, which may start a throwaway server).</summary>
    public async Task<int> RunAsync(Func<CliContext, Task<int>> body, CancellationToken cancellationToken)
    {
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            return await body(context).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            return Report(e, null);
        }
    }

    /// <summary>Runs a body that needs no database.</summary>
    public Task<int> RunOfflineAsync(Func<CliContext, int> body, CancellationToken cancellationToken)
    {
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            return Task.FromResult(body(context));
        }
        catch (Exception e)
        {
            return Task.FromResult(Report(e, null));
        }
    }

    private int Report(Exception e, DatabaseTarget? target)
    {
        var (line, code) = ErrorReporter.Describe(e, target);
        context.Error.WriteLine(line);
        return code;
    }
}
