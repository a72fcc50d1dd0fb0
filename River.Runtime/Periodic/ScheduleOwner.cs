namespace River;

/// <summary>Who defines a durable schedule (column <c>owner</c> of <c>river_typed_schedule</c>).</summary>
public enum ScheduleOwner
{
    /// <summary>
    /// Declared in code (<see cref="PeriodicJobAttribute"/> or <see cref="RiverClientOptions.PeriodicJobs"/>): every
    /// client upserts its declarations at start, and only a leader that declares it enqueues its runs (with its own
    /// constructor). Pause, resume, trigger and remove work at run time; the definition changes with the code.
    /// </summary>
    Code = 1,

    /// <summary>
    /// Created at run time (<see cref="RiverClient.AddScheduleAsync(string, string, JobInsertRequest, ScheduleOptions?, CancellationToken)"/>,
    /// <c>river schedules add</c>): its args and options are stored, so whichever client leads enqueues it.
    /// </summary>
    Runtime = 2,
}
