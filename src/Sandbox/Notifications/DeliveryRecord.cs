namespace MotCua.Sandbox.Notifications;

/// <summary>What happened to one notification send, as <c>GET /sandbox/notifications</c> lists it.</summary>
/// <param name="EventId">The notification's event id.</param>
/// <param name="Provider">Who sent it.</param>
/// <param name="Outcome"><c>delivered</c> (any HTTP answer; see <paramref name="StatusCode"/>), <c>failed</c> (no answer),
/// <c>dropped</c>, <c>held</c> (waiting to be reordered) or <c>no_callback</c>.</param>
/// <param name="StatusCode">The callback's HTTP status, when it answered.</param>
/// <param name="Error">Why it could not be delivered.</param>
/// <param name="At">When.</param>
/// <param name="Tampering"><c>stale</c> or <c>forged</c> when the signature was spoiled on purpose.</param>
public sealed record DeliveryRecord(
    string EventId, string Provider, string Outcome, int? StatusCode, string? Error, DateTimeOffset At, string? Tampering = null);
