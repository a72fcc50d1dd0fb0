namespace River;

/// <summary>
/// A job the elected leader inserts on a schedule. Register it on <see cref="RiverClientOptions.PeriodicJobs"/>
/// (before or after start). Every client of a cluster should register the same set: whichever client leads runs it.
/// </summary>
/// <remarks>
/// Each firing is inserted with <c>scheduled_at</c> = its planned time (so the schedule does not drift with the
/// leader's latency) and metadata <c>{"periodic": true, "river:periodic_job_id": "&lt;id&gt;"}</c>. The id ties
/// firings to the schedule across leader changes: a new leader continues after the newest firing in the table,
/// so a firing the old leader inserted is neither repeated nor skipped.
/// </remarks>
public sealed class PeriodicJob
{
    /// <summary>Creates a periodic job.</summary>
    /// <param name="id">A stable id (River's kind pattern, 2 to 127 characters, e.g. <c>reports.nightly</c>). Keep it across deploys.</param>
    /// <param name="schedule">When it fires (an interval or a cron expression).</param>
    /// <param name="constructor">
    /// Builds the job of a firing; returns <see langword="null"/> to skip that firing. Called on the leader only,
    /// once per firing. Its <see cref="InsertOptions.ScheduledAt"/> is replaced by the planned time.
    /// </param>
    /// <param name="runOnStart">
    /// Fire at once when the job has no firing in the table yet (a first deploy), instead of waiting for the
    /// schedule. A leader taking over an up-to-date schedule does not fire it again.
    /// </param>
    /// <exception cref="ArgumentException">The id is invalid.</exception>
    public PeriodicJob(string id, IPeriodicSchedule schedule, Func<PeriodicJobContext, JobInsertRequest?> constructor, bool runOnStart = false)
    {
        if (JobOptionRules.ValidatePeriodicJobId(id) is { } error)
        {
            throw new ArgumentException(error, nameof(id));
        }
        ArgumentNullException.ThrowIfNull(schedule);
        ArgumentNullException.ThrowIfNull(constructor);
        Id = id;
        Schedule = schedule;
        Constructor = constructor;
        RunOnStart = runOnStart;
    }

    /// <summary>The stable id, stored in each inserted job's <c>river:periodic_job_id</c> metadata.</summary>
    public string Id { get; }

    /// <summary>When it fires.</summary>
    public IPeriodicSchedule Schedule { get; }

    /// <summary>Builds the job of a firing, or returns <see langword="null"/> to skip it.</summary>
    public Func<PeriodicJobContext, JobInsertRequest?> Constructor { get; }

    /// <summary>Whether it fires at once when it has never fired (see the constructor).</summary>
    public bool RunOnStart { get; }

    /// <summary>The default of <see cref="MaxMisfireRuns"/>.</summary>
    public const int DefaultMaxMisfireRuns = 10;

    /// <summary>The most <see cref="MaxMisfireRuns"/> may be (the enqueuer's bound on catch-up steps).</summary>
    public const int MaxMisfireRunsLimit = 10_000;

    /// <summary>
    /// A firing the leader reaches later than this after its planned time is missed (see <see cref="MisfirePolicy"/>);
    /// one minute, the enqueuer's longest sleep, so an on-time firing is never taken for a missed one.
    /// </summary>
    public static readonly TimeSpan MisfireThreshold = TimeSpan.FromMinutes(1);

    /// <summary>What happens to firings missed while nobody enqueued them; default <see cref="MisfirePolicy.RunOnce"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a defined policy.</exception>
    public MisfirePolicy Misfire
    {
        get => _misfire;
        init => _misfire = Enum.IsDefined(value)
            ? value
            : throw new ArgumentOutOfRangeException(nameof(Misfire), value, $"Periodic job '{Id}': {(int)value} is not a MisfirePolicy; use RunOnce, RunAll or Skip.");
    }

    /// <summary>
    /// With <see cref="MisfirePolicy.RunAll"/>, the most missed firings enqueued at once (the newest are kept);
    /// default <see cref="DefaultMaxMisfireRuns"/>, 1 to <see cref="MaxMisfireRunsLimit"/>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is outside 1 to <see cref="MaxMisfireRunsLimit"/>.</exception>
    public int MaxMisfireRuns
    {
        get => _maxMisfireRuns;
        init => _maxMisfireRuns = value is >= 1 and <= MaxMisfireRunsLimit
            ? value
            : throw new ArgumentOutOfRangeException(nameof(MaxMisfireRuns), value, $"Periodic job '{Id}': MaxMisfireRuns must be 1 to {MaxMisfireRunsLimit}, got {value}.");
    }

    /// <summary>
    /// For a job whose every firing inserts the same args (a <see cref="PeriodicJobAttribute"/>), builds that insert,
    /// so the stored schedule shows its kind, args and options; null when the constructor builds each firing.
    /// </summary>
    internal Func<JobInsertRequest>? Sample { get; init; }

    private readonly MisfirePolicy _misfire = MisfirePolicy.RunOnce;
    private readonly int _maxMisfireRuns = DefaultMaxMisfireRuns;

