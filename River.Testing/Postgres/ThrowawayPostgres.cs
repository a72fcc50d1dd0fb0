using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using Npgsql;

namespace River.Testing;

/// <summary>
/// A private PostgreSQL cluster started from the installed server binaries, on a free 127.0.0.1 port, in
/// a temporary directory that is removed again when the instance is disposed — and also when the process
/// dies without disposing it (a detached watchdog notices and cleans up). When this process is root the
/// server runs as the <c>postgres</c> OS user. Authentication is <c>trust</c>, for local use only.
/// </summary>
/// <example>
/// <code>
/// await using var pg = await ThrowawayPostgres.StartAsync(ThrowawayPostgresOptions.ForTests());
/// await using var dataSource = NpgsqlDataSource.Create(pg.ConnectionString);
/// </code>
/// </example>
public sealed partial class ThrowawayPostgres : IAsyncDisposable
{
    private const int StartAttempts = 3;
    private const string Superuser = "postgres";

    private readonly ServerUser _user;
    private readonly string _root;
    private readonly TimeSpan _startTimeout;
    private Process? _watchdog;
    private int _disposed;

    private ThrowawayPostgres(ServerUser user, string binDirectory, string root, int port, TimeSpan startTimeout)
    {
        _user = user;
        _root = root;
        _startTimeout = startTimeout;
        BinDirectory = binDirectory;
        Port = port;
    }

    /// <summary>The folder of the PostgreSQL binaries in use.</summary>
    public string BinDirectory { get; }

    /// <summary>The cluster's data directory (inside a temporary folder removed on dispose).</summary>
    public string DataDirectory => Path.Combine(_root, "data");

    /// <summary>The server log file.</summary>
    public string LogFile => Path.Combine(_root, "server.log");

    /// <summary>The TCP port on 127.0.0.1 the server listens on.</summary>
    public int Port { get; }

    /// <summary>A connection string for the superuser <c>postgres</c> to database <c>postgres</c>.</summary>
    public string ConnectionString => ConnectionStringFor("postgres");

    /// <summary>A connection string for the superuser to <paramref name="database"/>.</summary>
    public string ConnectionStringFor(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = Superuser,
        Database = database,
    }.ConnectionString;

    /// <summary>
    /// Creates, configures and starts a new cluster and waits until it accepts connections.
    /// </summary>
    /// <exception cref="InvalidOperationException">No binaries, no <c>postgres</c> OS user when root, or the server did not start (the message includes its log).</exception>
    public static Task<ThrowawayPostgres> StartAsync(ThrowawayPostgresOptions? options = null, CancellationToken cancellationToken = default) =>
        StartAsync(options, Environment.ProcessId, cancellationToken);

