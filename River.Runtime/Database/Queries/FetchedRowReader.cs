using Npgsql;

namespace River.Database.Queries;

/// <summary>
/// Decodes the rows of one producer's fetch (<see cref="JobSql.FetchAvailable"/>, columns
/// <see cref="JobSql.FetchColumns"/>) with <see cref="JobRowReader"/>. A fetched row differs from a stored one in known
/// ways, which save allocations per job: the queue is the producer's, the state is <c>running</c>, a first attempt was
/// attempted by this client only, and the usual metadata is <c>{}</c> with no tags. Those values come from the shared
/// instances held here instead of new strings and arrays.
/// </summary>
internal sealed class FetchedRowReader
{
    /// <param name="queue">The queue the fetch is for.</param>
    /// <param name="clientId">The id the fetch appends to <c>attempted_by</c>.</param>
    public FetchedRowReader(string queue, string clientId)
    {
        Queue = queue;
        AttemptedByThisClient = Array.AsReadOnly([clientId]);
    }

    /// <summary>The queue of every row this reader decodes.</summary>
    public string Queue { get; }

    /// <summary><c>attempted_by</c> of a first attempt: this client only (shared, read-only).</summary>
    public IReadOnlyList<string> AttemptedByThisClient { get; }

    public JobRow Read(NpgsqlDataReader r) => JobRowReader.Read(r, this);
}
