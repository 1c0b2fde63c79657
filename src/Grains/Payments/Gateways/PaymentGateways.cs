using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MotCua.Gateways;
using MotCua.Gateways.Bank;
using MotCua.Gateways.ViettelPay;
using MotCua.Gateways.VnptPay;

namespace MotCua.Grains.Payments.Gateways;

/// <summary>
/// <see cref="IPaymentGateways"/> over the typed clients registered by <c>AddPaymentGateways</c>. Retries, timeouts and
/// circuit breakers live in those clients' HttpClient pipelines; nothing here retries.
/// </summary>
public sealed class PaymentGateways(IServiceProvider services, IOptionsMonitor<GatewayOptions> options) : IPaymentGateways
{
    public bool IsConfigured(string provider) =>
        GatewayProviders.All.Contains(provider) && options.Get(provider).Validate().Count == 0;

    public Task<GatewayPayment> OpenCheckoutAsync(string provider, string orderId, long amount, string description, CancellationToken cancellationToken = default)
    {
        var request = new RequestOptions { IdempotencyKey = "open:" + orderId };
        return provider switch
        {
            GatewayProviders.ViettelPay => services.GetRequiredService<ViettelPayClient>().CreateAsync(
                new ViettelPayCreateOptions { OrderId = orderId, Amount = amount, Description = description }, request, cancellationToken),
            GatewayProviders.VnptPay => services.GetRequiredService<VnptPayClient>().CreateAsync(
                new VnptPayCreateOptions { MerchantOrderId = orderId, Amount = amount, OrderInfo = description }, request, cancellationToken),
            _ => throw new ArgumentException($"'{provider}' opens no checkout.", nameof(provider)),
        };
    }

    public async Task<IReadOnlyList<GatewayPayment>> QueryAsync(string provider, string reference, CancellationToken cancellationToken = default)
    {
        try
        {
            return provider switch
            {
                GatewayProviders.Bank => await services.GetRequiredService<BankGatewayClient>().GetStatusAsync(
                    new BankTransferStatusOptions { BillNumber = reference }, null, cancellationToken),
                GatewayProviders.ViettelPay => [await services.GetRequiredService<ViettelPayClient>().GetStatusAsync(
                    new ViettelPayStatusOptions { OrderId = reference }, null, cancellationToken)],
                GatewayProviders.VnptPay => [await services.GetRequiredService<VnptPayClient>().GetStatusAsync(
                    new VnptPayStatusOptions { MerchantOrderId = reference }, null, cancellationToken)],
                _ => throw new ArgumentException($"Unknown provider '{provider}'.", nameof(provider)),
            };
        }
        catch (GatewayException ex) when (ex.StatusCode == HttpStatusCode.NotFound && provider != GatewayProviders.Bank)
        {
            // The e-wallet never opened this order: nobody can have paid it.
            return [];
        }
    }

    public Task<GatewayRefund> RefundAsync(string provider, string transactionId, string orderId, long amount, string reason, string idempotencyKey,
        CancellationToken cancellationToken = default)
    {
        var request = new RequestOptions { IdempotencyKey = idempotencyKey };
        return provider switch
        {
            GatewayProviders.Bank => services.GetRequiredService<BankGatewayClient>().RefundAsync(
                new BankRefundOptions { TransactionId = transactionId, Amount = amount, Reason = reason }, request, cancellationToken),
            GatewayProviders.ViettelPay => services.GetRequiredService<ViettelPayClient>().RefundAsync(
                new ViettelPayRefundOptions { OrderId = orderId, Amount = amount, Reason = reason }, request, cancellationToken),
            GatewayProviders.VnptPay => services.GetRequiredService<VnptPayClient>().RefundAsync(
                new VnptPayRefundOptions { MerchantOrderId = orderId, Amount = amount, Reason = reason }, request, cancellationToken),
            _ => throw new ArgumentException($"Unknown provider '{provider}'.", nameof(provider)),
        };
    }

    public Task<GatewayStatement> GetStatementAsync(string provider, DateOnly date, CancellationToken cancellationToken = default) => provider switch
    {
        GatewayProviders.Bank => services.GetRequiredService<BankGatewayClient>().GetStatementAsync(date, null, cancellationToken),
        GatewayProviders.ViettelPay => services.GetRequiredService<ViettelPayClient>().GetStatementAsync(date, null, cancellationToken),
        GatewayProviders.VnptPay => services.GetRequiredService<VnptPayClient>().GetStatementAsync(date, null, cancellationToken),
        _ => throw new ArgumentException($"Unknown provider '{provider}'.", nameof(provider)),
    };
}
