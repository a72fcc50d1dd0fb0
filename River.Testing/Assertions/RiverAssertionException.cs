namespace River.Testing;

/// <summary>
/// Thrown by the <see cref="RiverAssert"/> helpers when an expectation about inserted jobs does not hold. Test
/// frameworks report any exception as a failure, so this works with xunit, NUnit, MSTest and others alike; the
/// message says what was expected and what the table holds.
/// </summary>
public sealed class RiverAssertionException : Exception
{
    /// <summary>Creates the exception.</summary>
    public RiverAssertionException(string message) : base(message) { }

    /// <summary>Creates the exception with its cause.</summary>
    public RiverAssertionException(string message, Exception innerException) : base(message, innerException) { }
}
