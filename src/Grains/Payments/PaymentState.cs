using MotCua.Grains.Interfaces.Common;

namespace MotCua.Grains.Payments;

/// <summary>
/// The persisted state of one payment, with its events (history) recorded in the same write, and the progress of
/// its saga: each step is a flag written before the next step starts.
/// </summary>
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
    /// <summary>Saga step: the dossier has taken the success (see <see cref="DossierOutcome"/>).</summary>
    [Id(14)] public bool DossierRecorded { get; set; }
    /// <summary>Some refund is owed to the citizen and not yet in their hands.</summary>
    [Id(15)] public bool RefundDue { get; set; }
    [Id(16)] public List<PaymentEvent> Events { get; set; } = [];
    /// <summary>The applicant's citizen id (the wallet that pays a wallet payment).</summary>
    [Id(17)] public string? CitizenId { get; set; }
    /// <summary>The fee items paid, with their kind, in the dossier's order.</summary>
    [Id(18)] public List<FeeLineState> FeeLines { get; set; } = [];
    [Id(19)] public DateTimeOffset? SucceededAt { get; set; }
    [Id(20)] public string? Provider { get; set; }
    [Id(21)] public string? ProviderReference { get; set; }
    /// <summary><c>applied</c> or <c>duplicate</c> once the dossier answered.</summary>
    [Id(22)] public string? DossierOutcome { get; set; }
    /// <summary>Saga step: the payment's journal entry is posted.</summary>
    [Id(23)] public bool LedgerPosted { get; set; }
    /// <summary>Saga step: the electronic receipt number (applied payments only).</summary>
    [Id(24)] public string? ReceiptNumber { get; set; }
    [Id(25)] public List<RefundState> Refunds { get; set; } = [];
    [Id(26)] public WalletStepsState Wallet { get; set; } = new();
    [Id(27)] public VietQrState? VietQr { get; set; }
    /// <summary>Gateway notifications by notification id, applied or not.</summary>
    [Id(28)] public Dictionary<string, GatewayNoticeState> Notices { get; set; } = new(StringComparer.Ordinal);
    [Id(29)] public string? CancelledByOperation { get; set; }
    [Id(30)] public string? FailureReason { get; set; }
    /// <summary>Whether the saga reminder is registered.</summary>
    [Id(31)] public bool SagaReminder { get; set; }
    /// <summary>For an e-wallet payment: the provider's checkout page, once the order is open.</summary>
    [Id(32)] public string? CheckoutUrl { get; set; }
    /// <summary>Status queries to the provider of a payment whose outcome is unknown.</summary>
    [Id(33)] public StatusQueryState StatusQuery { get; set; } = new();
    /// <summary>The history sequence of the last status the dossier was told of (beyond the success step).</summary>
    [Id(34)] public long DossierSyncedSequence { get; set; }
    /// <summary>Whether the operators' processing watchlist lists this payment.</summary>
    [Id(35)] public bool Watchlisted { get; set; }
    /// <summary>Saga step: the other pending payments of the same fee items, to cancel now that this one paid them.</summary>
    [Id(36)] public List<string> PendingToCancel { get; set; } = [];
    /// <summary>Domain events written with the change and published after the write (issue 7). Id kept apart from concurrent additions.</summary>
    [Id(40)] public MotCua.Grains.Events.EventOutboxState EventOutbox { get; set; } = new();

    public bool Exists => CreatedByOperation is not null;
}

/// <summary>Where asking the provider about an unknown outcome stands.</summary>
[GenerateSerializer, Alias("motcua.payment-status-query")]
public sealed class StatusQueryState
{
    [Id(0)] public int Attempts { get; set; }
    [Id(1)] public DateTimeOffset? LastAttemptAt { get; set; }
    [Id(2)] public string? LastError { get; set; }
    /// <summary>When the next query is due; null when none is scheduled.</summary>
    [Id(3)] public DateTimeOffset? NextAttemptAt { get; set; }
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

/// <summary>One fee item a payment pays: kind <c>fee</c> or <c>charge</c>, which decides its revenue account.</summary>
[GenerateSerializer, Immutable, Alias("motcua.payment-fee-line")]
public sealed record FeeLineState(
    [property: Id(0)] int ItemId,
    [property: Id(1)] string Kind,
    [property: Id(2)] string Name,
    [property: Id(3)] long Amount);

/// <summary>A refund and its saga steps.</summary>
[GenerateSerializer, Alias("motcua.payment-refund")]
public sealed class RefundState
{
    [Id(0)] public string Id { get; set; } = "";
    [Id(1)] public long Amount { get; set; }
    [Id(2)] public string Reason { get; set; } = "";
    [Id(3)] public bool Automatic { get; set; }
    [Id(4)] public DateTimeOffset At { get; set; }
    /// <summary>Who pays it out: <c>wallet</c>, a channel id or a gateway provider.</summary>
    [Id(5)] public string Payee { get; set; } = "";
    /// <summary>What it takes back from each fee line (same order as the payment's lines); empty for an automatic refund.</summary>
    [Id(6)] public List<long> Allocation { get; set; } = [];
    [Id(7)] public bool LedgerPosted { get; set; }
    /// <summary>Paid out: credited back to the wallet, or refunded by the provider and its payout entry posted.</summary>
    [Id(8)] public bool PaidOut { get; set; }
    /// <summary>Money the payment never took, owed back from the provider's clearing account (see <see cref="RefundRules"/>).</summary>
    [Id(9)] public bool Unapplied { get; set; }
    /// <summary>For a provider payee: the provider transaction to refund.</summary>
    [Id(10)] public string? ProviderTransactionId { get; set; }
    /// <summary>For a provider payee: the provider's refund, once it answered.</summary>
    [Id(11)] public string? ProviderRefundId { get; set; }
    [Id(12)] public int PayoutAttempts { get; set; }
    [Id(13)] public string? PayoutError { get; set; }
}

/// <summary>The wallet steps of a wallet payment.</summary>
[GenerateSerializer, Alias("motcua.payment-wallet-steps")]
public sealed class WalletStepsState
{
    [Id(0)] public bool HoldRequested { get; set; }
    [Id(1)] public bool HoldPlaced { get; set; }
    [Id(2)] public bool Captured { get; set; }
    [Id(3)] public bool ReleaseRequested { get; set; }
    [Id(4)] public bool Released { get; set; }
}

/// <summary>The dynamic VietQR made at creation; kept, so the code never changes under the citizen.</summary>
[GenerateSerializer, Immutable, Alias("motcua.payment-vietqr")]
public sealed record VietQrState(
    [property: Id(0)] string Payload,
    [property: Id(1)] string BankBin,
    [property: Id(2)] string BillNumber,
    [property: Id(3)] string Purpose);

/// <summary>A gateway notification and what the payment did with it.</summary>
[GenerateSerializer, Immutable, Alias("motcua.payment-gateway-notice")]
public sealed record GatewayNoticeState(
    [property: Id(0)] string Provider,
    [property: Id(1)] string Outcome,
    [property: Id(2)] string ProviderReference,
    [property: Id(3)] long Amount,
    [property: Id(4)] DateTimeOffset OccurredAt,
    [property: Id(5)] DateTimeOffset ReceivedAt,
    [property: Id(6)] string Disposition,
    [property: Id(7)] string? Reason);
