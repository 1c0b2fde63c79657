using System.Text.Json.Serialization;
using MotCua.Grains.Interfaces.Common;

namespace MotCua.Grains.Interfaces.Payments;

/// <summary>The ways a citizen can pay, as the API names them.</summary>
public static class PaymentMethods
{
    public const string Cash = "cash";
    public const string Wallet = "wallet";
    public const string VietQr = "vietqr";
    public const string ViettelPay = "viettelpay";
    public const string VnptPay = "vnptpay";

    public static readonly IReadOnlyList<string> All = [Cash, Wallet, VietQr, ViettelPay, VnptPay];
}

/// <summary>Payment statuses as the API names them.</summary>
public static class PaymentStatuses
{
    public const string Pending = "pending";
    public const string Processing = "processing";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";
    public const string Expired = "expired";
    public const string PartiallyRefunded = "partially_refunded";
    public const string Refunded = "refunded";

    public static readonly IReadOnlyList<string> All =
        [Pending, Processing, Succeeded, Failed, Cancelled, Expired, PartiallyRefunded, Refunded];

    /// <summary>Statuses in which the payment's money was received (and may since have been refunded).</summary>
    public static bool MoneyReceived(string status) => status is Succeeded or PartiallyRefunded or Refunded;
}

/// <summary>Create a payment for a dossier's unpaid fees.</summary>
[GenerateSerializer, Immutable, Alias("motcua.create-payment")]
public sealed record CreatePayment(
    [property: Id(0)] string OperationId,
    [property: Id(1)] Actor Actor,
    [property: Id(2)] string DossierCode,
    [property: Id(3)] string Method);

/// <summary>An agent confirms the cash it collected for a payment.</summary>
[GenerateSerializer, Immutable, Alias("motcua.confirm-cash")]
public sealed record ConfirmCashCollection(
    [property: Id(0)] string CollectionId,
    [property: Id(1)] Actor Actor,
    [property: Id(2)] string ChannelId,
    [property: Id(3)] long Amount,
    [property: Id(4)] string ReceiptNumber);

/// <summary>A portal cancels a pending payment.</summary>
[GenerateSerializer, Immutable, Alias("motcua.cancel-payment")]
public sealed record CancelPayment(
    [property: Id(0)] string OperationId,
    [property: Id(1)] Actor Actor,
    [property: Id(2)] string? Reason = null);

/// <summary>An operator refunds part or all of a received payment; <see cref="OperationId"/> is the refund's id.</summary>
[GenerateSerializer, Immutable, Alias("motcua.refund-payment")]
public sealed record RefundPayment(
    [property: Id(0)] string OperationId,
    [property: Id(1)] Actor Actor,
    [property: Id(2)] long Amount,
    [property: Id(3)] string Reason);

/// <summary>A payment as callers see it.</summary>
[GenerateSerializer, Immutable, Alias("motcua.payment-view")]
public sealed record PaymentView(
    [property: Id(0)] string Id,
    [property: Id(1)] string DossierCode,
    [property: Id(2)] string Method,
    [property: Id(3)] string Status,
    [property: Id(4)] long Amount,
    [property: Id(5)] string Reference,
    [property: Id(6)] DateTimeOffset CreatedAt,
    [property: Id(7)] DateTimeOffset ExpiresAt,
    [property: Id(8)] string? ChannelId,
    [property: Id(9)] string? AgentReceiptNumber,
    [property: Id(10)] bool RefundDue,
    [property: Id(11)] IReadOnlyList<PaymentHistoryEntryView> History)
{
    /// <summary>The agency the fees are paid to.</summary>
    [Id(12)] public string AgencyCode { get; init; } = "";

    /// <summary>The electronic receipt number (per agency and year, gapless), once issued.</summary>
    [Id(13)] public string? ReceiptNumber { get; init; }

    /// <summary>What was refunded so far (automatic and operator refunds).</summary>
    [Id(14)] public long RefundedAmount { get; init; }

    [Id(15)] public IReadOnlyList<PaymentRefundView> Refunds { get; init; } = [];

    /// <summary>For a <c>vietqr</c> payment: the dynamic VietQR to show.</summary>
    [Id(16)]
    [JsonPropertyName("vietqr")]
    public VietQrView? VietQr { get; init; }

    /// <summary>For a <c>wallet</c> payment: the citizen whose wallet pays.</summary>
    [Id(17)] public string? CitizenId { get; init; }

    /// <summary>For a gateway payment: the provider (<c>bank</c>, <c>viettelpay</c>, <c>vnptpay</c>) and its transaction id.</summary>
    [Id(18)] public string? Provider { get; init; }

    [Id(19)] public string? ProviderReference { get; init; }

    /// <summary>Why the payment failed, when it did.</summary>
    [Id(20)] public string? FailureReason { get; init; }

    /// <summary>Progress of the success saga (dossier, ledger, receipt) and of the wallet steps.</summary>
    [Id(21)] public PaymentSagaView Saga { get; init; } = PaymentSagaView.None;

    /// <summary>Gateway outcomes that were recorded but not applied (a failure after success, a wrong amount, too late).</summary>
    [Id(22)] public IReadOnlyList<GatewayNoticeView> UnappliedNotices { get; init; } = [];

    /// <summary>What a caller may still ask of this payment (<c>cancel</c>, <c>refund</c>).</summary>
    [Id(23)] public IReadOnlyList<string> AllowedActions { get; init; } = [];

    /// <summary>For an e-wallet payment: where to send the citizen to pay, once the provider opened the order.</summary>
    [Id(24)] public string? RedirectUrl { get; init; }

    /// <summary>For a gateway payment whose outcome is asked of the provider: the attempts so far and the next one.</summary>
    [Id(25)] public StatusQueryView? StatusQuery { get; init; }
}

