using MotCua.Grains.Interfaces.Common;

namespace MotCua.Grains.Payments;

/// <summary>The persisted state of one payment, with its events (history) recorded in the same write.</summary>
[GenerateSerializer, Alias("motcua.payment-state")]
public sealed class PaymentState
{
    [Id(0)] public string? CreatedByOperation { get; set; }
    [Id(1)] public string DossierCode { get; set; } = "";
    [Id(2)] public string Method { get; set; } = "";
    [Id(3)] public string Status { get; set; } = "";
    [Id(4)] public long Amount { get; set; }
    [Id(5)] public List<int> FeeItemIds { get; set; } = [];
    [Id(6)] public string AgencyCode { get; set; } = "";
    [Id(7)] public string ApplicantName { get; set; } = "";
    [Id(8)] public string Reference { get; set; } = "";
    [Id(9)] public DateTimeOffset CreatedAt { get; set; }
    [Id(10)] public DateTimeOffset ExpiresAt { get; set; }
    [Id(11)] public string? CollectionId { get; set; }
    [Id(12)] public string? ChannelId { get; set; }
    [Id(13)] public string? AgentReceiptNumber { get; set; }
    /// <summary>The success saga's remaining step: tell the dossier. False until the dossier has taken it.</summary>
    [Id(14)] public bool DossierRecorded { get; set; }
    [Id(15)] public bool RefundDue { get; set; }
    [Id(16)] public List<PaymentEvent> Events { get; set; } = [];

    public bool Exists => CreatedByOperation is not null;
}

/// <summary>A domain event of a payment.</summary>
[GenerateSerializer, Immutable, Alias("motcua.payment-event")]
public sealed record PaymentEvent(
    [property: Id(0)] long Sequence,
    [property: Id(1)] string Type,
    [property: Id(2)] DateTimeOffset At,
    [property: Id(3)] Actor Actor,
    [property: Id(4)] string? From,
    [property: Id(5)] string? To,
    [property: Id(6)] string? Detail);
