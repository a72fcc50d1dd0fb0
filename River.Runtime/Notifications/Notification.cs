namespace River.Notifications;

/// <summary>
/// One message delivered to a subscription. <see cref="MaybeMissed"/> marks the synthetic message sent after
/// the listener reconnected: notifications may have been lost meanwhile, so the subscriber should resync
/// (producers fetch at once). <see cref="ReceivedAt"/> is the <see cref="System.Diagnostics.Stopwatch"/> timestamp
/// at which the notifier's connection handed the message over (0 for synthetic messages): the first stage of a
/// pickup trace.
/// </summary>
internal readonly record struct Notification(string Topic, string Payload, bool MaybeMissed, long ReceivedAt = 0);
