using System.Net;
using MotCua.Gateways.Tests.Infrastructure;
using MotCua.Gateways.ViettelPay;

namespace MotCua.Gateways.Tests;

public sealed class ViettelPayClientTests : IDisposable
{
    private const string PaymentJson = """
        {"orderId":"PAY-1","transactionId":"VTP000042","transAmount":150000,"status":"PENDING",
         "paymentUrl":"https://viettelpay.test/checkout/VTP000042","refundedAmount":0,
         "createdAt":"2025-07-01T09:00:00+07:00","paidAt":null}
        """;

    private readonly TestGateways gateways = new();
    private readonly ViettelPayClient client;

    public ViettelPayClientTests() => client = gateways.Client<ViettelPayClient>();

    [Fact]
    public async Task CreatePostsTheOrderWithCredentialsAndTheCallersIdempotencyKey()
    {
        gateways.Network.Answer(HttpStatusCode.Created, PaymentJson);

        await client.CreateAsync(
            new ViettelPayCreateOptions { OrderId = "PAY-1", Amount = 150_000, Description = "Le phi cap phep", ReturnUrl = new Uri("https://portal.test/back") },
            new RequestOptions { IdempotencyKey = "op-123" });

        var request = Assert.Single(gateways.Network.Requests);
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("https://viettelpay.test/v2/payments", request.Uri.AbsoluteUri);
        Assert.Equal("Bearer sk_test_viettelpay", request.Header("Authorization"));
        Assert.Equal("MOTCUA-HN", request.Header("X-Merchant-Id"));
        Assert.Equal("op-123", request.Header("Idempotency-Key"));
        Assert.Equal("application/json; charset=utf-8", request.ContentType);
        Assert.Equal("""{"orderId":"PAY-1","transAmount":150000,"description":"Le phi cap phep","returnUrl":"https://portal.test/back"}""", request.Body);
    }

    [Fact]
    public async Task CreateReturnsTheRedirectUrlAndTheWalletsTransactionId()
    {
        gateways.Network.Answer(HttpStatusCode.Created, PaymentJson);

        var payment = await client.CreateAsync(new ViettelPayCreateOptions { OrderId = "PAY-1", Amount = 150_000, Description = "Le phi" });

        Assert.Equal(new GatewayPayment(GatewayProviders.ViettelPay, "VTP000042", "PAY-1", 150_000, GatewayPaymentStatus.Pending,
            RedirectUrl: new Uri("https://viettelpay.test/checkout/VTP000042")), payment);
    }

    [Fact]
    public async Task CreateWithoutAKeyMakesOne()
    {
        gateways.Network.Answer(HttpStatusCode.Created, PaymentJson);

        await client.CreateAsync(new ViettelPayCreateOptions { OrderId = "PAY-1", Amount = 150_000, Description = "Le phi" });

        Assert.Matches("^[0-9a-f]{32}$", gateways.Network.Requests[0].Header("Idempotency-Key"));
    }

    [Fact]
    public async Task RequestOptionsOverrideTheConfiguredCredentials()
    {
        gateways.Network.Answer(HttpStatusCode.OK, PaymentJson);

        await client.GetStatusAsync(new ViettelPayStatusOptions { OrderId = "PAY-1" }, new RequestOptions { ApiKey = "sk_other", MerchantId = "MOTCUA-HUE" });

        var request = gateways.Network.Requests[0];
        Assert.Equal("Bearer sk_other", request.Header("Authorization"));
        Assert.Equal("MOTCUA-HUE", request.Header("X-Merchant-Id"));
    }

    [Fact]
    public async Task GetStatusIsAGetByOrderIdWithoutBodyOrIdempotencyKey()
    {
        gateways.Network.Answer(HttpStatusCode.OK, PaymentJson.Replace("\"PENDING\"", "\"PARTIAL_REFUNDED\"").Replace("\"refundedAmount\":0", "\"refundedAmount\":50000")
            .Replace("\"paidAt\":null", "\"paidAt\":\"2025-07-01T09:05:00+07:00\""));

        var payment = await client.GetStatusAsync(new ViettelPayStatusOptions { OrderId = "PAY 1/x" });

        var request = Assert.Single(gateways.Network.Requests);
        Assert.Equal(HttpMethod.Get, request.Method);
        Assert.Equal("https://viettelpay.test/v2/payments/PAY%201%2Fx", request.Uri.AbsoluteUri);
        Assert.Null(request.Body);
        Assert.Null(request.Header("Idempotency-Key"));
        Assert.Equal(GatewayPaymentStatus.PartiallyRefunded, payment.Status);
        Assert.Equal(50_000, payment.RefundedAmount);
        Assert.Equal(new DateTimeOffset(2025, 7, 1, 9, 5, 0, TimeSpan.FromHours(7)), payment.PaidAt);
    }

    [Fact]
    public async Task RefundPostsTheAmountToTheOrdersRefunds()
    {
        gateways.Network.Answer(HttpStatusCode.Created, """
            {"refundId":"RF000007","orderId":"PAY-1","transactionId":"VTP000042","refundAmount":50000,"status":"SUCCESS","createdAt":"2025-07-02T10:00:00+07:00"}
            """);

        var refund = await client.RefundAsync(new ViettelPayRefundOptions { OrderId = "PAY-1", Amount = 50_000, Reason = "paid twice" },
            new RequestOptions { IdempotencyKey = "refund-1" });

        var request = gateways.Network.Requests[0];
        Assert.Equal("https://viettelpay.test/v2/payments/PAY-1/refunds", request.Uri.AbsoluteUri);
        Assert.Equal("""{"refundAmount":50000,"reason":"paid twice"}""", request.Body);
        Assert.Equal("refund-1", request.Header("Idempotency-Key"));
        Assert.Equal(new GatewayRefund(GatewayProviders.ViettelPay, "RF000007", "VTP000042", 50_000,
            new DateTimeOffset(2025, 7, 2, 10, 0, 0, TimeSpan.FromHours(7))), refund);
    }

    [Fact]
    public async Task StatementAsksForTheDayAsYyyyMMddAndSeparatesPaymentsFromRefunds()
    {
        gateways.Network.Answer(HttpStatusCode.OK, """
            {"date":"20250701","records":[
              {"transactionId":"VTP1","orderId":"A","refundId":null,"amount":100000,"type":"PAYMENT","time":"2025-07-01T08:00:00+07:00"},
              {"transactionId":"VTP0","orderId":"B","refundId":"RF9","amount":20000,"type":"REFUND","time":"2025-07-01T09:00:00+07:00"}]}
            """);

        var statement = await client.GetStatementAsync(new DateOnly(2025, 7, 1));

        Assert.Equal("https://viettelpay.test/v2/statements?date=20250701", gateways.Network.Requests[0].Uri.AbsoluteUri);
        Assert.Equal(new DateOnly(2025, 7, 1), statement.Date);
        Assert.Equal(["VTP1", "RF9"], statement.Entries.Select(e => e.EntryId));
        Assert.Equal([StatementEntryKind.Payment, StatementEntryKind.Refund], statement.Entries.Select(e => e.Kind));
        Assert.Equal(80_000, statement.NetAmount);
    }

    [Fact]
    public async Task AnAmountThatIsNotPositiveIsRefusedBeforeAnythingIsSent()
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() =>
            client.CreateAsync(new ViettelPayCreateOptions { OrderId = "PAY-1", Amount = 0, Description = "x" }));
        Assert.Empty(gateways.Network.Requests);
    }

    public void Dispose() => gateways.Dispose();
}
