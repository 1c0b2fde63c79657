using MotCua.Grains.Interfaces.Common;

namespace MotCua.Grains.Interfaces.Payments;

/// <summary>What a gateway says became of a payment.</summary>
public static class GatewayOutcomeKinds
{
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
}

/// <summary>
/// A payment gateway's verified notification about one payment (the bank's VietQR transfer notice, ViettelPay, VNPTPay),
/// as the notification handler hands it to the payment. <see cref="NotificationId"/> is the gateway's id of the
/// notification: a redelivery carries the same id and changes nothing.
/// </summary>
/// <param name="Provider"><c>bank</c> (VietQR transfers), <c>viettelpay</c> or <c>vnptpay</c>.</param>
/// <param name="Outcome">One of <see cref="GatewayOutcomeKinds"/>.</param>
/// <param name="ProviderReference">The gateway's transaction id.</param>
/// <param name="Amount">Whole đồng the gateway reports.</param>
/// <param name="OccurredAt">When it happened at the gateway.</param>
[GenerateSerializer, Immutable, Alias("motcua.record-gateway-outcome")]
public sealed record RecordGatewayOutcome(
    [property: Id(0)] string NotificationId,
    [property: Id(1)] Actor Actor,
    [property: Id(2)] string Provider,
    [property: Id(3)] string Outcome,
    [property: Id(4)] string ProviderReference,
    [property: Id(5)] long Amount,
    [property: Id(6)] DateTimeOffset OccurredAt);

/// <summary>
/// What the payment did with a gateway notification. A notification id seen before gets its first answer again and
/// changes nothing.
/// </summary>
public static class GatewayDispositions
{
    /// <summary>The outcome moved the payment (pending/processing → succeeded or failed).</summary>
    public const string Applied = "applied";
    /// <summary>Another notification of the same provider transaction, whose success is already applied: nothing changed.</summary>
    public const string AlreadyApplied = "already_applied";
    /// <summary>Kept in the payment's <c>unappliedNotices</c> but not applied: it contradicts what the payment knows.</summary>
    public const string RecordedNotApplied = "recorded_not_applied";
}

/// <summary>The answer to <see cref="IPaymentGrain.RecordGatewayOutcomeAsync"/>.</summary>
[GenerateSerializer, Immutable, Alias("motcua.gateway-outcome-result")]
public sealed record GatewayOutcomeResult(
    [property: Id(0)] string Disposition,
    [property: Id(1)] string? Reason,
    [property: Id(2)] PaymentView Payment);

/// <summary>A gateway notification the payment recorded without applying it.</summary>
[GenerateSerializer, Immutable, Alias("motcua.gateway-notice-view")]
public sealed record GatewayNoticeView(
    [property: Id(0)] string NotificationId,
    [property: Id(1)] string Provider,
    [property: Id(2)] string Outcome,
    [property: Id(3)] string ProviderReference,
    [property: Id(4)] long Amount,
    [property: Id(5)] DateTimeOffset OccurredAt,
    [property: Id(6)] DateTimeOffset ReceivedAt,
    [property: Id(7)] string Reason);
