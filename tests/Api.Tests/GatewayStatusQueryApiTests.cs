using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using MotCua.Api.Tests.Infrastructure;

namespace MotCua.Api.Tests;

/// <summary>
/// Gateway payments whose outcome MotCua must ask for: a lost notification, a provider that does not answer in time.
/// The outcome is never guessed: a payment stays <c>processing</c> until the provider answers.
/// </summary>
public sealed class GatewayStatusQueryApiTests(GatewaySandboxFixture fixture) : IClassFixture<GatewaySandboxFixture>
{
    private static readonly TimeSpan PastTheLifetime = TimeSpan.FromMinutes(91);
    private readonly PaymentApiKit _kit = fixture.Kit;

    [Fact]
    public async Task ATimeoutLeavesThePaymentProcessingUntilAStatusQuerySettlesIt()
    {
        var code = await _kit.DossierAwaitingFeesAsync(PaymentApiKit.NewCitizen(), ("charge", 80_000));
        var payment = await _kit.CreatePaymentAsync(code, "vietqr");
        await fixture.FaultsAsync("bank", new { dropNotifications = 1 });
        var transfer = await fixture.Sandbox.PostAsJsonAsync("/sandbox/bank/transfers",
            new { billNumber = (string)payment["reference"]!, amount = 80_000, description = code });
        Assert.True(transfer.IsSuccessStatusCode);
        Assert.Equal("pending", (string?)(await _kit.GetPaymentAsync(payment))["status"]);

        await fixture.FaultsAsync("bank", new { timeoutNext = 4 });
        fixture.Clock.Advance(PastTheLifetime);
        var unknown = await QueryAsync(payment);

        Assert.Equal("processing", (string?)unknown["status"]);
        Assert.Equal(1, (int?)unknown["statusQuery"]!["attempts"]);
        Assert.Contains("Timeout", (string?)unknown["statusQuery"]!["lastError"], StringComparison.Ordinal);
        Assert.NotNull((string?)unknown["statusQuery"]!["nextAttemptAt"]);
        Assert.Contains(await ProcessingAsync(), p => (string?)p!["id"] == (string?)payment["id"]);
        var waiting = await ApiClient.JsonAsync(await _kit.Portal.GetAsync($"/v1/dossiers/{code}"), HttpStatusCode.OK);
        Assert.Equal("payment_requested", (string?)waiting["status"]);

        await fixture.FaultsAsync("bank", new { });
        var settled = await QueryAsync(payment);

        Assert.Equal("succeeded", (string?)settled["status"]);
        Assert.Null((string?)settled["statusQuery"]!["nextAttemptAt"]);
        Assert.NotNull((string?)settled["receiptNumber"]);
        Assert.DoesNotContain(await ProcessingAsync(), p => (string?)p!["id"] == (string?)payment["id"]);
        var paid = await ApiClient.JsonAsync(await _kit.Portal.GetAsync($"/v1/dossiers/{code}"), HttpStatusCode.OK);
        Assert.Equal("processing", (string?)paid["status"]);
        Assert.Equal(0, (long?)(await _kit.AuditAsync())["total"]);
    }

    [Fact]
    public async Task AGatewayPaymentNobodyPaidExpiresOnlyOnceTheProviderSaysNothingWasPaid()
    {
        var code = await _kit.DossierAwaitingFeesAsync(PaymentApiKit.NewCitizen(), ("charge", 20_000));
        var payment = await _kit.CreatePaymentAsync(code, "viettelpay");

        fixture.Clock.Advance(PastTheLifetime);

        Assert.Equal("pending", (string?)(await _kit.GetPaymentAsync(payment))["status"]);
        var expired = await QueryAsync(payment);
        Assert.Equal("expired", (string?)expired["status"]);
        Assert.Contains(expired["history"]!.AsArray(), e => ((string?)e!["detail"] ?? "").Contains("reports nothing paid", StringComparison.Ordinal));
        var dossier = await ApiClient.JsonAsync(await _kit.Portal.GetAsync($"/v1/dossiers/{code}"), HttpStatusCode.OK);
        Assert.Equal("expired", (string?)dossier["payments"]!.AsArray().Single(p => (string?)p!["id"] == (string?)payment["id"])!["status"]);
        Assert.Contains(dossier["history"]!.AsArray(), e => (string?)e!["type"] == "dossier.payment_expired");
    }

    private async Task<JsonNode> QueryAsync(JsonNode payment) =>
        await ApiClient.JsonAsync(await _kit.Operator.PostAsync($"/v1/payments/{payment["id"]}/status-query", null), HttpStatusCode.OK);

    private async Task<JsonArray> ProcessingAsync() =>
        (await ApiClient.JsonAsync(await _kit.Operator.GetAsync("/v1/payments?status=processing"), HttpStatusCode.OK))["items"]!.AsArray();
}
