namespace River;

/// <summary>The health of a client's LISTEN connection.</summary>
public enum NotifierState
{
    /// <summary>Not started, or running in poll-only mode.</summary>
    Stopped = 0,
    /// <summary>Opening the connection and issuing LISTEN.</summary>
    Connecting = 1,
    /// <summary>Connected; every subscribed topic is listened to.</summary>
    Listening = 2,
    /// <summary>The connection failed; waiting to reconnect (with backoff).</summary>
    Reconnecting = 3,
}
