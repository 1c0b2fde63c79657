using System.Globalization;
using MotCua.Gateways;
using MotCua.Sandbox.Faults;
using MotCua.Sandbox.Payments;
using MotCua.Sandbox.Protocol;

namespace MotCua.Sandbox.Providers;

/// <summary>
/// VNPT Pay's API under <c>/vnptpay/api</c>: orders, refunds, the daily reconciliation file; and its order
/// notification. Members and paths as in src/Gateways/PROTOCOLS.md.
/// </summary>
public static class VnptPayApi
{
    private const string Provider = GatewayProviders.VnptPay;

    /// <summary>Maps VNPT Pay's routes.</summary>
    public static void MapVnptPayApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/vnptpay/api").WithProviderProtocol(Provider);
        api.MapPost("/orders", Create).WithIdempotencyKey(Provider);
        api.MapGet("/orders/{merchantOrderId}", Get);
        api.MapPost("/refunds", RefundOrder).WithIdempotencyKey(Provider);
        api.MapGet("/reconciliation/{date}", Reconciliation);
    }

    /// <summary>The notification for a paid or failed order.</summary>
    public static object Notification(PaymentRecord p, string eventId, DateTimeOffset at) => new OrderNotice(
        eventId, p.Reference, p.TransactionId, p.Amount, p.State == PaymentState.Succeeded ? "PAID" : "FAILED", p.PaidAt ?? at);

    private static WireResult Create(CreateRequest request, PaymentBook book, HttpRequest http)
    {
        if (string.IsNullOrWhiteSpace(request.MerchantOrderId) || string.IsNullOrWhiteSpace(request.OrderInfo) || request.Amount <= 0)
        {
            return ProviderErrors.Error(Provider, SandboxError.Invalid("merchantOrderId, orderInfo and a positive amount are required."));
        }

        var outcome = book.Create(Provider, request.MerchantOrderId, request.Amount, request.OrderInfo, request.ReturnUrl);
        return outcome.Error is { } error ? ProviderErrors.Error(Provider, error) : new(201, ToOrder(outcome.Value!, http));
    }

    private static WireResult Get(string merchantOrderId, PaymentBook book, HttpRequest http) => book.Find(Provider, merchantOrderId) is { } order
        ? new(200, ToOrder(order, http))
        : ProviderErrors.Error(Provider, SandboxError.NotFound(merchantOrderId));

    private static WireResult RefundOrder(RefundRequest request, PaymentBook book)
    {
        if (string.IsNullOrWhiteSpace(request.MerchantOrderId) || string.IsNullOrWhiteSpace(request.Reason))
        {
            return ProviderErrors.Error(Provider, SandboxError.Invalid("merchantOrderId and reason are required."));
        }

        var outcome = book.Refund(Provider, request.MerchantOrderId, request.Amount, request.Reason);
        if (outcome.Error is { } error)
        {
            return ProviderErrors.Error(Provider, error);
        }

        var (order, refund) = outcome.Value;
        return new(201, new Refund(refund.RefundId, order.Reference, order.TransactionId, refund.Amount, "SUCCESS", refund.CreatedAt));
    }

    private static WireResult Reconciliation(string date, PaymentBook book, FaultBook faults)
    {
        if (!DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return ProviderErrors.Error(Provider, SandboxError.Invalid("The date must be yyyy-MM-dd."));
        }

        var lines = StatementBuilder.Build(book.All(Provider), day, faults.For(Provider).Current.Statement);
        return new(200, new ReconciliationFile(day, [.. lines.Select(l => new Transaction(
            l.TransactionId, l.Reference, l.IsRefund ? l.EntryId : null, l.Amount, l.IsRefund ? "REFUND" : "SALE", l.BookedAt))]));
    }

    private static Order ToOrder(PaymentRecord p, HttpRequest http) => new(
        p.Reference, p.TransactionId, p.Amount, State(p), CheckoutLinks.For(http, Provider, p.TransactionId), p.RefundedAmount, p.CreatedAt, p.PaidAt);

    private static string State(PaymentRecord p) => p.State switch
    {
        PaymentState.Pending => "CREATED",
        PaymentState.Failed => "FAILED",
        _ when p.RefundedAmount == 0 => "PAID",
        _ when p.RefundedAmount < p.Amount => "PARTIALLY_REFUNDED",
        _ => "REFUNDED",
    };

    private sealed record CreateRequest(string? MerchantOrderId, long Amount, string? OrderInfo, string? ReturnUrl);

    private sealed record Order(
        string MerchantOrderId, string VnptTransactionId, long Amount, string State, string CheckoutUrl, long RefundedAmount,
        DateTimeOffset CreatedAt, DateTimeOffset? PaidAt);

    private sealed record RefundRequest(string? MerchantOrderId, long Amount, string? Reason);

    private sealed record Refund(string RefundId, string MerchantOrderId, string VnptTransactionId, long Amount, string State, DateTimeOffset CreatedAt);

    private sealed record ReconciliationFile(DateOnly Date, IReadOnlyList<Transaction> Transactions);

    private sealed record Transaction(string VnptTransactionId, string MerchantOrderId, string? RefundId, long Amount, string Kind, DateTimeOffset SettledAt);

    private sealed record OrderNotice(string EventId, string MerchantOrderId, string VnptTransactionId, long Amount, string State, DateTimeOffset OccurredAt);
}
