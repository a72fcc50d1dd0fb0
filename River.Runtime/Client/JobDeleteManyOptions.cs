namespace River;

/// <summary>
/// Which jobs <see cref="RiverClient.DeleteManyAsync(JobDeleteManyOptions, CancellationToken)"/> deletes: those matching
/// every filter that is set (see <see cref="JobFilterOptions"/>). Running jobs are never deleted.
/// </summary>
public sealed class JobDeleteManyOptions : JobFilterOptions
{
    /// <summary>
    /// Must be <see langword="true"/> to delete with no filter set, i.e. every job that is not running. A guard
    /// against deleting everything by mistake.
    /// </summary>
    public bool AllowEmptyFilter { get; init; }
}
