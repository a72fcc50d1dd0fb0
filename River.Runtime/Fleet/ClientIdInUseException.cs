namespace River.Fleet;

/// <summary>
/// The cause of the <see cref="RiverStartupException"/> of a client whose <see cref="RiverClientOptions.ClientId"/> is
/// held by a live-looking client. The hosted service's start waits it out (<see cref="StartRetry"/>): after a crash, a
/// restarted process with a fixed id is refused until the dead predecessor's heartbeat is older than its TTL.
/// </summary>
internal sealed class ClientIdInUseException() : Exception("The client id is held by a live-looking client.");
