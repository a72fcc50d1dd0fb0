using River;
using RiverWorker.Jobs;

namespace RiverWorker;

/// <summary>
/// Application code that enqueues: it takes <see cref="IRiverInserter"/> (registered by AddRiver), so its unit tests
/// pass River.Testing's RecordingRiverInserter and need no database. Pass your NpgsqlTransaction to
/// InsertAsync to enqueue in the same transaction as your own writes.
/// </summary>
public sealed class Signups(IRiverInserter river)
{
    public async Task<long> SignUpAsync(string email, string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(email);
        var inserted = await river.InsertAsync(new SendWelcomeEmail(email, name), cancellationToken: cancellationToken);
        return inserted.Job.Id;
    }
}
