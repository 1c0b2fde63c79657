namespace MotCua.Grains.Interfaces.Payments;

/// <summary>
/// Verified gateway notifications that match no payment, kept per provider and Vietnam day (key
/// <c>{provider}:{yyyy-MM-dd}</c>) for reconciliation instead of being dropped. Idempotent by notification id.
/// </summary>
public interface IGatewayInboxGrain : IGrainWithStringKey
{
    /// <summary>Keeps the notice; false if this notification id was kept before.</summary>
    Task<bool> KeepAsync(UnmatchedNotice notice);

    /// <summary>Every notice kept for the day, in arrival order.</summary>
    Task<IReadOnlyList<UnmatchedNotice>> ListAsync();

    /// <summary>Marks a notice resolved (for instance, sent back to the payer) by an operator; idempotent.</summary>
    Task<UnmatchedNotice> ResolveAsync(string notificationId, string resolution, DateTimeOffset at);
}

/// <summary>The key of a provider's inbox for a Vietnam day.</summary>
public static class GatewayInboxes
{
    public static string Key(string provider, DateOnly day) => $"{provider}:{day:yyyy-MM-dd}";
}

/// <summary>A verified notification no payment matched.</summary>
[GenerateSerializer, Immutable, Alias("motcua.unmatched-notice")]
public sealed record UnmatchedNotice(
    [property: Id(0)] string NotificationId,
    [property: Id(1)] string Provider,
    [property: Id(2)] string Outcome,
    [property: Id(3)] string TransactionId,
    [property: Id(4)] string Reference,
    [property: Id(5)] long Amount,
    [property: Id(6)] DateTimeOffset OccurredAt,
    [property: Id(7)] DateTimeOffset ReceivedAt,
    [property: Id(8)] string? Resolution = null);
