namespace River.Testing;

/// <summary>
/// Decides how PostgreSQL's binaries are run: directly, or as the <c>postgres</c> OS user through
/// <c>runuser</c> when this process is root (PostgreSQL refuses to run as root).
/// </summary>
internal sealed class ServerUser
{
    /// <summary>The OS user that owns and runs the cluster when this process is root.</summary>
    public const string PostgresUser = "postgres";

    private readonly string? _runuser;

    private ServerUser(string? runuser) => _runuser = runuser;

    /// <summary>True when the binaries run as <see cref="PostgresUser"/> through runuser.</summary>
    public bool SwitchesUser => _runuser is not null;

    /// <summary>Detects the current situation.</summary>
    /// <exception cref="InvalidOperationException">Root, but runuser or the postgres user is missing.</exception>
    public static ServerUser Detect()
    {
        if (!Environment.IsPrivilegedProcess)
        {
            return new ServerUser(null);
        }

        var runuser = new[] { "/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser", "/bin/runuser" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException(
                "Running as root, and PostgreSQL refuses to run as root, but 'runuser' (util-linux) was not found to run it as the postgres user.");
        if (!File.ReadLines("/etc/passwd").Any(l => l.StartsWith(PostgresUser + ":", StringComparison.Ordinal)))
        {
            throw new InvalidOperationException(
                "Running as root, and PostgreSQL refuses to run as root, but there is no 'postgres' OS user (install the postgresql package, which creates it).");
        }

        return new ServerUser(runuser);
    }

    /// <summary>The file name and arguments that run <paramref name="binary"/> with <paramref name="arguments"/> as the server user.</summary>
    public (string FileName, IReadOnlyList<string> Arguments) Command(string binary, IEnumerable<string> arguments) =>
        _runuser is null
            ? (binary, arguments.ToList())
            : (_runuser, new[] { "-u", PostgresUser, "--", binary }.Concat(arguments).ToList());

    /// <summary>Gives <paramref name="directory"/> (recursively) to the server user; nothing to do when not root.</summary>
    public async Task TakeOwnershipAsync(string directory, CancellationToken cancellationToken)
    {
        if (_runuser is null)
        {
            return;
        }

        await ExternalProcess.RunCheckedAsync(
            $"chown of {directory} to {PostgresUser}", "chown", ["-R", $"{PostgresUser}:", directory], cancellationToken).ConfigureAwait(false);
    }
}
