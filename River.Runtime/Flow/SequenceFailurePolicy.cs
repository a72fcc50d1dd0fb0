namespace River;

/// <summary>What a failed job of a sequence does to the jobs after it while it waits for its retry.</summary>
public enum SequenceFailurePolicy
{
    /// <summary>It holds the sequence until it completes, is discarded or is cancelled: strict order.</summary>
    Block = 0,

    /// <summary>It steps aside while it waits for its retry: the next jobs run; it holds the sequence again once it is due.</summary>
    Skip = 1,
}
