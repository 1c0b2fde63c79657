using System.Net;
using MotCua.Api.Tests.Infrastructure;
using MotCua.Gateways.VietQr;

namespace MotCua.Api.Tests;

[Collection(ApiCollection.Name)]
public sealed class PaymentApiTests(MotCuaFactory factory)
{
    private readonly PaymentApiKit _kit = new(factory);

    [Fact]
    public async Task AFeeIsPaidFromAWalletEndToEnd()
    {
        var citizen = PaymentApiKit.NewCitizen();
        var topped = await _kit.TopUpAsync(citizen, 200_000);
        var code = await _kit.DossierAwaitingFeesAsync(citizen, ("fee", 50_000), ("charge", 25_000));

        var payment = await _kit.CreatePaymentAsync(code, "wallet");

        Assert.Equal(200_000, (long)topped["balance"]!);
        Assert.Equal("succeeded", (string?)payment["status"]);
        Assert.Equal(75_000, (long)payment["amount"]!);
        Assert.Equal(["payment.created", "payment.processing", "payment.succeeded"],
            payment["history"]!.AsArray().Select(h => (string?)h!["type"]));
        Assert.Matches(@"^SXD-\d{4}-\d{7}$", (string?)payment["receiptNumber"]);
        Assert.Equal("applied", (string?)payment["saga"]!["dossierOutcome"]);
        Assert.True((bool)payment["saga"]!["completed"]!);
        var wallet = await _kit.WalletAsync(citizen);
        Assert.Equal((125_000L, 0L, 125_000L), ((long)wallet["balance"]!, (long)wallet["held"]!, (long)wallet["available"]!));
        var dossier = await ApiClient.JsonAsync(await _kit.Portal.GetAsync($"/v1/dossiers/{code}"), HttpStatusCode.OK);
        Assert.Equal("processing", (string?)dossier["status"]);
        Assert.All(dossier["fees"]!.AsArray(), f => Assert.True((bool)f!["paid"]!));
        var audit = await _kit.AuditAsync();
        Assert.Equal(0, (long)audit["total"]!);
        Assert.Equal(-125_000, PaymentApiKit.Account(audit, $"wallet:{citizen}"));
    }

    [Fact]
    public async Task AWalletPaymentTheBalanceCannotCoverEndsFailedAndTakesNothing()
    {
        var citizen = PaymentApiKit.NewCitizen();
        await _kit.TopUpAsync(citizen, 5_000);
        var code = await _kit.DossierAwaitingFeesAsync(citizen, ("charge", 25_000));

        var payment = await _kit.CreatePaymentAsync(code, "wallet");

        Assert.Equal("failed", (string?)payment["status"]);
        Assert.Contains("5000 VND available", (string?)payment["failureReason"], StringComparison.Ordinal);
        Assert.Equal(5_000, (long)(await _kit.WalletAsync(citizen))["available"]!);
    }

    [Fact]
    public async Task AVietQrPaymentReturnsADynamicPayloadForTheAgencysCollectionAccount()
    {
        var code = await _kit.DossierAwaitingFeesAsync(PaymentApiKit.NewCitizen(), ("charge", 75_000));

        var payment = await _kit.CreatePaymentAsync(code, "vietqr");

        Assert.Equal("pending", (string?)payment["status"]);
        var decoded = VietQrCodec.Decode((string)payment["vietqr"]!["payload"]!);
        Assert.True(decoded.IsDynamic);
        Assert.Equal(75_000, decoded.Amount);
        Assert.Equal((string?)payment["reference"], decoded.BillNumber);
        Assert.StartsWith(code, decoded.Purpose, StringComparison.Ordinal);
        // The embedded default runs in Development: the sandbox account, which no bank holds.
        Assert.Equal("970436", decoded.BankBin);
        Assert.Equal("SANDBOXSXD", decoded.AccountOrCard);
    }

