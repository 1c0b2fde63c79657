using System.Text;
using MotCua.Gateways.Notifications;

namespace MotCua.Gateways.Tests;

public sealed class PaymentNotificationTests
{
    [Fact]
    public void ABankTransferNoticeIsASucceededPaymentByBillNumber()
    {
        var parsed = Parse(GatewayProviders.Bank, """
            {"eventId":"evt_bank_1","type":"transfer.credited","transactionId":"FT1","billNumber":"HS-1","amount":200000,
             "creditedAt":"2025-07-01T10:00:00+07:00","description":"HS-1 NGUYEN VAN A"}
            """);

        Assert.Equal(new PaymentNotification(GatewayProviders.Bank, "evt_bank_1", "FT1", "HS-1", 200_000, GatewayPaymentStatus.Succeeded,
            new DateTimeOffset(2025, 7, 1, 10, 0, 0, TimeSpan.FromHours(7))), parsed);
    }

    [Fact]
    public void AViettelPayFailureIsAFailedPayment()
    {
        var parsed = Parse(GatewayProviders.ViettelPay, """
            {"eventId":"e2","orderId":"PAY-1","transactionId":"VTP1","transAmount":150000,"status":"FAILED","time":"2025-07-01T10:00:00+07:00"}
            """);

        Assert.Equal(GatewayPaymentStatus.Failed, parsed!.Status);
        Assert.Equal("PAY-1", parsed.Reference);
    }

    [Fact]
    public void AVnptPayPaidOrderIsASucceededPayment()
    {
        var parsed = Parse(GatewayProviders.VnptPay, """
            {"eventId":"e3","merchantOrderId":"PAY-2","vnptTransactionId":"VNPT1","amount":300000,"state":"PAID","occurredAt":"2025-07-01T10:00:00+07:00"}
            """);

        Assert.Equal(GatewayPaymentStatus.Succeeded, parsed!.Status);
        Assert.Equal("VNPT1", parsed.TransactionId);
    }

    [Theory]
    [InlineData("bank", "not json")]
    [InlineData("bank", """{"eventId":"e"}""")]
    [InlineData("bank", """{"eventId":"e","type":"transfer.reversed","transactionId":"FT1","billNumber":"B","amount":1,"creditedAt":"2025-07-01T10:00:00Z","description":null}""")]
    [InlineData("momo", """{"eventId":"e"}""")]
    public void AnythingElseIsNotANotification(string provider, string body) =>
        Assert.Null(Parse(provider, body));

    private static PaymentNotification? Parse(string provider, string body) =>
        PaymentNotification.TryParse(provider, Encoding.UTF8.GetBytes(body), out var notification) ? notification : null;
}
