using System.Net;
using Microsoft.Extensions.Options;
using MotCua.Gateways.Bank;
using MotCua.Gateways.Tests.Infrastructure;
using MotCua.Gateways.ViettelPay;
using MotCua.Gateways.VnptPay;

namespace MotCua.Gateways.Tests;

public sealed class GatewayExceptionTests : IDisposable
{
    private readonly TestGateways gateways = new();

    [Fact]
    public async Task ABankRefusalCarriesProviderStatusCodeAndRawBody()
    {
        const string body = """{"code":"refund_exceeds_amount","message":"At most 50000 may be refunded."}""";
        gateways.Network.Answer(HttpStatusCode.BadRequest, body);

        var error = await Assert.ThrowsAsync<GatewayException>(() => gateways.Client<BankGatewayClient>()
            .RefundAsync(new BankRefundOptions { TransactionId = "FT1", Amount = 60_000, Reason = "x" }, new RequestOptions { IdempotencyKey = "rf-1" }));

        Assert.Equal(GatewayProviders.Bank, error.Provider);
        Assert.Equal(GatewayFailure.Rejected, error.Failure);
        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Equal("refund_exceeds_amount", error.ProviderErrorCode);
        Assert.Equal(body, error.RawBody);
        Assert.Equal("rf-1", error.IdempotencyKey);
        Assert.Contains("At most 50000 may be refunded.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AViettelPayErrorCodeIsReadFromItsOwnEnvelope()
    {
        gateways.Network.Answer(HttpStatusCode.NotFound, """{"errorCode":"not_found","errorMessage":"No payment"}""");

        var error = await Assert.ThrowsAsync<GatewayException>(() =>
            gateways.Client<ViettelPayClient>().GetStatusAsync(new ViettelPayStatusOptions { OrderId = "nope" }));

        Assert.Equal(GatewayProviders.ViettelPay, error.Provider);
        Assert.Equal("not_found", error.ProviderErrorCode);
    }

    [Fact]
    public async Task AVnptPayErrorCodeIsReadFromItsNestedEnvelope()
    {
        gateways.Network.Answer(HttpStatusCode.Unauthorized, """{"error":{"code":"unauthorized","message":"Bad key"}}""");

        var error = await Assert.ThrowsAsync<GatewayException>(() =>
            gateways.Client<VnptPayClient>().GetStatusAsync(new VnptPayStatusOptions { MerchantOrderId = "A" }));

        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
        Assert.Equal("unauthorized", error.ProviderErrorCode);
        Assert.DoesNotContain("sk_test_vnptpay", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnErrorBodyThatIsNotJsonIsKeptRawWithoutACode()
    {
        gateways.Network.Answer(HttpStatusCode.Forbidden, "<html>Forbidden by proxy</html>");

        var error = await Assert.ThrowsAsync<GatewayException>(() =>
            gateways.Client<VnptPayClient>().GetStatusAsync(new VnptPayStatusOptions { MerchantOrderId = "A" }));

        Assert.Null(error.ProviderErrorCode);
        Assert.Equal("<html>Forbidden by proxy</html>", error.RawBody);
    }

    [Theory]
    [InlineData("""{"orderId":"A"}""")]
    [InlineData("""{"orderId":"A","transactionId":"T","transAmount":1,"status":"TELEPORTED","paymentUrl":"https://x.test/","refundedAmount":0,"createdAt":"2025-07-01T00:00:00Z","paidAt":null}""")]
    [InlineData("not json")]
    public async Task ASuccessThatCannotBeReadIsAnInvalidResponseWithAnUnknownOutcome(string body)
    {
        gateways.Network.Answer(HttpStatusCode.Created, body);

        var error = await Assert.ThrowsAsync<GatewayException>(() =>
            gateways.Client<ViettelPayClient>().CreateAsync(new ViettelPayCreateOptions { OrderId = "A", Amount = 1, Description = "x" }));

        Assert.Equal(GatewayFailure.InvalidResponse, error.Failure);
        Assert.True(error.OutcomeUnknown);
        Assert.Equal(body, error.RawBody);
    }

    [Fact]
    public void OptionsAndRequestOptionsNeverPrintSecrets()
    {
        var options = new GatewayOptions { BaseUrl = new Uri("https://x.test/"), MerchantId = "M", ApiKey = "sk_live_secret", WebhookSecret = "whsec_secret" };
        var requestOptions = new RequestOptions { IdempotencyKey = "k", ApiKey = "sk_live_other" };

        Assert.DoesNotContain("secret", options.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("sk_live_other", requestOptions.ToString(), StringComparison.Ordinal);
        Assert.Contains("IdempotencyKey = k", requestOptions.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void AClientWithoutCredentialsCannotBeMade()
    {
        using var incomplete = new TestGateways(s => s["Gateways:Bank:ApiKey"] = "");

        Assert.Throws<OptionsValidationException>(() => incomplete.Client<BankGatewayClient>());
    }

    public void Dispose() => gateways.Dispose();
}
