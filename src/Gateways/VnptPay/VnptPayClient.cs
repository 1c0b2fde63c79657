using System.Globalization;
using MotCua.Gateways.Http;
using MotCua.Gateways.Notifications;

namespace MotCua.Gateways.VnptPay;

/// <summary>
/// The VNPT Pay e-wallet: open an order (the citizen pays at the returned checkout URL), ask its state, refund it,
/// fetch the daily reconciliation file. Outcomes also arrive as signed notifications (see <see cref="PaymentNotification"/>).
/// </summary>
public sealed class VnptPayClient
{
    private readonly GatewayTransport transport;

    /// <summary>A client over <paramref name="httpClient"/>; retries and timeouts belong in its handler chain (see <see cref="GatewayServiceCollectionExtensions"/>).</summary>
    public VnptPayClient(HttpClient httpClient, GatewayOptions options) =>
        transport = new GatewayTransport(httpClient, options, GatewayProviders.VnptPay, VnptPayWire.ReadError);

    /// <summary>Opens an order: <c>POST api/orders</c>. The result carries VNPT's transaction id and the checkout URL.</summary>
    public Task<GatewayPayment> CreateAsync(
        VnptPayCreateOptions options, RequestOptions? requestOptions = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        Guard.Reference(options.MerchantOrderId, nameof(options.MerchantOrderId));
        Guard.Amount(options.Amount, nameof(options.Amount));
        ArgumentException.ThrowIfNullOrWhiteSpace(options.OrderInfo, nameof(options.OrderInfo));
        return transport.PostAsync<VnptPayWire.Order, GatewayPayment>(
            "api/orders",
            new VnptPayWire.CreateRequest(options.MerchantOrderId, options.Amount, options.OrderInfo, options.ReturnUrl?.AbsoluteUri),
            VnptPayWire.ToPayment, requestOptions, cancellationToken);
    }

    /// <summary>Where an order stands: <c>GET api/orders/{merchantOrderId}</c>.</summary>
    public Task<GatewayPayment> GetStatusAsync(
        VnptPayStatusOptions options, RequestOptions? requestOptions = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        Guard.Reference(options.MerchantOrderId, nameof(options.MerchantOrderId));
        return transport.GetAsync<VnptPayWire.Order, GatewayPayment>(
            $"api/orders/{Guard.Path(options.MerchantOrderId)}", VnptPayWire.ToPayment, requestOptions, cancellationToken);
    }

    /// <summary>Refunds (part of) a paid order: <c>POST api/refunds</c>.</summary>
    public Task<GatewayRefund> RefundAsync(
        VnptPayRefundOptions options, RequestOptions? requestOptions = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        Guard.Reference(options.MerchantOrderId, nameof(options.MerchantOrderId));
        Guard.Amount(options.Amount, nameof(options.Amount));
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Reason, nameof(options.Reason));
        return transport.PostAsync<VnptPayWire.Refund, GatewayRefund>(
            "api/refunds",
            new VnptPayWire.RefundRequest(options.MerchantOrderId, options.Amount, options.Reason),
            VnptPayWire.ToRefund, requestOptions, cancellationToken);
    }

    /// <summary>The reconciliation file of one day (Vietnam time): <c>GET api/reconciliation/{yyyy-MM-dd}</c>.</summary>
    public Task<GatewayStatement> GetStatementAsync(
        DateOnly date, RequestOptions? requestOptions = null, CancellationToken cancellationToken = default) =>
        transport.GetAsync<VnptPayWire.Reconciliation, GatewayStatement>(
            $"api/reconciliation/{date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}",
            VnptPayWire.ToStatement, requestOptions, cancellationToken);
}
