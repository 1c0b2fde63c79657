using System.Net;
using MotCua.Gateways.Bank;
using MotCua.Gateways.Tests.Infrastructure;
using MotCua.Gateways.ViettelPay;

namespace MotCua.Gateways.Tests;

public sealed class RetryTests : IDisposable
{
    private const string PaymentJson = """
        {"orderId":"PAY-1","transactionId":"VTP1","transAmount":150000,"status":"PENDING","paymentUrl":"https://viettelpay.test/c/VTP1",
         "refundedAmount":0,"createdAt":"2025-07-01T09:00:00+07:00","paidAt":null}
        """;

    private static readonly ViettelPayCreateOptions Create = new() { OrderId = "PAY-1", Amount = 150_000, Description = "Le phi" };
    private readonly TestGateways gateways = new();

    private FakeHandler Network => gateways.Network;

    private ViettelPayClient Client => gateways.Client<ViettelPayClient>();

    [Fact]
    public async Task A503IsRetriedWithTheSameIdempotencyKeyAndBody()
    {
        Network.Answer(HttpStatusCode.ServiceUnavailable).Answer(HttpStatusCode.BadGateway).Answer(HttpStatusCode.Created, PaymentJson);

        var payment = await Client.CreateAsync(Create);

        Assert.Equal("VTP1", payment.TransactionId);
        Assert.Equal(3, Network.Requests.Count);
        Assert.Single(Network.Requests.Select(r => r.Header("Idempotency-Key")).Distinct());
        Assert.Single(Network.Requests.Select(r => r.Body).Distinct());
    }

    [Fact]
    public async Task A409IsRetriedWithTheCallersKey()
    {
        Network.Answer(HttpStatusCode.Conflict, """{"errorCode":"idempotency_key_in_use"}""").Answer(HttpStatusCode.Created, PaymentJson);

        await Client.CreateAsync(Create, new RequestOptions { IdempotencyKey = "op-7" });

        Assert.Equal(["op-7", "op-7"], Network.Requests.Select(r => r.Header("Idempotency-Key")));
    }

    [Fact]
    public async Task AConnectionErrorIsRetriedWithTheSameKey()
    {
        Network.RefuseConnections(2).Answer(HttpStatusCode.Created, PaymentJson);

        await Client.CreateAsync(Create, new RequestOptions { IdempotencyKey = "op-8" });

        Assert.Equal(["op-8", "op-8", "op-8"], Network.Requests.Select(r => r.Header("Idempotency-Key")));
    }

    [Fact]
    public async Task ATryThatNeverAnswersIsCutByThePerTryTimeoutAndRetried()
    {
        Network.Hang().Answer(HttpStatusCode.Created, PaymentJson);

        await Client.CreateAsync(Create, new RequestOptions { IdempotencyKey = "op-9" });

        Assert.Equal(["op-9", "op-9"], Network.Requests.Select(r => r.Header("Idempotency-Key")));
    }

    [Fact]
    public async Task AStatusQueryIsRetriedToo()
    {
        Network.Answer(HttpStatusCode.InternalServerError).Answer(HttpStatusCode.OK, PaymentJson);

        await Client.GetStatusAsync(new ViettelPayStatusOptions { OrderId = "PAY-1" });

        Assert.Equal(2, Network.Requests.Count);
    }

    [Theory]
    [InlineData(HttpStatusCode.BadRequest)]
    [InlineData(HttpStatusCode.Unauthorized)]
    [InlineData(HttpStatusCode.NotFound)]
    [InlineData(HttpStatusCode.UnprocessableEntity)]
    public async Task AClientErrorIsNotRetried(HttpStatusCode status)
    {
        Network.Answer(status, """{"errorCode":"nope","errorMessage":"no"}""");

        var error = await Assert.ThrowsAsync<GatewayException>(() => Client.CreateAsync(Create));

        Assert.Single(Network.Requests);
        Assert.Equal(GatewayFailure.Rejected, error.Failure);
        Assert.False(error.OutcomeUnknown);
    }

