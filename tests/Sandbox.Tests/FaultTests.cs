using System.Net;
using System.Net.Sockets;
using MotCua.Gateways;
using MotCua.Gateways.ViettelPay;
using MotCua.Gateways.VnptPay;
using MotCua.Sandbox.Tests.Infrastructure;

namespace MotCua.Sandbox.Tests;

public sealed class FaultTests : SandboxTest
{
    private static readonly ViettelPayCreateOptions Order = new() { OrderId = "PAY-9", Amount = 75_000, Description = "Le phi" };

    [Fact]
    public async Task ServerErrorsThenSuccessAreRetriedIntoOnePayment()
    {
        await World.SetFaultsAsync(new { provider = "viettelpay", failNext = 2, failStatus = 503 });

        var payment = await World.Client<ViettelPayClient>().CreateAsync(Order);

        Assert.Equal(GatewayPaymentStatus.Pending, payment.Status);
        Assert.Equal(1, await World.PaymentCountAsync(GatewayProviders.ViettelPay));
    }

    [Fact]
    public async Task MoreServerErrorsThanRetriesSurfaceAsAnUnknownOutcomeWithNothingDone()
    {
        await World.SetFaultsAsync(new { provider = "viettelpay", failNext = 3, failStatus = 502 });

        var error = await Assert.ThrowsAsync<GatewayException>(() => World.Client<ViettelPayClient>().CreateAsync(Order));

        Assert.Equal((GatewayFailure.ServerError, HttpStatusCode.BadGateway, "sandbox_injected_failure"), (error.Failure, error.StatusCode, error.ProviderErrorCode));
        Assert.True(error.OutcomeUnknown);
        Assert.Equal(0, await World.PaymentCountAsync(GatewayProviders.ViettelPay));
    }

    [Fact]
    public async Task ATimeoutSurfacesAsAnUnknownOutcomeAndTheStatusQuerySettlesIt()
    {
        var client = World.Client<ViettelPayClient>();
        await World.SetFaultsAsync(new { provider = "viettelpay", timeoutNext = 3 });

        var error = await Assert.ThrowsAsync<GatewayException>(() => client.CreateAsync(Order, new RequestOptions { IdempotencyKey = "op-create-9" }));
        var status = await client.GetStatusAsync(new ViettelPayStatusOptions { OrderId = "PAY-9" });
        var again = await client.CreateAsync(Order, new RequestOptions { IdempotencyKey = error.IdempotencyKey });

        Assert.Equal(GatewayFailure.Timeout, error.Failure);
        Assert.True(error.OutcomeUnknown);
        Assert.Equal(GatewayPaymentStatus.Pending, status.Status); // the provider did act: the caller must not call it failed
        Assert.Equal(status.TransactionId, again.TransactionId);
        Assert.Equal(1, await World.PaymentCountAsync(GatewayProviders.ViettelPay));
    }

    [Fact]
    public async Task ALostAnswerIsRecoveredByTheRetryWithoutASecondPayment()
    {
        await World.SetFaultsAsync(new { provider = "viettelpay", timeoutNext = 1 });

        var payment = await World.Client<ViettelPayClient>().CreateAsync(Order);

        Assert.Equal("PAY-9", payment.Reference);
        Assert.Equal(1, await World.PaymentCountAsync(GatewayProviders.ViettelPay));
    }

    [Fact]
    public async Task ATimeoutBeforeProcessingIsUnknownToTheCallerUntilTheStatusSaysNotFound()
    {
        var client = World.Client<VnptPayClient>();
        await World.SetFaultsAsync(new { provider = "vnptpay", timeoutNext = 3, timeoutBeforeProcessing = true });

        var error = await Assert.ThrowsAsync<GatewayException>(() =>
            client.CreateAsync(new VnptPayCreateOptions { MerchantOrderId = "PAY-10", Amount = 10_000, OrderInfo = "x" }));
        var status = await Assert.ThrowsAsync<GatewayException>(() => client.GetStatusAsync(new VnptPayStatusOptions { MerchantOrderId = "PAY-10" }));

        Assert.True(error.OutcomeUnknown);
        Assert.Equal((HttpStatusCode.NotFound, "not_found"), (status.StatusCode, status.ProviderErrorCode));
    }

    [Fact]
    public async Task LatencyBeyondThePerTryTimeoutIsATimeout()
    {
        await World.SetFaultsAsync(new { provider = "viettelpay", latencyMs = 2_000 });

        var error = await Assert.ThrowsAsync<GatewayException>(() =>
            World.Client<ViettelPayClient>().GetStatusAsync(new ViettelPayStatusOptions { OrderId = "PAY-9" }));

        Assert.Equal(GatewayFailure.Timeout, error.Failure);
    }

    [Fact]
    public async Task ASeededErrorRateFailsTheSameCallsEveryRun()
    {
        async Task<string> RunAsync()
        {
            await World.SetFaultsAsync(new { provider = "vnptpay", errorRate = 0.5, seed = 7 });
            var outcomes = new List<char>();
            for (var i = 0; i < 12; i++)
            {
                var answer = await World.Control.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/vnptpay/api/orders/none")
                {
                    Headers = { { "Authorization", "Bearer sk_sandbox_vnptpay" }, { "X-Merchant-Id", "MOTCUA" } },
                });
                outcomes.Add(answer.StatusCode == HttpStatusCode.ServiceUnavailable ? 'F' : '.');
            }

            return new string([.. outcomes]);
        }

        var first = await RunAsync();

        Assert.Equal(first, await RunAsync());
        Assert.Contains('F', first);
        Assert.Contains('.', first);
    }

    [Fact]
    public async Task AProviderThatIsNotListeningMeansTheRequestWasNotSent()
    {
        using var closed = new TcpListener(IPAddress.Loopback, 0);
        closed.Start();
        var port = ((IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop();
        await using var world = await SandboxWorld.StartAsync(s => s["Gateways:ViettelPay:BaseUrl"] = $"http://127.0.0.1:{port}/viettelpay/");

        var error = await Assert.ThrowsAsync<GatewayException>(() => world.Client<ViettelPayClient>().CreateAsync(Order));

        Assert.Equal(GatewayFailure.Unreachable, error.Failure);
        Assert.False(error.OutcomeUnknown);
    }
}
