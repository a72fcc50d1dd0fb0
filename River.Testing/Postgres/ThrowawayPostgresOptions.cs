namespace River.Testing;

/// <summary>
/// Options for <see cref="ThrowawayPostgres.StartAsync(ThrowawayPostgresOptions?, CancellationToken)"/>.
/// </summary>
public sealed class ThrowawayPostgresOptions
{
    /// <summary>The default for <see cref="MaxConnections"/>.</summary>
    public const int DefaultMaxConnections = 300;

    /// <summary>
    /// Folder holding <c>initdb</c>, <c>pg_ctl</c> and <c>postgres</c>. When null, the folder of
    /// <c>pg_ctl</c> on <c>PATH</c> is used, else the highest version under <c>/usr/lib/postgresql/*/bin</c>.
    /// </summary>
    public string? BinDirectory { get; set; }

    /// <summary>
    /// Folder under which the cluster's temporary directory is created. When null: <c>/tmp</c> when the
    /// process runs as root (the <c>postgres</c> OS user must be able to reach it), else the system temp folder.
    /// </summary>
    public string? BaseDirectory { get; set; }

    /// <summary>The server's <c>max_connections</c>. Default <see cref="DefaultMaxConnections"/>.</summary>
    public int MaxConnections { get; set; } = DefaultMaxConnections;

    /// <summary>
    /// When false the server runs with <c>fsync=off</c>, <c>synchronous_commit=off</c> and
    /// <c>full_page_writes=off</c>: much faster, and a crash of the machine loses data (fine for tests).
    /// Default true (durable, as a real server).
    /// </summary>
    public bool Durable { get; set; } = true;

    /// <summary>
    /// Extra server settings written to <c>postgresql.conf</c> (name → value). They win over the
    /// defaults chosen here. Names must be PostgreSQL setting names (letters, digits, <c>_</c> and <c>.</c>).
    /// </summary>
    public IDictionary<string, string> Settings { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>How long to wait for the server to accept connections. Default 60 seconds.</summary>
    public TimeSpan StartTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Options suited to test suites: not durable (<see cref="Durable"/> false), everything else default.</summary>
    public static ThrowawayPostgresOptions ForTests() => new() { Durable = false };
}
