namespace River;

/// <summary>A hook: implement one or more of <see cref="IInsertBeginHook"/>, <see cref="IWorkBeginHook"/>, <see cref="IWorkEndHook"/>.</summary>
public interface IRiverHook
{
}

/// <summary>Runs before each job of an insert call is validated and written (after insert middleware changed the batch).</summary>
public interface IInsertBeginHook : IRiverHook
{
    /// <summary>Called once per job; throwing refuses the whole insert call.</summary>
    ValueTask OnInsertBeginAsync(JobInsertRequest job, CancellationToken cancellationToken);
}

/// <summary>Runs when a job's attempt begins, before any worker middleware.</summary>
public interface IWorkBeginHook : IRiverHook
{
    /// <summary>Called with the fetched row; throwing fails the attempt (the worker does not run).</summary>
    ValueTask OnWorkBeginAsync(JobRow job, CancellationToken cancellationToken);
}

/// <summary>Runs when a job's attempt ends, after the worker and its middleware returned or threw.</summary>
public interface IWorkEndHook : IRiverHook
{
    /// <summary>Called with the row and the attempt's error (<see langword="null"/> on success); throwing turns a success into a failure.</summary>
    ValueTask OnWorkEndAsync(JobRow job, Exception? error, CancellationToken cancellationToken);
}
