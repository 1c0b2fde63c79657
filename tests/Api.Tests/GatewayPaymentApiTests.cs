using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using MotCua.Api.Tests.Infrastructure;
using MotCua.Gateways.Notifications;
using MotCua.Gateways.VietQr;
using MotCua.Grains.Interfaces.Payments;

namespace MotCua.Api.Tests;

/// <summary>
/// Fees paid through the payment providers, end to end over HTTP: MotCua's gateway clients against the sandbox server,
/// and the sandbox's signed notifications back into MotCua.
/// </summary>
public sealed class GatewayPaymentApiTests(GatewaySandboxFixture fixture) : IClassFixture<GatewaySandboxFixture>
{
    private readonly PaymentApiKit _kit = fixture.Kit;

    [Fact]
    public async Task AVietQrPaymentWhoseCodeDecodesIsPaidByTheBanksSignedNotification()
    {
        var code = await _kit.DossierAwaitingFeesAsync(PaymentApiKit.NewCitizen(), ("charge", 75_000), ("fee", 25_000));
        var payment = await _kit.CreatePaymentAsync(code, "vietqr");
        var qr = VietQrCodec.Decode((string)payment["vietqr"]!["payload"]!);
        Assert.True(qr.IsDynamic);
        Assert.Equal("970436", qr.BankBin);
        Assert.Equal("SANDBOXSXD", qr.AccountOrCard);
        Assert.Equal(100_000, qr.Amount);
        Assert.Equal((string?)payment["reference"], qr.BillNumber);
        var png = await _kit.Portal.GetAsync($"/v1/payments/{payment["id"]}/qr.png");
        Assert.Equal("image/png", png.Content.Headers.ContentType?.MediaType);
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, (await png.Content.ReadAsByteArrayAsync())[..4]);

        var transfer = await TransferAsync(qr.BillNumber!, 100_000);