/// <summary>Where the status queries of a gateway payment stand.</summary>
[GenerateSerializer, Immutable, Alias("motcua.status-query-view")]
public sealed record StatusQueryView(
    [property: Id(0)] int Attempts,
    [property: Id(1)] DateTimeOffset? LastAttemptAt,
    [property: Id(2)] string? LastError,
    [property: Id(3)] DateTimeOffset? NextAttemptAt);

/// <summary>Ask the payment's provider what became of it (an operator, or the payment's own reminder).</summary>
[GenerateSerializer, Immutable, Alias("motcua.query-gateway-status")]
public sealed record QueryGatewayStatus(
    [property: Id(0)] Actor Actor);

/// <summary>The dynamic VietQR of a payment: the payload to render, and what it carries.</summary>
[GenerateSerializer, Immutable, Alias("motcua.payment-vietqr-view")]
public sealed record VietQrView(
    [property: Id(0)] string Payload,
    [property: Id(1)] string BankBin,
    [property: Id(2)] string BillNumber,
    [property: Id(3)] string Purpose);

/// <summary>One refund of a payment.</summary>
[GenerateSerializer, Immutable, Alias("motcua.payment-refund-view")]
public sealed record PaymentRefundView(
    [property: Id(0)] string Id,
    [property: Id(1)] long Amount,
    [property: Id(2)] string Reason,
    [property: Id(3)] bool Automatic,
    [property: Id(4)] DateTimeOffset At,
    [property: Id(5)] string Payee,
    [property: Id(6)] string Payout)
{
    /// <summary>
    /// True for money the payment never took (a late, extra or wrong-amount transfer, a success after the payment
    /// failed, was cancelled or expired): it is returned through the provider and is not part of <c>refundedAmount</c>.
    /// </summary>
    [Id(7)] public bool Unapplied { get; init; }

    /// <summary>The provider transaction the money came by, when a provider returns it.</summary>
    [Id(8)] public string? ProviderTransactionId { get; init; }

    /// <summary>The provider's refund id, once the provider has paid the money back.</summary>
    [Id(9)] public string? ProviderRefundId { get; init; }

    /// <summary>Why the provider has not paid it back yet (the last attempt's failure); retried on a schedule.</summary>
    [Id(10)] public string? PayoutError { get; init; }
}

/// <summary>
/// Where the success saga stands. <see cref="DossierOutcome"/> is <c>applied</c> (the payment paid its fee items) or
/// <c>duplicate</c> (another payment had; this one is refunded automatically); null until the dossier has answered.
/// </summary>
[GenerateSerializer, Immutable, Alias("motcua.payment-saga-view")]
public sealed record PaymentSagaView(
    [property: Id(0)] string? DossierOutcome,
    [property: Id(1)] bool LedgerPosted,
    [property: Id(2)] bool ReceiptIssued,
    [property: Id(3)] bool RefundsPaidOut,
    [property: Id(4)] string? WalletHold,
    [property: Id(5)] bool Completed)
{
    public static readonly PaymentSagaView None = new(null, false, false, true, null, true);
}

/// <summary>Saga outcome names of the dossier step.</summary>
public static class DossierOutcomes
{
    public const string Applied = "applied";
    public const string Duplicate = "duplicate";
}

/// <summary>How a refund reaches the citizen.</summary>
public static class RefundPayouts
{
    /// <summary>Credited back to the citizen's wallet.</summary>
    public const string CreditedToWallet = "credited_to_wallet";
    /// <summary>Being credited to the wallet (the saga finishes it).</summary>
    public const string CreditingWallet = "crediting_wallet";
    /// <summary>Owed by the cash channel that took the money, which pays it back (ledgered as refunds payable).</summary>
    public const string PayableByChannel = "payable_by_channel";
    /// <summary>Being refunded through the provider's refund API (the saga retries it with the same idempotency key).</summary>
    public const string RefundingAtProvider = "refunding_at_provider";
    /// <summary>The provider paid it back to where the money came from.</summary>
    public const string RefundedAtProvider = "refunded_at_provider";
}

/// <summary>One event of a payment's history.</summary>
[GenerateSerializer, Immutable, Alias("motcua.payment-history-entry")]
public sealed record PaymentHistoryEntryView(
    [property: Id(0)] long Sequence,
    [property: Id(1)] string Type,
    [property: Id(2)] DateTimeOffset At,
    [property: Id(3)] string ActorRole,
    [property: Id(4)] string ActorKeyId,
    [property: Id(5)] string? FromStatus,
    [property: Id(6)] string? ToStatus,
    [property: Id(7)] string? Detail);

/// <summary>What an agent needs to collect a payment at the counter.</summary>
[GenerateSerializer, Immutable, Alias("motcua.collection-terms")]
public sealed record CollectionTerms(
    [property: Id(0)] string PaymentId,
    [property: Id(1)] string Reference,
    [property: Id(2)] string DossierCode,
    [property: Id(3)] string ApplicantName,
    [property: Id(4)] long Amount,
    [property: Id(5)] string Method,
    [property: Id(6)] string Status);
