using System.Net;
using MotCua.Gateways.Bank;
using MotCua.Gateways.Tests.Infrastructure;

namespace MotCua.Gateways.Tests;

public sealed class BankGatewayClientTests : IDisposable
{
    private readonly TestGateways gateways = new();
    private readonly BankGatewayClient client;

    public BankGatewayClientTests() => client = gateways.Client<BankGatewayClient>();

    [Fact]
    public async Task StatusLooksTransfersUpByBillNumber()
    {
        gateways.Network.Answer(HttpStatusCode.OK, """
            {"billNumber":"HS-2025-0001","transfers":[
              {"transactionId":"FT1","billNumber":"HS-2025-0001","amount":200000,"status":"credited","refundedAmount":0,"creditedAt":"2025-07-01T10:00:00+07:00","description":"HS-2025-0001 NGUYEN VAN A"},
              {"transactionId":"FT2","billNumber":"HS-2025-0001","amount":200000,"status":"refunded","refundedAmount":200000,"creditedAt":"2025-07-01T10:01:00+07:00","description":null}]}
            """);

        var transfers = await client.GetStatusAsync(new BankTransferStatusOptions { BillNumber = "HS-2025-0001" });

        var request = Assert.Single(gateways.Network.Requests);
        Assert.Equal(HttpMethod.Get, request.Method);
        Assert.Equal("https://bank.test/api/v1/transfers?billNumber=HS-2025-0001", request.Uri.AbsoluteUri);
        Assert.Equal("Bearer sk_test_bank", request.Header("Authorization"));
        Assert.Equal("MOTCUA-HN", request.Header("X-Merchant-Id"));
        Assert.Equal([GatewayPaymentStatus.Succeeded, GatewayPaymentStatus.Refunded], transfers.Select(t => t.Status));
        Assert.All(transfers, t => Assert.Equal("HS-2025-0001", t.Reference));
    }

    [Fact]
    public async Task RefundPostsToTheTransfersRefundsWithTheKey()
    {
        gateways.Network.Answer(HttpStatusCode.Created, """
            {"refundId":"RF3","transactionId":"FT2","amount":200000,"status":"completed","createdAt":"2025-07-01T11:00:00+07:00"}
            """);

        var refund = await client.RefundAsync(new BankRefundOptions { TransactionId = "FT2", Amount = 200_000, Reason = "Paid twice" },
            new RequestOptions { IdempotencyKey = "refund:PAY-1:2" });

        var request = gateways.Network.Requests[0];
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("https://bank.test/api/v1/transfers/FT2/refunds", request.Uri.AbsoluteUri);
        Assert.Equal("refund:PAY-1:2", request.Header("Idempotency-Key"));
        Assert.Equal("""{"amount":200000,"reason":"Paid twice"}""", request.Body);
        Assert.Equal("RF3", refund.RefundId);
    }

    [Fact]
    public async Task StatementMapsCreditsAndDebits()
    {
        gateways.Network.Answer(HttpStatusCode.OK, """
            {"date":"2025-07-01","entries":[
              {"entryId":"FT1","transactionId":"FT1","reference":"HS1","amount":200000,"type":"credit","bookedAt":"2025-07-01T10:00:00+07:00"},
              {"entryId":"RF3","transactionId":"FT2","reference":"HS1","amount":200000,"type":"debit","bookedAt":"2025-07-01T11:00:00+07:00"}]}
            """);

        var statement = await client.GetStatementAsync(new DateOnly(2025, 7, 1));

        Assert.Equal("https://bank.test/api/v1/statements/2025-07-01", gateways.Network.Requests[0].Uri.AbsoluteUri);
        Assert.Equal([StatementEntryKind.Payment, StatementEntryKind.Refund], statement.Entries.Select(e => e.Kind));
        Assert.Equal(0, statement.NetAmount);
    }

    public void Dispose() => gateways.Dispose();
}