    /// <summary>A periodic job that inserts the args <paramref name="args"/> returns (or skips the firing on <see langword="null"/>).</summary>
    /// <exception cref="ArgumentException">The id is invalid.</exception>
    /// <param name="id">The stable id.</param>
    /// <param name="schedule">When it fires.</param>
    /// <param name="args">Builds the args of a firing, or returns <see langword="null"/> to skip it.</param>
    /// <param name="opts">The insert options of every firing (its <see cref="InsertOptions.ScheduledAt"/> is replaced by the planned time).</param>
    /// <param name="runOnStart">Fire at once when the job has never fired.</param>
    /// <param name="misfire">What happens to missed firings (see <see cref="Misfire"/>).</param>
    /// <param name="maxMisfireRuns">With <see cref="MisfirePolicy.RunAll"/>, the most missed firings enqueued at once.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="misfire"/> or <paramref name="maxMisfireRuns"/> is out of range.</exception>
    public static PeriodicJob Create<TArgs>(string id, IPeriodicSchedule schedule, Func<PeriodicJobContext, TArgs?> args,
        InsertOptions? opts = null, bool runOnStart = false, MisfirePolicy misfire = MisfirePolicy.RunOnce,
        int maxMisfireRuns = DefaultMaxMisfireRuns) where TArgs : notnull
    {
        ArgumentNullException.ThrowIfNull(args);
        return new PeriodicJob(id, schedule, context => args(context) is { } value ? JobInsertRequest.Create(value, opts) : null, runOnStart)
        {
            Misfire = misfire,
            MaxMisfireRuns = maxMisfireRuns,
        };
    }

    /// <summary>
    /// The periodic job a <see cref="PeriodicJobAttribute"/> declares on <typeparamref name="TArgs"/>: id
    /// <see cref="PeriodicJobAttribute.Id"/> or else the kind, the schedule read by <see cref="PeriodicSchedules.Parse"/>
    /// in <see cref="PeriodicJobAttribute.TimeZone"/>, and each firing inserts <paramref name="args"/>'s value with the
    /// kind's declared defaults. Called by the generated registry (<c>CreatePeriodicJobs()</c>); usable by hand.
    /// </summary>
    /// <param name="definition">The args type's definition.</param>
    /// <param name="attribute">The declaration.</param>
    /// <param name="args">Builds the args of each firing (the generated code passes <c>() =&gt; new TArgs()</c>).</param>
    /// <exception cref="FormatException">
    /// The schedule or the time zone is invalid; the message names the args type, the kind and the bad text.
    /// </exception>
    /// <exception cref="ArgumentException">
    /// The id is invalid, or <see cref="PeriodicJobAttribute.Misfire"/> or <see cref="PeriodicJobAttribute.MaxMisfireRuns"/>
    /// is out of range; the message names the args type and the kind.
    /// </exception>
    public static PeriodicJob FromAttribute<TArgs>(JobDefinition<TArgs> definition, PeriodicJobAttribute attribute, Func<TArgs> args)
        where TArgs : notnull
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(attribute);
        ArgumentNullException.ThrowIfNull(args);
        var declaredOn = $"[PeriodicJob] on '{definition.ArgsType.FullName}' (kind '{definition.Kind}')";
        TimeZoneInfo? zone = null;
        if (attribute.TimeZone is { } zoneId)
        {
            try
            {
                zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
            }
            catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
            {
                throw new FormatException($"{declaredOn}: the time zone \"{zoneId}\" is not known on this system ({e.Message}). Use an IANA id such as \"Europe/Berlin\".", e);
            }
        }
        if (!PeriodicSchedules.TryParse(attribute.Schedule, zone, out var schedule, out var error))
        {
            throw new FormatException($"{declaredOn}: the schedule \"{attribute.Schedule}\" is invalid: {error}");
        }
        var id = attribute.Id ?? definition.Kind;
        if (JobOptionRules.ValidatePeriodicJobId(id) is { } idError)
        {
            throw new ArgumentException($"{declaredOn}: {idError}{(attribute.Id is null ? " (the id defaults to the kind; set PeriodicJobAttribute.Id)" : "")}.", nameof(attribute));
        }
        if (!Enum.IsDefined(attribute.Misfire) || attribute.MaxMisfireRuns is < 1 or > MaxMisfireRunsLimit)
        {
            throw new ArgumentException($"{declaredOn}: Misfire must be RunOnce, RunAll or Skip and MaxMisfireRuns 1 to {MaxMisfireRunsLimit}; got {(int)attribute.Misfire} and {attribute.MaxMisfireRuns}.", nameof(attribute));
        }
        return new PeriodicJob(id, schedule, _ => JobInsertRequest.ForDefinition(definition, args(), null), attribute.RunOnStart)
        {
            Sample = () => JobInsertRequest.ForDefinition(definition, args(), null),
            Misfire = attribute.Misfire,
            MaxMisfireRuns = attribute.MaxMisfireRuns,
        };
    }
}
