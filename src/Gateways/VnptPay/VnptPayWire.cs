using System.Text.Json;
using MotCua.Gateways.Http;
using MotCua.Gateways.Notifications;

namespace MotCua.Gateways.VnptPay;

/// <summary>VNPT Pay's JSON, member for member; see PROTOCOLS.md.</summary>
internal static class VnptPayWire
{
    public sealed record CreateRequest(string MerchantOrderId, long Amount, string OrderInfo, string? ReturnUrl);

    public sealed record Order(
        string MerchantOrderId, string VnptTransactionId, long Amount, string State, string CheckoutUrl, long RefundedAmount,
        DateTimeOffset CreatedAt, DateTimeOffset? PaidAt);

    public sealed record RefundRequest(string MerchantOrderId, long Amount, string Reason);

    public sealed record Refund(string RefundId, string MerchantOrderId, string VnptTransactionId, long Amount, string State, DateTimeOffset CreatedAt);

    public sealed record Reconciliation(DateOnly Date, IReadOnlyList<Transaction> Transactions);

    public sealed record Transaction(string VnptTransactionId, string MerchantOrderId, string? RefundId, long Amount, string Kind, DateTimeOffset SettledAt);

    public sealed record Notification(string EventId, string MerchantOrderId, string VnptTransactionId, long Amount, string State, DateTimeOffset OccurredAt);

    /// <summary>Errors are <c>{"error": {"code": "...", "message": "..."}}</c>.</summary>
    public static ProviderError ReadError(JsonElement body) =>
        ProviderErrorReader.Read(ProviderErrorReader.Member(body, "error"), "code", "message");

    public static GatewayPayment ToPayment(Order o) => new(
        GatewayProviders.VnptPay, o.VnptTransactionId, o.MerchantOrderId, o.Amount, State(o.State), o.RefundedAmount, o.PaidAt,
        new Uri(o.CheckoutUrl, UriKind.Absolute));

    public static GatewayRefund ToRefund(Refund r) => r.State == "SUCCESS"
        ? new(GatewayProviders.VnptPay, r.RefundId, r.VnptTransactionId, r.Amount, r.CreatedAt)
        : throw new FormatException($"Unknown refund state '{r.State}'.");

    public static GatewayStatement ToStatement(Reconciliation r) => new(GatewayProviders.VnptPay, r.Date, [.. r.Transactions.Select(t => t.Kind switch
    {
        "SALE" => new StatementEntry(t.VnptTransactionId, t.VnptTransactionId, t.MerchantOrderId, t.Amount, StatementEntryKind.Payment, t.SettledAt),
        "REFUND" => new StatementEntry(t.RefundId ?? throw new FormatException("A REFUND transaction needs a refundId."),
            t.VnptTransactionId, t.MerchantOrderId, t.Amount, StatementEntryKind.Refund, t.SettledAt),
        _ => throw new FormatException($"Unknown transaction kind '{t.Kind}'."),
    })]);

    public static PaymentNotification ToNotification(Notification n) => new(
        GatewayProviders.VnptPay, n.EventId, n.VnptTransactionId, n.MerchantOrderId, n.Amount,
        n.State switch
        {
            "PAID" => GatewayPaymentStatus.Succeeded,
            "FAILED" => GatewayPaymentStatus.Failed,
            _ => throw new FormatException($"Unknown notification state '{n.State}'."),
        },
        n.OccurredAt);

    private static GatewayPaymentStatus State(string state) => state switch
    {
        "CREATED" => GatewayPaymentStatus.Pending,
        "PAID" => GatewayPaymentStatus.Succeeded,
        "FAILED" => GatewayPaymentStatus.Failed,
        "PARTIALLY_REFUNDED" => GatewayPaymentStatus.PartiallyRefunded,
        "REFUNDED" => GatewayPaymentStatus.Refunded,
        _ => throw new FormatException($"Unknown order state '{state}'."),
    };
}
