using System.Globalization;
using MotCua.Gateways;
using MotCua.Sandbox.Faults;
using MotCua.Sandbox.Payments;
using MotCua.Sandbox.Protocol;

namespace MotCua.Sandbox.Providers;

/// <summary>
/// ViettelPay's API under <c>/viettelpay/v2</c>: payments by order id, refunds, daily statements; and its payment
/// notification. Members and paths as in src/Gateways/PROTOCOLS.md.
/// </summary>
public static class ViettelPayApi
{
    private const string Provider = GatewayProviders.ViettelPay;

    /// <summary>Maps ViettelPay's routes.</summary>
    public static void MapViettelPayApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/viettelpay/v2").WithProviderProtocol(Provider);
        api.MapPost("/payments", Create).WithIdempotencyKey(Provider);
        api.MapGet("/payments/{orderId}", Get);
        api.MapPost("/payments/{orderId}/refunds", RefundPayment).WithIdempotencyKey(Provider);
        api.MapGet("/statements", GetStatement);
    }

    /// <summary>The notification for a paid or failed payment.</summary>
    public static object Notification(PaymentRecord p, string eventId, DateTimeOffset at) => new PaymentNotice(
        eventId, p.Reference, p.TransactionId, p.Amount, p.State == PaymentState.Succeeded ? "SUCCESS" : "FAILED", p.PaidAt ?? at);

    private static WireResult Create(CreateRequest request, PaymentBook book, HttpRequest http)
    {
        if (string.IsNullOrWhiteSpace(request.OrderId) || string.IsNullOrWhiteSpace(request.Description) || request.TransAmount <= 0)
        {
            return ProviderErrors.Error(Provider, SandboxError.Invalid("orderId, description and a positive transAmount are required."));
        }

        var outcome = book.Create(Provider, request.OrderId, request.TransAmount, request.Description, request.ReturnUrl);
        return outcome.Error is { } error ? ProviderErrors.Error(Provider, error) : new(201, ToPayment(outcome.Value!, http));
    }

    private static WireResult Get(string orderId, PaymentBook book, HttpRequest http) => book.Find(Provider, orderId) is { } payment
        ? new(200, ToPayment(payment, http))
        : ProviderErrors.Error(Provider, SandboxError.NotFound(orderId));

    private static WireResult RefundPayment(string orderId, RefundRequest request, PaymentBook book)
    {
        if (string.IsNullOrWhiteSpace(request.Reason))
        {
            return ProviderErrors.Error(Provider, SandboxError.Invalid("reason is required."));
        }

        var outcome = book.Refund(Provider, orderId, request.RefundAmount, request.Reason);
        if (outcome.Error is { } error)
        {
            return ProviderErrors.Error(Provider, error);
        }

        var (payment, refund) = outcome.Value;
        return new(201, new Refund(refund.RefundId, payment.Reference, payment.TransactionId, refund.Amount, "SUCCESS", refund.CreatedAt));
    }

    private static WireResult GetStatement(string? date, PaymentBook book, FaultBook faults)
    {
        if (!DateOnly.TryParseExact(date, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return ProviderErrors.Error(Provider, SandboxError.Invalid("date must be yyyyMMdd."));
        }

        var lines = StatementBuilder.Build(book.All(Provider), day, faults.For(Provider).Current.Statement);
        return new(200, new Statement(date!, [.. lines.Select(l => new StatementRecord(
            l.TransactionId, l.Reference, l.IsRefund ? l.EntryId : null, l.Amount, l.IsRefund ? "REFUND" : "PAYMENT", l.BookedAt))]));
    }

    private static Payment ToPayment(PaymentRecord p, HttpRequest http) => new(
        p.Reference, p.TransactionId, p.Amount, Status(p), CheckoutLinks.For(http, Provider, p.TransactionId), p.RefundedAmount, p.CreatedAt, p.PaidAt);

    private static string Status(PaymentRecord p) => p.State switch
    {
        PaymentState.Pending => "PENDING",
        PaymentState.Failed => "FAILED",
        _ when p.RefundedAmount == 0 => "SUCCESS",
        _ when p.RefundedAmount < p.Amount => "PARTIAL_REFUNDED",
        _ => "REFUNDED",
    };

    private sealed record CreateRequest(string? OrderId, long TransAmount, string? Description, string? ReturnUrl);

    private sealed record Payment(
        string OrderId, string TransactionId, long TransAmount, string Status, string PaymentUrl, long RefundedAmount,
        DateTimeOffset CreatedAt, DateTimeOffset? PaidAt);

    private sealed record RefundRequest(long RefundAmount, string? Reason);

    private sealed record Refund(string RefundId, string OrderId, string TransactionId, long RefundAmount, string Status, DateTimeOffset CreatedAt);

    private sealed record Statement(string Date, IReadOnlyList<StatementRecord> Records);

    private sealed record StatementRecord(string TransactionId, string OrderId, string? RefundId, long Amount, string Type, DateTimeOffset Time);

    private sealed record PaymentNotice(string EventId, string OrderId, string TransactionId, long TransAmount, string Status, DateTimeOffset Time);
}