    [Theory]
    [InlineData("viettelpay")]
    [InlineData("vnptpay")]
    public async Task EWalletPaymentsAreRefusedWhereNoGatewayIsConfigured(string method)
    {
        var code = await _kit.DossierAwaitingFeesAsync(PaymentApiKit.NewCitizen(), ("charge", 10_000));

        var problem = await ApiClient.ProblemAsync(await _kit.Portal.PostAsync("/v1/payments", new { dossierCode = code, method }),
            HttpStatusCode.Conflict, "gateway_unavailable");

        Assert.Contains(method, (string?)problem["detail"], StringComparison.Ordinal);
        var dossier = await ApiClient.JsonAsync(await _kit.Portal.GetAsync($"/v1/dossiers/{code}"), HttpStatusCode.OK);
        Assert.Empty(dossier["payments"]!.AsArray());
    }

    [Fact]
    public async Task CashForAFeeTheWalletAlreadyPaidIsRefusedAtTheCounterAndNothingIsCounted()
    {
        var citizen = PaymentApiKit.NewCitizen();
        var code = await _kit.DossierAwaitingFeesAsync(citizen, ("charge", 75_000));
        var cash = await _kit.CreatePaymentAsync(code, "cash");
        await _kit.TopUpAsync(citizen, 100_000);
        var channelBefore = await ApiClient.JsonAsync(await _kit.Agent.GetAsync("/v1/channels/vnpost:HN-0001"), HttpStatusCode.OK);
        var wallet = await _kit.CreatePaymentAsync(code, "wallet");

        var refused = await _kit.Agent.PostAsync("/v1/channels/vnpost:HN-0001/collections",
            new { reference = (string)cash["reference"]!, amount = 75_000, receiptNumber = "BL-API-DUP" });

        Assert.Equal("succeeded", (string?)wallet["status"]);
        var problem = await ApiClient.JsonAsync(refused, HttpStatusCode.Conflict);
        Assert.Contains((string?)problem["code"], new[] { "fee_already_paid", "payment_not_collectable" });
        var cancelled = await _kit.GetPaymentAsync(cash);
        Assert.Equal("cancelled", (string?)cancelled["status"]);
        Assert.Empty(cancelled["refunds"]!.AsArray());
        var channel = await ApiClient.JsonAsync(await _kit.Agent.GetAsync("/v1/channels/vnpost:HN-0001"), HttpStatusCode.OK);
        Assert.Equal((long)channelBefore["position"]!, (long)channel["position"]!);
        var dossier = await ApiClient.JsonAsync(await _kit.Operator.GetAsync($"/v1/dossiers/{code}"), HttpStatusCode.OK);
        Assert.All(dossier["fees"]!.AsArray(), f => Assert.Equal((string?)wallet["id"], (string?)f!["paidByPaymentId"]));
        var audit = await _kit.AuditAsync();
        Assert.Equal(0, (long)audit["total"]!);
        Assert.Equal((long)channel["position"]!, PaymentApiKit.Account(audit, "clearing:vnpost:HN-0001"));
    }

    [Fact]
    public async Task APendingPaymentIsCancelledByThePortalAndAReplayReturnsTheSameAnswer()
    {
        var code = await _kit.DossierAwaitingFeesAsync(PaymentApiKit.NewCitizen(), ("charge", 10_000));
        var payment = await _kit.CreatePaymentAsync(code, "cash");
        var key = Guid.NewGuid().ToString();

        var cancelled = await ApiClient.JsonAsync(await _kit.Portal.PostAsync($"/v1/payments/{payment["id"]}/cancel", null, key), HttpStatusCode.OK);
        var replay = await _kit.Portal.PostAsync($"/v1/payments/{payment["id"]}/cancel", null, key);
        var again = await _kit.Portal.PostAsync($"/v1/payments/{payment["id"]}/cancel", new { reason = "đổi ý" });
        var collect = await _kit.Agent.PostAsync("/v1/channels/vnpost:HN-0001/collections",
            new { reference = (string)payment["reference"]!, amount = 10_000, receiptNumber = "BL-X" });

        Assert.Equal("cancelled", (string?)cancelled["status"]);
        Assert.Equal("true", Assert.Single(replay.Headers.GetValues("Idempotent-Replayed")));
        var problem = await ApiClient.ProblemAsync(again, HttpStatusCode.Conflict, "invalid_transition");
        Assert.Equal("cancelled", (string?)problem["currentStatus"]);
        await ApiClient.ProblemAsync(collect, HttpStatusCode.Conflict, "payment_not_collectable");
    }

