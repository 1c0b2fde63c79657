using System.Globalization;
using MotCua.Gateways;
using MotCua.Sandbox.Faults;
using MotCua.Sandbox.Payments;
using MotCua.Sandbox.Protocol;

namespace MotCua.Sandbox.Providers;

/// <summary>
/// The collecting bank's API under <c>/bank/v1</c>: transfers credited by bill number, refunds, daily statements;
/// and its transfer notice. Members and paths as in src/Gateways/PROTOCOLS.md.
/// </summary>
public static class BankApi
{
    private const string Provider = GatewayProviders.Bank;

    /// <summary>Maps the bank's routes.</summary>
    public static void MapBankApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/bank/v1").WithProviderProtocol(Provider);
        api.MapGet("/transfers", ListTransfers);
        api.MapPost("/transfers/{transactionId}/refunds", RefundTransfer).WithIdempotencyKey(Provider);
        api.MapGet("/statements/{date}", GetStatement);
    }

    /// <summary>The transfer notice for a credited transfer.</summary>
    public static object Notification(PaymentRecord transfer, string eventId) => new TransferNotice(
        eventId, "transfer.credited", transfer.TransactionId, transfer.Reference, transfer.Amount, transfer.PaidAt ?? transfer.CreatedAt,
        transfer.Description);

    private static WireResult ListTransfers(string? billNumber, PaymentBook book) => string.IsNullOrWhiteSpace(billNumber)
        ? ProviderErrors.Error(Provider, SandboxError.Invalid("billNumber is required."))
        : new(200, new TransferList(billNumber, [.. book.FindByReference(Provider, billNumber).Select(ToTransfer)]));

    private static WireResult RefundTransfer(string transactionId, RefundRequest request, PaymentBook book)
    {
        if (string.IsNullOrWhiteSpace(request.Reason))
        {
            return ProviderErrors.Error(Provider, SandboxError.Invalid("reason is required."));
        }

        var outcome = book.Refund(Provider, transactionId, request.Amount, request.Reason);
        if (outcome.Error is { } error)
        {
            return ProviderErrors.Error(Provider, error);
        }

        var (payment, refund) = outcome.Value;
        return new(201, new Refund(refund.RefundId, payment.TransactionId, refund.Amount, "completed", refund.CreatedAt));
    }

    private static WireResult GetStatement(string date, PaymentBook book, FaultBook faults)
    {
        if (!DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return ProviderErrors.Error(Provider, SandboxError.Invalid("The date must be yyyy-MM-dd."));
        }

        var lines = StatementBuilder.Build(book.All(Provider), day, faults.For(Provider).Current.Statement);
        return new(200, new Statement(day, [.. lines.Select(l =>
            new StatementEntry(l.EntryId, l.TransactionId, l.Reference, l.Amount, l.IsRefund ? "debit" : "credit", l.BookedAt))]));
    }

    private static Transfer ToTransfer(PaymentRecord p) => new(
        p.TransactionId, p.Reference, p.Amount,
        p.RefundedAmount == 0 ? "credited" : p.RefundedAmount < p.Amount ? "partially_refunded" : "refunded",
        p.RefundedAmount, p.PaidAt ?? p.CreatedAt, p.Description);

    private sealed record TransferList(string BillNumber, IReadOnlyList<Transfer> Transfers);

    private sealed record Transfer(
        string TransactionId, string BillNumber, long Amount, string Status, long RefundedAmount, DateTimeOffset CreditedAt, string? Description);

    private sealed record RefundRequest(long Amount, string? Reason);

    private sealed record Refund(string RefundId, string TransactionId, long Amount, string Status, DateTimeOffset CreatedAt);

    private sealed record Statement(DateOnly Date, IReadOnlyList<StatementEntry> Entries);

    private sealed record StatementEntry(string EntryId, string TransactionId, string Reference, long Amount, string Type, DateTimeOffset BookedAt);

    private sealed record TransferNotice(
        string EventId, string Type, string TransactionId, string BillNumber, long Amount, DateTimeOffset CreditedAt, string? Description);
}
