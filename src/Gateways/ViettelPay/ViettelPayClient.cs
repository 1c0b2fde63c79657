using System.Globalization;
using MotCua.Gateways.Http;
using MotCua.Gateways.Notifications;

namespace MotCua.Gateways.ViettelPay;

/// <summary>
/// The ViettelPay e-wallet: open a payment (the citizen pays at the returned URL), ask its status, refund it,
/// fetch the daily statement. Outcomes also arrive as signed notifications (see <see cref="PaymentNotification"/>).
/// </summary>
public sealed class ViettelPayClient
{
    private readonly GatewayTransport transport;

    /// <summary>A client over <paramref name="httpClient"/>; retries and timeouts belong in its handler chain (see <see cref="GatewayServiceCollectionExtensions"/>).</summary>
    public ViettelPayClient(HttpClient httpClient, GatewayOptions options) =>
        transport = new GatewayTransport(httpClient, options, GatewayProviders.ViettelPay, ViettelPayWire.ReadError);

    /// <summary>Opens a payment: <c>POST v2/payments</c>. The result carries the wallet's transaction id and the URL to send the citizen to.</summary>
    public Task<GatewayPayment> CreateAsync(
        ViettelPayCreateOptions options, RequestOptions? requestOptions = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        Guard.Reference(options.OrderId, nameof(options.OrderId));
        Guard.Amount(options.Amount, nameof(options.Amount));
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Description, nameof(options.Description));
        return transport.PostAsync<ViettelPayWire.Payment, GatewayPayment>(
            "v2/payments",
            new ViettelPayWire.CreateRequest(options.OrderId, options.Amount, options.Description, options.ReturnUrl?.AbsoluteUri),
            ViettelPayWire.ToPayment, requestOptions, cancellationToken);
    }

    /// <summary>Where a payment stands: <c>GET v2/payments/{orderId}</c>.</summary>
    public Task<GatewayPayment> GetStatusAsync(
        ViettelPayStatusOptions options, RequestOptions? requestOptions = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        Guard.Reference(options.OrderId, nameof(options.OrderId));
        return transport.GetAsync<ViettelPayWire.Payment, GatewayPayment>(
            $"v2/payments/{Guard.Path(options.OrderId)}", ViettelPayWire.ToPayment, requestOptions, cancellationToken);
    }

    /// <summary>Refunds (part of) a paid payment: <c>POST v2/payments/{orderId}/refunds</c>.</summary>
    public Task<GatewayRefund> RefundAsync(
        ViettelPayRefundOptions options, RequestOptions? requestOptions = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        Guard.Reference(options.OrderId, nameof(options.OrderId));
        Guard.Amount(options.Amount, nameof(options.Amount));
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Reason, nameof(options.Reason));
        return transport.PostAsync<ViettelPayWire.Refund, GatewayRefund>(
            $"v2/payments/{Guard.Path(options.OrderId)}/refunds",
            new ViettelPayWire.RefundRequest(options.Amount, options.Reason),
            ViettelPayWire.ToRefund, requestOptions, cancellationToken);
    }

    /// <summary>The statement of one day (Vietnam time): <c>GET v2/statements?date=yyyyMMdd</c>.</summary>
    public Task<GatewayStatement> GetStatementAsync(
        DateOnly date, RequestOptions? requestOptions = null, CancellationToken cancellationToken = default) =>
        transport.GetAsync<ViettelPayWire.Statement, GatewayStatement>(
            $"v2/statements?date={date.ToString("yyyyMMdd", CultureInfo.InvariantCulture)}",
            ViettelPayWire.ToStatement, requestOptions, cancellationToken);
}
