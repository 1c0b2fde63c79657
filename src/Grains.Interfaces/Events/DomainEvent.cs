namespace MotCua.Grains.Interfaces.Events;

/// <summary>
/// A domain event: something that happened to one source (a dossier, payment, wallet or channel), numbered by the
/// source so consumers can ignore what they have already seen. <see cref="Id"/> is <c>{Source}#{Sequence}</c>, the
/// same on every redelivery. The subject fields are filled where they apply to the event.
/// </summary>
[GenerateSerializer, Immutable, Alias("motcua.domain-event")]
public sealed record DomainEvent(
    [property: Id(0)] string Id,
    [property: Id(1)] string Source,
    [property: Id(2)] long Sequence,
    [property: Id(3)] string Type,
    [property: Id(4)] DateTimeOffset OccurredAt,
    [property: Id(5)] EventSubject Subject)
{
    /// <summary>The source of a grain's events: <c>{kind}:{key}</c>, e.g. <c>dossier:HN-TTHCC-260302-0001</c>.</summary>
    public static string SourceOf(string kind, string key) => $"{kind}:{key}";

    /// <summary>The id of the event with this sequence number from this source.</summary>
    public static string IdOf(string source, long sequence) => $"{source}#{sequence}";

    /// <summary>The stream partition of a source: stable across processes (FNV-1a of the source), so its events stay in order.</summary>
    public static int PartitionOf(string source, int partitions)
    {
        var hash = 2166136261u;
        foreach (var c in source)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (int)(hash % (uint)partitions);
    }
}

/// <summary>What an event is about. Only the fields that apply to the event are set.</summary>
[GenerateSerializer, Immutable, Alias("motcua.event-subject")]
public sealed record EventSubject
{
    [Id(0)] public string? DossierCode { get; init; }
    [Id(1)] public string? AgencyCode { get; init; }
    [Id(2)] public string? PaymentId { get; init; }
    [Id(3)] public string? ChannelId { get; init; }
    [Id(4)] public string? CitizenId { get; init; }
    [Id(5)] public string? Method { get; init; }
    /// <summary>VND. For a payment its amount; for a refund the amount refunded; for a wallet the change of balance.</summary>
    [Id(6)] public long? Amount { get; init; }
    /// <summary>The status before the change (API name), for status changes.</summary>
    [Id(7)] public string? From { get; init; }
    /// <summary>The status after the change (API name).</summary>
    [Id(8)] public string? Status { get; init; }
    /// <summary>A dossier's due date after the event.</summary>
    [Id(9)] public DateTimeOffset? DueAt { get; init; }
    [Id(10)] public string? Reference { get; init; }
    [Id(11)] public string? ReceiptNumber { get; init; }
    /// <summary>Free text: a reason, the detail of a history entry.</summary>
    [Id(12)] public string? Detail { get; init; }
    /// <summary>A wallet's balance after the event.</summary>
    [Id(13)] public long? BalanceAfter { get; init; }
}

/// <summary>The event types the API documents (webhook subscriptions may use them, or <c>*</c>, or a prefix like <c>wallet.*</c>).</summary>
public static class EventTypes
{
    public const string DossierSubmitted = "dossier.submitted";
    public const string DossierStatusChanged = "dossier.status_changed";
    public const string PaymentSucceeded = "payment.succeeded";
    public const string PaymentFailed = "payment.failed";
    public const string PaymentRefunded = "payment.refunded";
    public const string ChannelCollectionRecorded = "channel.collection_recorded";

    /// <summary>Whether an event type matches a subscription pattern: exact, <c>*</c>, or <c>prefix.*</c>.</summary>
    public static bool Matches(string pattern, string type) =>
        pattern == "*" || pattern == type
        || (pattern.EndsWith(".*", StringComparison.Ordinal) && type.StartsWith(pattern[..^1], StringComparison.Ordinal));
}
