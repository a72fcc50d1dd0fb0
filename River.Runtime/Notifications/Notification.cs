namespace River.Notifications;

/// <summary>
/// One message delivered to a subscription. <see cref="MaybeMissed"/> marks the synthetic message sent after
/// the listener reconnected: notifications may have been lost meanwhile, so the subscriber should resync
/// (producers fetch at once).
/// </summary>
internal readonly record struct Notification(string Topic, string Payload, bool MaybeMissed);
