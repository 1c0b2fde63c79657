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
    [property: Id(11)] IReadOnlyList<PaymentHistoryEntryView> History);

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
