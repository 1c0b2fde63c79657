using System.Text.Json;
using MotCua.Gateways.Http;
using MotCua.Gateways.Notifications;

namespace MotCua.Gateways.Bank;

/// <summary>The bank's JSON, member for member; see PROTOCOLS.md.</summary>
internal static class BankWire
{
    public sealed record TransferList(string BillNumber, IReadOnlyList<Transfer> Transfers);

    public sealed record Transfer(
        string TransactionId, string BillNumber, long Amount, string Status, long RefundedAmount, DateTimeOffset CreditedAt, string? Description);

    public sealed record RefundRequest(long Amount, string Reason);

    public sealed record Refund(string RefundId, string TransactionId, long Amount, string Status, DateTimeOffset CreatedAt);

    public sealed record Statement(DateOnly Date, IReadOnlyList<StatementLine> Entries);

    public sealed record StatementLine(string EntryId, string TransactionId, string Reference, long Amount, string Type, DateTimeOffset BookedAt);

    public sealed record TransferNotice(
        string EventId, string Type, string TransactionId, string BillNumber, long Amount, DateTimeOffset CreditedAt, string? Description);

    /// <summary>Errors are <c>{"code": "...", "message": "..."}</c>.</summary>
    public static ProviderError ReadError(JsonElement body) => ProviderErrorReader.Read(body, "code", "message");

    public static GatewayPayment ToPayment(Transfer t) => new(
        GatewayProviders.Bank, t.TransactionId, t.BillNumber, t.Amount, Status(t.Status), t.RefundedAmount, t.CreditedAt);

    public static GatewayRefund ToRefund(Refund r) => r.Status == "completed"
        ? new(GatewayProviders.Bank, r.RefundId, r.TransactionId, r.Amount, r.CreatedAt)
        : throw new FormatException($"Unknown refund status '{r.Status}'.");

    public static GatewayStatement ToStatement(Statement s) => new(GatewayProviders.Bank, s.Date, [.. s.Entries.Select(e => new StatementEntry(
        e.EntryId, e.TransactionId, e.Reference, e.Amount,
        e.Type switch
        {
            "credit" => StatementEntryKind.Payment,
            "debit" => StatementEntryKind.Refund,
            _ => throw new FormatException($"Unknown statement entry type '{e.Type}'."),
        },
        e.BookedAt))]);

    public static PaymentNotification ToNotification(TransferNotice n) => n.Type == "transfer.credited"
        ? new(GatewayProviders.Bank, n.EventId, n.TransactionId, n.BillNumber, n.Amount, GatewayPaymentStatus.Succeeded, n.CreditedAt)
        : throw new FormatException($"Unknown notice type '{n.Type}'.");

    private static GatewayPaymentStatus Status(string status) => status switch
    {
        "credited" => GatewayPaymentStatus.Succeeded,
        "partially_refunded" => GatewayPaymentStatus.PartiallyRefunded,
        "refunded" => GatewayPaymentStatus.Refunded,
        _ => throw new FormatException($"Unknown transfer status '{status}'."),
    };
}
