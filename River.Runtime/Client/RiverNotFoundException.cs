namespace River;

/// <summary>Thrown by management calls (cancel, retry, delete a job; pause, resume, update a queue) when the job or queue does not exist.</summary>
public sealed class RiverNotFoundException : Exception
{
    /// <summary>Creates the exception.</summary>
    public RiverNotFoundException(string message) : base(message) { }

    /// <summary>Creates the exception with its cause.</summary>
    public RiverNotFoundException(string message, Exception innerException) : base(message, innerException) { }
}
