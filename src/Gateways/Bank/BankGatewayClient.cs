using System.Globalization;
using MotCua.Gateways.Http;
using MotCua.Gateways.Notifications;

namespace MotCua.Gateways.Bank;

/// <summary>
/// The collecting bank behind MotCua's VietQR codes. Citizens pay by transfer to the account in the QR; the bank
/// posts a signed transfer notice (see <see cref="PaymentNotification"/>) and answers status queries by bill number,
/// refunds and daily statements. The QR itself is made locally by the VietQR codec: there is no "create" call.
/// </summary>
public sealed class BankGatewayClient
{
    private readonly GatewayTransport transport;

    /// <summary>A client over <paramref name="httpClient"/>; retries and timeouts belong in its handler chain (see <see cref="GatewayServiceCollectionExtensions"/>).</summary>
    public BankGatewayClient(HttpClient httpClient, GatewayOptions options) =>
        transport = new GatewayTransport(httpClient, options, GatewayProviders.Bank, BankWire.ReadError);

    /// <summary>
    /// The transfers credited with a bill number: <c>GET v1/transfers?billNumber=</c>. Empty when none arrived; more than
    /// one when a citizen paid twice.
    /// </summary>
    public Task<IReadOnlyList<GatewayPayment>> GetStatusAsync(
        BankTransferStatusOptions options, RequestOptions? requestOptions = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        Guard.Reference(options.BillNumber, nameof(options.BillNumber));
        return transport.GetAsync<BankWire.TransferList, IReadOnlyList<GatewayPayment>>(
            $"v1/transfers?billNumber={Guard.Path(options.BillNumber)}",
            list => [.. list.Transfers.Select(BankWire.ToPayment)],
            requestOptions, cancellationToken);
    }

    /// <summary>Refunds (part of) a credited transfer: <c>POST v1/transfers/{transactionId}/refunds</c>.</summary>
    public Task<GatewayRefund> RefundAsync(
        BankRefundOptions options, RequestOptions? requestOptions = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        Guard.Reference(options.TransactionId, nameof(options.TransactionId));
        Guard.Amount(options.Amount, nameof(options.Amount));
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Reason, nameof(options.Reason));
        return transport.PostAsync<BankWire.Refund, GatewayRefund>(
            $"v1/transfers/{Guard.Path(options.TransactionId)}/refunds",
            new BankWire.RefundRequest(options.Amount, options.Reason),
            BankWire.ToRefund, requestOptions, cancellationToken);
    }

    /// <summary>The account statement of one day (Vietnam time): <c>GET v1/statements/{yyyy-MM-dd}</c>.</summary>
    public Task<GatewayStatement> GetStatementAsync(
        DateOnly date, RequestOptions? requestOptions = null, CancellationToken cancellationToken = default) =>
        transport.GetAsync<BankWire.Statement, GatewayStatement>(
            $"v1/statements/{date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}", BankWire.ToStatement, requestOptions, cancellationToken);
}