    [Fact]
    public async Task AnOperatorRefundsPartThenTheRestButNeverMoreThanWasPaid()
    {
        var code = await _kit.DossierAwaitingFeesAsync(PaymentApiKit.NewCitizen(), ("fee", 50_000), ("charge", 25_000));
        var payment = await _kit.CreatePaymentAsync(code, "cash");
        await _kit.CollectAsync(payment);
        var path = $"/v1/payments/{payment["id"]}/refunds";

        var partial = await ApiClient.JsonAsync(await _kit.Operator.PostAsync(path, new { amount = 30_000, reason = "Thu thừa" }), HttpStatusCode.Created);
        var tooMuch = await ApiClient.ProblemAsync(await _kit.Operator.PostAsync(path, new { amount = 45_001, reason = "Thu thừa" }),
            HttpStatusCode.BadRequest, "validation_failed");
        var rest = await ApiClient.JsonAsync(await _kit.Operator.PostAsync(path, new { amount = 45_000, reason = "Hồ sơ bị trả lại" }), HttpStatusCode.Created);
        var more = await _kit.Operator.PostAsync(path, new { amount = 1, reason = "lần nữa" });

        Assert.Equal("partially_refunded", (string?)partial["status"]);
        Assert.Equal(30_000, (long)partial["refundedAmount"]!);
        Assert.NotNull(tooMuch["errors"]!["amount"]);
        Assert.Equal("refunded", (string?)rest["status"]);
        Assert.Equal(75_000, (long)rest["refundedAmount"]!);
        await ApiClient.ProblemAsync(more, HttpStatusCode.Conflict, "invalid_transition");
        Assert.Equal(0, (long)(await _kit.AuditAsync())["total"]!);
    }

    [Fact]
    public async Task ARefundFromAWalletPaymentGoesBackToTheWallet()
    {
        var citizen = PaymentApiKit.NewCitizen();
        await _kit.TopUpAsync(citizen, 80_000);
        var code = await _kit.DossierAwaitingFeesAsync(citizen, ("charge", 60_000));
        var payment = await _kit.CreatePaymentAsync(code, "wallet");
        var key = Guid.NewGuid().ToString();

        var first = await _kit.Operator.PostAsync($"/v1/payments/{payment["id"]}/refunds", new { amount = 20_000, reason = "Giảm lệ phí" }, key);
        var replay = await _kit.Operator.PostAsync($"/v1/payments/{payment["id"]}/refunds", new { amount = 20_000, reason = "Giảm lệ phí" }, key);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await replay.Content.ReadAsStringAsync());
        var refunded = await _kit.GetPaymentAsync(payment);
        Assert.Equal("credited_to_wallet", (string?)refunded["refunds"]![0]!["payout"]);
        Assert.Equal(40_000, (long)(await _kit.WalletAsync(citizen))["balance"]!);
    }

    [Fact]
    public async Task RefundsAreForOperatorsAndCancellationsForPortals()
    {
        var code = await _kit.DossierAwaitingFeesAsync(PaymentApiKit.NewCitizen(), ("charge", 10_000));
        var payment = await _kit.CreatePaymentAsync(code, "cash");

        var portalRefund = await _kit.Portal.PostAsync($"/v1/payments/{payment["id"]}/refunds", new { amount = 1, reason = "x" });
        var operatorCancel = await _kit.Operator.PostAsync($"/v1/payments/{payment["id"]}/cancel", null);
        var badBody = await _kit.Operator.PostAsync($"/v1/payments/{payment["id"]}/refunds", new { amount = 0 });

        await ApiClient.ProblemAsync(portalRefund, HttpStatusCode.Forbidden, "forbidden");
        await ApiClient.ProblemAsync(operatorCancel, HttpStatusCode.Forbidden, "forbidden");
        var problem = await ApiClient.ProblemAsync(badBody, HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal(["amount", "reason"], problem["errors"]!.AsObject().Select(e => e.Key).Order(StringComparer.Ordinal));
    }
}