        Assert.Equal(200, (int?)transfer["notifications"]![0]!["statusCode"]);
        var paid = await _kit.GetPaymentAsync(payment);
        Assert.Equal("succeeded", (string?)paid["status"]);
        Assert.Equal("bank", (string?)paid["provider"]);
        Assert.Equal((string?)transfer["payment"]!["transactionId"], (string?)paid["providerReference"]);
        Assert.NotNull((string?)paid["receiptNumber"]);
        var dossier = await ApiClient.JsonAsync(await _kit.Portal.GetAsync($"/v1/dossiers/{code}"), HttpStatusCode.OK);
        Assert.Equal("processing", (string?)dossier["status"]);
        Assert.Equal(0, (long?)(await _kit.AuditAsync())["total"]);
    }

    [Fact]
    public async Task ForgedStaleAndUnsignedNotificationsAre401AndChangeNothing()
    {
        var code = await _kit.DossierAwaitingFeesAsync(PaymentApiKit.NewCitizen(), ("charge", 30_000));
        var payment = await _kit.CreatePaymentAsync(code, "vietqr");
        var reference = (string)payment["reference"]!;

        await fixture.FaultsAsync("bank", new { forgedNotifications = 1, staleNotifications = 1 });
        var forged = await TransferAsync(reference, 30_000);
        await fixture.FaultsAsync("bank", new { });

        Assert.Equal(401, (int?)forged["notifications"]![0]!["statusCode"]);
        var body = Encoding.UTF8.GetBytes(
            $$"""{"eventId":"evt_by_hand","type":"transfer.credited","transactionId":"FT_BY_HAND","billNumber":"{{reference}}","amount":30000,"creditedAt":"2026-11-23T10:00:00+07:00","description":"x"}""");
        foreach (var signature in new[] { null, "t=1,v1=" + new string('a', 64),
                     NotificationSignature.Create(body, "whsec_sandbox_bank", DateTimeOffset.UtcNow.AddMinutes(-30)) })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/gateways/bank/notifications") { Content = new ByteArrayContent(body) };
            if (signature is not null)
            {
                request.Headers.TryAddWithoutValidation(NotificationSignature.HeaderName, signature);
            }

            await ApiClient.ProblemAsync(await fixture.Factory.CreateClient().SendAsync(request), HttpStatusCode.Unauthorized, "invalid_signature");
        }

        var unchanged = await _kit.GetPaymentAsync(payment);
        Assert.Equal("pending", (string?)unchanged["status"]);
        Assert.Empty(unchanged["unappliedNotices"]!.AsArray());
    }

    [Theory]
    [InlineData("viettelpay")]
    [InlineData("vnptpay")]
    public async Task AnEWalletPaymentSendsTheCitizenToTheProviderAndSucceedsOnItsNotification(string method)
    {
        var code = await _kit.DossierAwaitingFeesAsync(PaymentApiKit.NewCitizen(), ("charge", 45_000));
        var payment = await _kit.CreatePaymentAsync(code, method);
        var redirect = new Uri((string)payment["redirectUrl"]!);
        Assert.Equal(fixture.Sandbox.BaseAddress!.Authority, redirect.Authority);

        await fixture.FaultsAsync(method, new { duplicateNotifications = 1 });
        var paid = await fixture.Sandbox.PostAsync($"/sandbox/{method}/payments/{payment["id"]}/pay", null);
        await fixture.FaultsAsync(method, new { });

        Assert.True(paid.IsSuccessStatusCode, await paid.Content.ReadAsStringAsync());
        var after = await _kit.GetPaymentAsync(payment);
        Assert.Equal("succeeded", (string?)after["status"]);
        Assert.Equal(method, (string?)after["provider"]);
        Assert.Null((string?)after["redirectUrl"]);
        Assert.Single(after["history"]!.AsArray(), e => (string?)e!["type"] == "payment.succeeded");
    }

    [Fact]
    public async Task CashPaidFirstCancelsTheQrAndATransferToItAfterIsReturnedByTheBank()
    {
        var code = await _kit.DossierAwaitingFeesAsync(PaymentApiKit.NewCitizen(), ("charge", 60_000));
        var qr = await _kit.CreatePaymentAsync(code, "vietqr");
        var cash = await _kit.CreatePaymentAsync(code, "cash");
        var before = await _kit.AuditAsync();

        await _kit.CollectAsync(cash);
        var cancelled = await _kit.GetPaymentAsync(qr);
        Assert.Equal("cancelled", (string?)cancelled["status"]);
        var transfer = await TransferAsync((string)qr["reference"]!, 60_000);

        var kept = await _kit.GetPaymentAsync(cash);
        var returned = await _kit.GetPaymentAsync(qr);
        Assert.Equal("succeeded", (string?)kept["status"]);
        Assert.Equal("cancelled", (string?)returned["status"]);
        Assert.False((bool?)returned["refundDue"]);
        var money = Assert.Single(returned["refunds"]!.AsArray())!;
        Assert.Equal(("refunded_at_provider", true), ((string?)money["payout"], (bool?)money["unapplied"]));
        await AssertRefundedAtProviderAsync("bank", (string)transfer["payment"]!["transactionId"]!, 60_000, (string)money["providerRefundId"]!);
        var dossier = await ApiClient.JsonAsync(await _kit.Portal.GetAsync($"/v1/dossiers/{code}"), HttpStatusCode.OK);
        var listed = dossier["payments"]!.AsArray().ToDictionary(p => (string)p!["id"]!, p => p!);
        Assert.Equal("succeeded", (string?)listed[(string)cash["id"]!]["status"]);
        Assert.Equal("cancelled", (string?)listed[(string)qr["id"]!]["status"]);
        await AssertProviderAccountsUnchangedAsync("bank", before);
    }

    [Fact]
    public async Task ATransferToACancelledVietQrIsReturnedByTheBankAndTheFeeStaysDue()
    {
        var code = await _kit.DossierAwaitingFeesAsync(PaymentApiKit.NewCitizen(), ("charge", 40_000));
        var payment = await _kit.CreatePaymentAsync(code, "vietqr");
        await _kit.CancelAsync(payment);
        var before = await _kit.AuditAsync();

        var transfer = await TransferAsync((string)payment["reference"]!, 40_000);

        var after = await _kit.GetPaymentAsync(payment);
        Assert.Equal("cancelled", (string?)after["status"]);
        var returned = Assert.Single(after["refunds"]!.AsArray())!;
        Assert.True((bool?)returned["unapplied"]);
        Assert.Equal("refunded_at_provider", (string?)returned["payout"]);
        Assert.Equal(0, (long?)after["refundedAmount"]);
        Assert.False((bool?)after["refundDue"]);
        Assert.Contains(after["history"]!.AsArray(), e => (string?)e!["type"] == "payment.money_returned");
        await AssertRefundedAtProviderAsync("bank", (string)transfer["payment"]!["transactionId"]!, 40_000, (string)returned["providerRefundId"]!);
        await AssertProviderAccountsUnchangedAsync("bank", before);
        var dossier = await ApiClient.JsonAsync(await _kit.Portal.GetAsync($"/v1/dossiers/{code}"), HttpStatusCode.OK);
        Assert.Equal("payment_requested", (string?)dossier["status"]);
    }

    [Fact]
    public async Task ASecondTransferForAPaidBillIsReturnedAndTheFirstKept()
    {
        var code = await _kit.DossierAwaitingFeesAsync(PaymentApiKit.NewCitizen(), ("charge", 35_000));
        var payment = await _kit.CreatePaymentAsync(code, "vietqr");
        var before = await _kit.AuditAsync();

        await TransferAsync((string)payment["reference"]!, 35_000);
        var second = await TransferAsync((string)payment["reference"]!, 35_000);

        var after = await _kit.GetPaymentAsync(payment);
        Assert.Equal("succeeded", (string?)after["status"]);
        var returned = Assert.Single(after["refunds"]!.AsArray())!;
        Assert.Equal((string?)second["payment"]!["transactionId"], (string?)returned["providerTransactionId"]);
        await AssertRefundedAtProviderAsync("bank", (string)second["payment"]!["transactionId"]!, 35_000, (string)returned["providerRefundId"]!);
        var audit = await _kit.AuditAsync();
        Assert.Equal(0, (long?)audit["total"]);
        Assert.Equal(35_000L, PaymentApiKit.Account(audit, "clearing:bank") - PaymentApiKit.Account(before, "clearing:bank"));
        Assert.Equal(0, PaymentApiKit.Account(audit, "refunds-payable:bank") - PaymentApiKit.Account(before, "refunds-payable:bank"));
    }

    [Fact]
    public async Task AWrongAmountIsReturnedAndTheRightOnePaysTheFee()
    {
        var code = await _kit.DossierAwaitingFeesAsync(PaymentApiKit.NewCitizen(), ("charge", 50_000));
        var payment = await _kit.CreatePaymentAsync(code, "vietqr");
        var before = await _kit.AuditAsync();

        var wrong = await TransferAsync((string)payment["reference"]!, 5_000);
        var pending = await _kit.GetPaymentAsync(payment);
        Assert.Equal("pending", (string?)pending["status"]);
        await TransferAsync((string)payment["reference"]!, 50_000);

        var after = await _kit.GetPaymentAsync(payment);
        Assert.Equal("succeeded", (string?)after["status"]);
        var returned = Assert.Single(after["refunds"]!.AsArray())!;
        Assert.Equal(5_000, (long?)returned["amount"]);
        await AssertRefundedAtProviderAsync("bank", (string)wrong["payment"]!["transactionId"]!, 5_000, (string)returned["providerRefundId"]!);
        var audit = await _kit.AuditAsync();
        Assert.Equal(0, (long?)audit["total"]);
        Assert.Equal(50_000L, PaymentApiKit.Account(audit, "clearing:bank") - PaymentApiKit.Account(before, "clearing:bank"));
    }

    [Theory]
    [InlineData("viettelpay")]
    [InlineData("vnptpay")]
    public async Task AnEWalletOrderPaidAfterMotCuaCancelledItIsRefundedByTheProvider(string method)
    {
        var code = await _kit.DossierAwaitingFeesAsync(PaymentApiKit.NewCitizen(), ("charge", 45_000));
        var payment = await _kit.CreatePaymentAsync(code, method);
        await _kit.CancelAsync(payment);
        var before = await _kit.AuditAsync();

        var paid = await fixture.Sandbox.PostAsync($"/sandbox/{method}/payments/{payment["id"]}/pay", null);
        Assert.True(paid.IsSuccessStatusCode, await paid.Content.ReadAsStringAsync());

        var after = await _kit.GetPaymentAsync(payment);
        Assert.Equal("cancelled", (string?)after["status"]);
        var returned = Assert.Single(after["refunds"]!.AsArray())!;
        Assert.Equal(("refunded_at_provider", true), ((string?)returned["payout"], (bool?)returned["unapplied"]));
        await AssertRefundedAtProviderAsync(method, (string)payment["id"]!, 45_000, (string)returned["providerRefundId"]!);
        await AssertProviderAccountsUnchangedAsync(method, before);
    }

    /// <summary>The provider's own books show the refund: the sandbox's record of the payment lists it.</summary>
    private async Task AssertRefundedAtProviderAsync(string provider, string id, long amount, string refundId)
    {
        var record = await ApiClient.JsonAsync(await fixture.Sandbox.GetAsync($"/sandbox/{provider}/payments/{id}"), HttpStatusCode.OK);
        var refund = Assert.Single(record["refunds"]!.AsArray())!;
        Assert.Equal((refundId, amount), ((string?)refund["refundId"], (long?)refund["amount"]));
    }

    /// <summary>Nothing stays at the provider or owed through it: what came in went back, and the ledger balances.</summary>
    private async Task AssertProviderAccountsUnchangedAsync(string provider, JsonNode before)
    {
        var after = await _kit.AuditAsync();
        Assert.Equal(0, (long?)after["total"]);
        Assert.Equal(0, PaymentApiKit.Account(after, $"clearing:{provider}") - PaymentApiKit.Account(before, $"clearing:{provider}"));
        Assert.Equal(0, PaymentApiKit.Account(after, $"refunds-payable:{provider}") - PaymentApiKit.Account(before, $"refunds-payable:{provider}"));
    }

    [Fact]
    public async Task ANotificationForNoKnownPaymentIsKeptForReconciliation()
    {
        var stray = "ZZ" + Random.Shared.Next(100_000, 999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);

        var transfer = await TransferAsync(stray, 12_345);

        Assert.Equal(200, (int?)transfer["notifications"]![0]!["statusCode"]);
        var day = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(7));
        var kept = await fixture.Grains.GetGrain<IGatewayInboxGrain>(GatewayInboxes.Key("bank", day)).ListAsync();
        var notice = Assert.Single(kept, n => n.Reference == stray);
        Assert.Equal(12_345, notice.Amount);
        Assert.Equal((string?)transfer["payment"]!["transactionId"], notice.TransactionId);
    }

    private async Task<JsonNode> TransferAsync(string billNumber, long amount)
    {
        var response = await fixture.Sandbox.PostAsJsonAsync("/sandbox/bank/transfers", new { billNumber, amount, description = billNumber });
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return JsonNode.Parse(text)!;
    }
}