    [Fact]
    public async Task ServerErrorsOnEveryTryEndInAServerErrorWhoseOutcomeIsUnknown()
    {
        for (var i = 0; i < 4; i++)
        {
            Network.Answer(HttpStatusCode.ServiceUnavailable, """{"errorCode":"maintenance","errorMessage":"Back soon"}""");
        }

        var error = await Assert.ThrowsAsync<GatewayException>(() => Client.CreateAsync(Create, new RequestOptions { IdempotencyKey = "op-10" }));

        Assert.Equal(4, Network.Requests.Count); // the first try and three retries
        Assert.Equal(GatewayFailure.ServerError, error.Failure);
        Assert.True(error.OutcomeUnknown);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.StatusCode);
        Assert.Equal("maintenance", error.ProviderErrorCode);
        Assert.Equal("op-10", error.IdempotencyKey);
    }

    [Fact]
    public async Task NoAnswerOnAnyTryIsATimeoutWhoseOutcomeIsUnknown()
    {
        Network.Hang().Hang().Hang().Hang();

        var error = await Assert.ThrowsAsync<GatewayException>(() => Client.CreateAsync(Create));

        Assert.Equal(4, Network.Requests.Count);
        Assert.Equal(GatewayFailure.Timeout, error.Failure);
        Assert.True(error.OutcomeUnknown);
        Assert.Null(error.StatusCode);
    }

    [Fact]
    public async Task AProviderThatCannotBeReachedAtAllDidNothing()
    {
        Network.RefuseConnections(4);

        var error = await Assert.ThrowsAsync<GatewayException>(() => Client.CreateAsync(Create));

        Assert.Equal(GatewayFailure.Unreachable, error.Failure);
        Assert.False(error.OutcomeUnknown);
    }

    [Fact]
    public async Task ARefusedConnectionAfterATimedOutTryLeavesTheOutcomeUnknown()
    {
        Network.Hang().RefuseConnections(3);

        var error = await Assert.ThrowsAsync<GatewayException>(() => Client.CreateAsync(Create));

        Assert.Equal(GatewayFailure.Timeout, error.Failure);
        Assert.True(error.OutcomeUnknown);
    }

    [Fact]
    public async Task TheCallersCancellationIsNotDisguisedAsAGatewayFailure()
    {
        using var patient = new TestGateways(s => s["Gateways:ViettelPay:Resilience:AttemptTimeout"] = "00:00:05");
        patient.Network.Hang();
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => patient.Client<ViettelPayClient>().CreateAsync(Create, cancellationToken: cancel.Token));
        Assert.Single(patient.Network.Requests);
    }

    [Fact]
    public async Task TheCircuitBreakerOpensForOneProviderOnly()
    {
        using var breaking = new TestGateways(s =>
        {
            s["Gateways:Bank:Resilience:MaxRetries"] = "0";
            s["Gateways:Bank:Resilience:BreakerMinimumThroughput"] = "2";
        });
        breaking.Network.Answer(HttpStatusCode.InternalServerError).Answer(HttpStatusCode.InternalServerError);
        var bank = breaking.Client<BankGatewayClient>();
        var statusOptions = new BankTransferStatusOptions { BillNumber = "HS1" };
        await Assert.ThrowsAsync<GatewayException>(() => bank.GetStatusAsync(statusOptions));
        await Assert.ThrowsAsync<GatewayException>(() => bank.GetStatusAsync(statusOptions));

        var open = await Assert.ThrowsAsync<GatewayException>(() => bank.GetStatusAsync(statusOptions));
        breaking.Network.Answer(HttpStatusCode.OK, PaymentJson);
        await breaking.Client<ViettelPayClient>().GetStatusAsync(new ViettelPayStatusOptions { OrderId = "PAY-1" });

        Assert.Equal(GatewayFailure.CircuitOpen, open.Failure);
        Assert.False(open.OutcomeUnknown);
        Assert.Equal(2, breaking.Network.Requests.Count(r => r.Uri.Host == "bank.test"));
    }

    public void Dispose() => gateways.Dispose();
}
