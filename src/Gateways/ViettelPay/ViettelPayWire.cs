using System.Globalization;
using System.Text.Json;
using MotCua.Gateways.Http;
using MotCua.Gateways.Notifications;

namespace MotCua.Gateways.ViettelPay;

/// <summary>ViettelPay's JSON, member for member; see PROTOCOLS.md.</summary>
internal static class ViettelPayWire
{
    public sealed record CreateRequest(string OrderId, long TransAmount, string Description, string? ReturnUrl);

    public sealed record Payment(
        string OrderId, string TransactionId, long TransAmount, string Status, string PaymentUrl, long RefundedAmount,
        DateTimeOffset CreatedAt, DateTimeOffset? PaidAt);

    public sealed record RefundRequest(long RefundAmount, string Reason);

    public sealed record Refund(string RefundId, string OrderId, string TransactionId, long RefundAmount, string Status, DateTimeOffset CreatedAt);

    public sealed record Statement(string Date, IReadOnlyList<Record> Records);

    public sealed record Record(string TransactionId, string OrderId, string? RefundId, long Amount, string Type, DateTimeOffset Time);

    public sealed record Notification(string EventId, string OrderId, string TransactionId, long TransAmount, string Status, DateTimeOffset Time);

    /// <summary>Errors are <c>{"errorCode": "...", "errorMessage": "..."}</c>.</summary>
    public static ProviderError ReadError(JsonElement body) => ProviderErrorReader.Read(body, "errorCode", "errorMessage");

    public static GatewayPayment ToPayment(Payment p) => new(
        GatewayProviders.ViettelPay, p.TransactionId, p.OrderId, p.TransAmount, Status(p.Status), p.RefundedAmount, p.PaidAt,
        new Uri(p.PaymentUrl, UriKind.Absolute));

    public static GatewayRefund ToRefund(Refund r) => r.Status == "SUCCESS"
        ? new(GatewayProviders.ViettelPay, r.RefundId, r.TransactionId, r.RefundAmount, r.CreatedAt)
        : throw new FormatException($"Unknown refund status '{r.Status}'.");

    public static GatewayStatement ToStatement(Statement s) => new(
        GatewayProviders.ViettelPay,
        DateOnly.ParseExact(s.Date, "yyyyMMdd", CultureInfo.InvariantCulture),
        [.. s.Records.Select(r => r.Type switch
        {
            "PAYMENT" => new StatementEntry(r.TransactionId, r.TransactionId, r.OrderId, r.Amount, StatementEntryKind.Payment, r.Time),
            "REFUND" => new StatementEntry(r.RefundId ?? throw new FormatException("A REFUND record needs a refundId."),
                r.TransactionId, r.OrderId, r.Amount, StatementEntryKind.Refund, r.Time),
            _ => throw new FormatException($"Unknown record type '{r.Type}'."),
        })]);

    public static PaymentNotification ToNotification(Notification n) => new(
        GatewayProviders.ViettelPay, n.EventId, n.TransactionId, n.OrderId, n.TransAmount,
        n.Status switch
        {
            "SUCCESS" => GatewayPaymentStatus.Succeeded,
            "FAILED" => GatewayPaymentStatus.Failed,
            _ => throw new FormatException($"Unknown notification status '{n.Status}'."),
        },
        n.Time);

    private static GatewayPaymentStatus Status(string status) => status switch
    {
        "PENDING" => GatewayPaymentStatus.Pending,
        "SUCCESS" => GatewayPaymentStatus.Succeeded,
        "FAILED" => GatewayPaymentStatus.Failed,
        "PARTIAL_REFUNDED" => GatewayPaymentStatus.PartiallyRefunded,
        "REFUNDED" => GatewayPaymentStatus.Refunded,
        _ => throw new FormatException($"Unknown payment status '{status}'."),
    };
}