    /// <summary>Like the public overload, with the watchdog watching process <paramref name="ownerProcessId"/> instead of this one (for tests of the watchdog).</summary>
    internal static async Task<ThrowawayPostgres> StartAsync(ThrowawayPostgresOptions? options, int ownerProcessId, CancellationToken cancellationToken)
    {
        options ??= new ThrowawayPostgresOptions();
        ValidateSettings(options);
        var bin = PostgresBinaries.Locate(options.BinDirectory);
        var user = ServerUser.Detect();
        var baseDir = options.BaseDirectory ?? (user.SwitchesUser ? "/tmp" : Path.GetTempPath());

        for (var attempt = 1; ; attempt++)
        {
            var root = Path.Combine(baseDir, "river-pg-" + Guid.NewGuid().ToString("N")[..12]);
            Directory.CreateDirectory(root);
            var pg = new ThrowawayPostgres(user, bin, root, FreePort(), options.StartTimeout);
            try
            {
                await pg.InitAndStartAsync(options, ownerProcessId, cancellationToken).ConfigureAwait(false);
                return pg;
            }
            catch (InvalidOperationException) when (attempt < StartAttempts && pg.PortTakenInLog())
            {
                // Another process grabbed the port between probing and binding: try again with a new one.
                await pg.DisposeAsync().ConfigureAwait(false);
            }
            catch
            {
                await pg.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }
    }

    /// <summary>Restarts the server (<c>pg_ctl restart -m fast</c>): every connection is closed; the port stays.</summary>
    public async Task RestartAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        await PgCtlAsync("restart", ["-m", "fast", "-l", LogFile], cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Restarts the server as after a crash (<c>pg_ctl restart -m immediate</c>): every backend is killed without a
    /// shutdown checkpoint, the server runs crash recovery when it starts again, and UNLOGGED tables (River's
    /// <c>river_leader</c>) come back empty. Transactions committed before the restart survive only when the server is
    /// <see cref="ThrowawayPostgresOptions.Durable"/> (otherwise the last ones may be lost, as in a real crash without
    /// fsync). The port stays.
    /// </summary>
    public async Task RestartImmediateAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        await PgCtlAsync("restart", ["-m", "immediate", "-l", LogFile], cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stops the server (<c>pg_ctl stop -m fast</c>) without removing anything, e.g. to test an unreachable server.</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        await PgCtlAsync("stop", ["-m", "fast"], cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Starts the server again after <see cref="StopAsync"/>.</summary>
    public async Task StartAgainAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        await PgCtlAsync("start", ["-l", LogFile], cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stops the server (immediate mode) and deletes its directory. Safe to call more than once.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        if (File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                await PgCtlAsync("stop", ["-m", "immediate"], timeout.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is InvalidOperationException or OperationCanceledException)
            {
                // Best effort: the directory goes anyway; a server left without it exits on its own checks.
            }
        }

        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }

        try
        {
            _watchdog?.Kill();
        }
        catch (InvalidOperationException)
        {
        }

        _watchdog?.Dispose();
    }

    private async Task InitAndStartAsync(ThrowawayPostgresOptions options, int ownerProcessId, CancellationToken cancellationToken)
    {
        await _user.TakeOwnershipAsync(_root, cancellationToken).ConfigureAwait(false);
        var pgCtl = _user.Command(Path.Combine(BinDirectory, "pg_ctl"), []);
        _watchdog = Watchdog.Start(ownerProcessId, _root, DataDirectory, pgCtl.FileName, pgCtl.Arguments);

        var initdb = _user.Command(Path.Combine(BinDirectory, "initdb"),
            ["-D", DataDirectory, "-U", Superuser, "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync", "--no-instructions"]);
        await ExternalProcess.RunCheckedAsync("initdb", initdb.FileName, initdb.Arguments, cancellationToken).ConfigureAwait(false);

        // The config file belongs to the server user; appending as root keeps its owner.
        await File.AppendAllTextAsync(Path.Combine(DataDirectory, "postgresql.conf"), RenderSettings(options), cancellationToken).ConfigureAwait(false);
        await PgCtlAsync("start", ["-l", LogFile], cancellationToken).ConfigureAwait(false);
    }

    private string RenderSettings(ThrowawayPostgresOptions options)
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["listen_addresses"] = "127.0.0.1",
            ["port"] = Port.ToString(CultureInfo.InvariantCulture),
            ["unix_socket_directories"] = _root,
            ["max_connections"] = options.MaxConnections.ToString(CultureInfo.InvariantCulture),
            ["logging_collector"] = "off",
        };
        if (!options.Durable)
        {
            settings["fsync"] = "off";
            settings["synchronous_commit"] = "off";
            settings["full_page_writes"] = "off";
        }

        foreach (var (name, value) in options.Settings)
        {
            settings[name] = value;
        }

        var text = new StringBuilder("\n# River.Testing throwaway cluster\n");
        foreach (var (name, value) in settings)
        {
            text.Append(name).Append(" = '").Append(value.Replace("'", "''", StringComparison.Ordinal)).Append("'\n");
        }

        return text.ToString();
    }

    private async Task PgCtlAsync(string action, IEnumerable<string> extra, CancellationToken cancellationToken)
    {
        var seconds = ((int)Math.Ceiling(_startTimeout.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        var command = _user.Command(Path.Combine(BinDirectory, "pg_ctl"), new[] { action, "-D", DataDirectory, "-w", "-t", seconds }.Concat(extra));
        var result = await ExternalProcess.RunAsync(command.FileName, command.Arguments, cancellationToken).ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            var log = File.Exists(LogFile) ? await File.ReadAllTextAsync(LogFile, cancellationToken).ConfigureAwait(false) : "(no log)";
            throw new InvalidOperationException(
                $"pg_ctl {action} failed (exit code {result.ExitCode}) for the throwaway PostgreSQL on port {Port}: {result.Output.Trim()}\nServer log:\n{Tail(log)}");
        }
    }

    private bool PortTakenInLog() =>
        File.Exists(LogFile) && File.ReadAllText(LogFile).Contains("Address already in use", StringComparison.Ordinal);

    private static string Tail(string log) => log.Length <= 4000 ? log : log[^4000..];

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void ValidateSettings(ThrowawayPostgresOptions options)
    {
        if (options.MaxConnections < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxConnections, "ThrowawayPostgresOptions.MaxConnections must be at least 1.");
        }

        if (options.StartTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.StartTimeout, "ThrowawayPostgresOptions.StartTimeout must be positive.");
        }

        foreach (var name in options.Settings.Keys)
        {
            if (!SettingName().IsMatch(name))
            {
                throw new ArgumentException(
                    $"ThrowawayPostgresOptions.Settings: '{name}' is not a valid PostgreSQL setting name (letters, digits, '_' and '.').", nameof(options));
            }
        }
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_.]*$")]
    private static partial Regex SettingName();
}
