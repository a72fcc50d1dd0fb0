using Npgsql;

namespace River.Database.Queries;

/// <summary>
/// Decodes the rows of one producer's fetch (<see cref="JobSql.FetchAvailable"/>, columns
/// <see cref="JobSql.FetchColumns"/>). A fetched row differs from a stored one in known ways, which this reader uses
/// to allocate less per job: the queue is the producer's, the state is <c>running</c>, a first attempt was attempted
/// by this client only, and the usual metadata is <c>{}</c> with no tags. Those values come from shared instances
/// instead of new strings and arrays.
/// </summary>
internal sealed class FetchedRowReader
{
    private const string EmptyMetadata = "{}";

    private readonly string _queue;
    private readonly IReadOnlyList<string> _attemptedByThisClient;

    /// <param name="queue">The queue the fetch is for.</param>
    /// <param name="clientId">The id the fetch appends to <c>attempted_by</c>.</param>
    public FetchedRowReader(string queue, string clientId)
    {
        _queue = queue;
        _attemptedByThisClient = Array.AsReadOnly([clientId]);
    }

    /// <summary>The queue of every row this reader decodes.</summary>
    public string Queue => _queue;

    public JobRow Read(NpgsqlDataReader r) => new()
    {
        Id = r.GetInt64(0),
        EncodedArgs = r.GetFieldValue<byte[]>(1),
        Attempt = r.GetInt16(2),
        AttemptedAt = r.IsDBNull(3) ? null : r.GetFieldValue<DateTimeOffset>(3),
        AttemptedBy = r.IsDBNull(4) ? _attemptedByThisClient : r.GetFieldValue<string[]>(4),
        CreatedAt = r.GetFieldValue<DateTimeOffset>(5),
        Errors = r.IsDBNull(6) ? [] : JobRowReader.ReadErrors(r.GetFieldValue<string[]>(6)),
        FinalizedAt = r.IsDBNull(7) ? null : r.GetFieldValue<DateTimeOffset>(7),
        Kind = r.GetString(8),
        MaxAttempts = r.GetInt16(9),
        Metadata = r.IsDBNull(10) ? EmptyMetadata : r.GetString(10),
        Priority = r.GetInt16(11),
        Queue = _queue,
        State = JobState.Running,
        ScheduledAt = r.GetFieldValue<DateTimeOffset>(14),
        Tags = r.IsDBNull(15) ? [] : r.GetFieldValue<string[]>(15),
        UniqueKey = r.IsDBNull(16) ? null : r.GetFieldValue<byte[]>(16),
        UniqueStates = r.IsDBNull(17) ? null : (byte)r.GetInt32(17),
    };
}
