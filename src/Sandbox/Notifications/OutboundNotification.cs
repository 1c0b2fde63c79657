namespace MotCua.Sandbox.Notifications;

/// <summary>A notification ready to send: the exact body bytes, and how its signature is to be spoiled, if at all.</summary>
public sealed record OutboundNotification(string Provider, string EventId, byte[] Body, bool Stale, bool Forged);
