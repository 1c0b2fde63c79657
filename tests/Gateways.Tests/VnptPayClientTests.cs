using System.Net;
using MotCua.Gateways.Tests.Infrastructure;
using MotCua.Gateways.VnptPay;

namespace MotCua.Gateways.Tests;

public sealed class VnptPayClientTests : IDisposable
{
    private const string OrderJson = """
        {"merchantOrderId":"PAY-2","vnptTransactionId":"VNPT000009","amount":300000,"state":"CREATED",
         "checkoutUrl":"https://vnptpay.test/checkout/VNPT000009","refundedAmount":0,
         "createdAt":"2025-07-01T09:00:00+07:00","paidAt":null}
        """;

    private readonly TestGateways gateways = new();
    private readonly VnptPayClient client;

    public VnptPayClientTests() => client = gateways.Client<VnptPayClient>();

    [Fact]
    public async Task CreatePostsTheOrderUnderTheConfiguredBasePath()
    {
        gateways.Network.Answer(HttpStatusCode.Created, OrderJson);

        var order = await client.CreateAsync(new VnptPayCreateOptions { MerchantOrderId = "PAY-2", Amount = 300_000, OrderInfo = "Phi tham dinh" },
            new RequestOptions { IdempotencyKey = "op-9" });

        var request = Assert.Single(gateways.Network.Requests);
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("https://vnptpay.test/gw/api/orders", request.Uri.AbsoluteUri);
        Assert.Equal("Bearer sk_test_vnptpay", request.Header("Authorization"));
        Assert.Equal("MOTCUA-HN", request.Header("X-Merchant-Id"));
        Assert.Equal("op-9", request.Header("Idempotency-Key"));
        Assert.Equal("""{"merchantOrderId":"PAY-2","amount":300000,"orderInfo":"Phi tham dinh","returnUrl":null}""", request.Body);
        Assert.Equal("VNPT000009", order.TransactionId);
        Assert.Equal(new Uri("https://vnptpay.test/checkout/VNPT000009"), order.RedirectUrl);
        Assert.Equal(GatewayPaymentStatus.Pending, order.Status);
    }

    [Fact]
    public async Task GetStatusReadsVnptStates()
    {
        gateways.Network.Answer(HttpStatusCode.OK, OrderJson.Replace("CREATED", "PAID").Replace("\"paidAt\":null", "\"paidAt\":\"2025-07-01T09:03:00+07:00\""));

        var order = await client.GetStatusAsync(new VnptPayStatusOptions { MerchantOrderId = "PAY-2" });

        Assert.Equal("https://vnptpay.test/gw/api/orders/PAY-2", gateways.Network.Requests[0].Uri.AbsoluteUri);
        Assert.Equal(GatewayPaymentStatus.Succeeded, order.Status);
    }

    [Fact]
    public async Task RefundPostsTheOrderIdInTheBody()
    {
        gateways.Network.Answer(HttpStatusCode.Created, """
            {"refundId":"RF1","merchantOrderId":"PAY-2","vnptTransactionId":"VNPT000009","amount":300000,"state":"SUCCESS","createdAt":"2025-07-02T10:00:00+07:00"}
            """);

        var refund = await client.RefundAsync(new VnptPayRefundOptions { MerchantOrderId = "PAY-2", Amount = 300_000, Reason = "dossier withdrawn" });

        var request = gateways.Network.Requests[0];
        Assert.Equal("https://vnptpay.test/gw/api/refunds", request.Uri.AbsoluteUri);
        Assert.Equal("""{"merchantOrderId":"PAY-2","amount":300000,"reason":"dossier withdrawn"}""", request.Body);
        Assert.Equal(300_000, refund.Amount);
        Assert.Equal("VNPT000009", refund.TransactionId);
    }

    [Fact]
    public async Task ReconciliationIsFetchedByIsoDate()
    {
        gateways.Network.Answer(HttpStatusCode.OK, """
            {"date":"2025-09-02","transactions":[
              {"vnptTransactionId":"VNPT1","merchantOrderId":"A","refundId":null,"amount":10000,"kind":"SALE","settledAt":"2025-09-02T08:00:00+07:00"}]}
            """);

        var statement = await client.GetStatementAsync(new DateOnly(2025, 9, 2));

        Assert.Equal("https://vnptpay.test/gw/api/reconciliation/2025-09-02", gateways.Network.Requests[0].Uri.AbsoluteUri);
        Assert.Equal(new StatementEntry("VNPT1", "VNPT1", "A", 10_000, StatementEntryKind.Payment, new DateTimeOffset(2025, 9, 2, 8, 0, 0, TimeSpan.FromHours(7))),
            Assert.Single(statement.Entries));
    }

    public void Dispose() => gateways.Dispose();
}
