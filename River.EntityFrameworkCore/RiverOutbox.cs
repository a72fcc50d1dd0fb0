using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;

namespace River.EntityFrameworkCore;

/// <summary>The jobs a <see cref="DbContext"/>'s unit of work holds until its next save; one per context instance.</summary>
internal sealed class RiverOutbox
{
    private static readonly ConditionalWeakTable<DbContext, RiverOutbox> Outboxes = new();
    private readonly List<JobInsertRequest> _pending = [];

    public static RiverOutbox For(DbContext dbContext) => Outboxes.GetValue(dbContext, static _ => new RiverOutbox());

    public static RiverOutbox? Find(DbContext? dbContext)
        => dbContext is not null && Outboxes.TryGetValue(dbContext, out var outbox) && outbox._pending.Count > 0 ? outbox : null;

    public IReadOnlyList<JobInsertRequest> Pending => _pending.ToArray();

    /// <summary>The transaction the interceptor began for the save in progress (the caller had none), or <see langword="null"/>.</summary>
    public Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction? OwnedTransaction { get; set; }

    public void Add(JobInsertRequest job) => _pending.Add(job);

    /// <summary>Takes the pending jobs out (they are inserted once, by the save that took them).</summary>
    public JobInsertRequest[] Take()
    {
        var jobs = _pending.ToArray();
        _pending.Clear();
        return jobs;
    }

    /// <summary>Puts jobs back after a save that failed, so a retried save inserts them.</summary>
    public void Restore(JobInsertRequest[] jobs) => _pending.InsertRange(0, jobs);
}
