using System.Net;
using MotCua.Gateways;
using MotCua.Gateways.Notifications;
using MotCua.Gateways.ViettelPay;
using MotCua.Gateways.VnptPay;
using MotCua.Sandbox.Tests.Infrastructure;

namespace MotCua.Sandbox.Tests;

public sealed class WalletPaymentTests : SandboxTest
{
    [Fact]
    public async Task ACitizenPaysByViettelPayAndMotCuaReceivesASignedSuccess()
    {
        var client = World.Client<ViettelPayClient>();
        var created = await client.CreateAsync(new ViettelPayCreateOptions { OrderId = "PAY-1", Amount = 150_000, Description = "Le phi cap phep xay dung" });

        await World.PayAsync(GatewayProviders.ViettelPay, "PAY-1");

        var received = Assert.Single(World.Receiver.Received);
        Assert.Equal(SignatureStatus.Valid, World.Verify(received).Status);
        Assert.Equal(new PaymentNotification(GatewayProviders.ViettelPay, "evt_viettelpay_000001", created.TransactionId, "PAY-1", 150_000,
            GatewayPaymentStatus.Succeeded, SandboxWorld.Start), received.Parsed);
        Assert.Equal(GatewayPaymentStatus.Succeeded, (await client.GetStatusAsync(new ViettelPayStatusOptions { OrderId = "PAY-1" })).Status);
        Assert.Equal(new Uri(World.BaseUrl, $"/checkout/viettelpay/{created.TransactionId}"), created.RedirectUrl);
    }

    [Fact]
    public async Task AVnptPayOrderPaidOnTheCheckoutPageReturnsTheCitizenAndCanBeRefunded()
    {
        var client = World.Client<VnptPayClient>();
        var created = await client.CreateAsync(new VnptPayCreateOptions
        {
            MerchantOrderId = "PAY-2", Amount = 300_000, OrderInfo = "Phi tham dinh", ReturnUrl = new Uri("https://portal.test/payments/PAY-2"),
        });
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });

        var page = await browser.GetStringAsync(created.RedirectUrl);
        var paid = await browser.PostAsync(new Uri(created.RedirectUrl!, $"/checkout/vnptpay/{created.TransactionId}/pay"), null);
        var refund = await client.RefundAsync(new VnptPayRefundOptions { MerchantOrderId = "PAY-2", Amount = 100_000, Reason = "Mien giam" });
        var after = await client.GetStatusAsync(new VnptPayStatusOptions { MerchantOrderId = "PAY-2" });
        var statement = await client.GetStatementAsync(SandboxWorld.Today);

        Assert.Contains("300,000", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, paid.StatusCode);
        Assert.Equal("https://portal.test/payments/PAY-2", paid.Headers.Location?.AbsoluteUri);
        Assert.Equal(GatewayPaymentStatus.Succeeded, Assert.Single(World.Receiver.Received).Parsed.Status);
        Assert.Equal(GatewayPaymentStatus.PartiallyRefunded, after.Status);
        Assert.Equal(100_000, after.RefundedAmount);
        Assert.Equal([(StatementEntryKind.Payment, 300_000L, created.TransactionId), (StatementEntryKind.Refund, 100_000L, refund.RefundId)],
            statement.Entries.Select(e => (e.Kind, e.Amount, e.EntryId)));
    }

    [Fact]
    public async Task ARefundAboveWhatIsLeftIsRejectedWithTheProvidersCode()
    {
        var client = World.Client<ViettelPayClient>();
        await client.CreateAsync(new ViettelPayCreateOptions { OrderId = "PAY-3", Amount = 50_000, Description = "Le phi" });
        await World.PayAsync(GatewayProviders.ViettelPay, "PAY-3");

        var error = await Assert.ThrowsAsync<GatewayException>(() =>
            client.RefundAsync(new ViettelPayRefundOptions { OrderId = "PAY-3", Amount = 60_000, Reason = "x" }));

        Assert.Equal(GatewayFailure.Rejected, error.Failure);
        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Equal("refund_exceeds_amount", error.ProviderErrorCode);
    }

    [Fact]
    public async Task TheSameOrderIdWithAnotherKeyIsADuplicateNotASecondPayment()
    {
        var client = World.Client<ViettelPayClient>();
        var options = new ViettelPayCreateOptions { OrderId = "PAY-4", Amount = 50_000, Description = "Le phi" };
        await client.CreateAsync(options);

        var error = await Assert.ThrowsAsync<GatewayException>(() => client.CreateAsync(options));

        Assert.Equal("duplicate_order", error.ProviderErrorCode);
        Assert.Equal(1, await World.PaymentCountAsync(GatewayProviders.ViettelPay));
    }

    [Fact]
    public async Task AWrongApiKeyIsRejectedOnceAndNotRetried()
    {
        var error = await Assert.ThrowsAsync<GatewayException>(() => World.Client<VnptPayClient>()
            .GetStatusAsync(new VnptPayStatusOptions { MerchantOrderId = "X" }, new RequestOptions { ApiKey = "sk_wrong" }));

        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
        Assert.Equal("unauthorized", error.ProviderErrorCode);
        Assert.Contains("after 1 try:", error.Message, StringComparison.Ordinal);
    }
}
