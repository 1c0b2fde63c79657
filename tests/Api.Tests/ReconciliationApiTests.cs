using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using MotCua.Api.Tests.Infrastructure;

namespace MotCua.Api.Tests;

/// <summary>
/// A day's reconciliation against the sandbox bank's statement, with discrepancies injected into the statement, and a
/// cash agent's settlement. Its own sandbox and MotCua, so no other test's payments share the day.
/// </summary>
public sealed class ReconciliationApiTests(GatewaySandboxFixture fixture) : IClassFixture<GatewaySandboxFixture>
{
    private readonly PaymentApiKit _kit = fixture.Kit;

    [Fact]
    public async Task EveryInjectedStatementDiscrepancyIsReportedAndAResolutionIsLedgeredOnce()
    {
        var paid = new List<(JsonNode Payment, string Transaction)>();
        foreach (var amount in new[] { 11_000L, 12_000L, 13_000L })
        {
            var code = await _kit.DossierAwaitingFeesAsync(PaymentApiKit.NewCitizen(), ("charge", amount));
            var payment = await _kit.CreatePaymentAsync(code, "vietqr");
            var transfer = await fixture.Sandbox.PostAsJsonAsync("/sandbox/bank/transfers",
                new { billNumber = (string)payment["reference"]!, amount, description = code });
            var answer = JsonNode.Parse(await transfer.Content.ReadAsStringAsync())!;
            paid.Add((payment, (string)answer["payment"]!["transactionId"]!));
        }

        var day = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(7)).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        await fixture.FaultsAsync("bank", new
        {
            statement = new
            {
                missing = new[] { paid[0].Transaction },
                amountMismatch = new[] { new { match = paid[1].Transaction, delta = 500 } },
                extra = new[] { new { date = day, amount = 9_999, reference = "ZZEXTRA1" } },
            },
        });

        var report = await ApiClient.JsonAsync(await _kit.Operator.GetAsync($"/v1/reconciliation/{day}"), HttpStatusCode.OK);

        var bank = report["providers"]!.AsArray().Single(p => (string?)p!["provider"] == "bank")!;
        Assert.True((bool?)bank["available"]);
        Assert.Equal(1, (int?)bank["matched"]);
        var found = bank["discrepancies"]!.AsArray().ToDictionary(d => (string)d!["kind"]!, d => d!);
        Assert.Equal(3, found.Count);
        Assert.Equal(paid[0].Transaction, (string?)found["missing_at_provider"]["transactionId"]);
        Assert.Equal((string?)paid[0].Payment["id"], (string?)found["missing_at_provider"]["paymentId"]);
        Assert.Equal(11_000, (long?)found["missing_at_provider"]["ledgerAmount"]);
        Assert.Equal(12_000, (long?)found["amount_mismatch"]["ledgerAmount"]);
        Assert.Equal(12_500, (long?)found["amount_mismatch"]["providerAmount"]);
        Assert.Equal("ZZEXTRA1", (string?)found["missing_in_motcua"]["reference"]);
        Assert.Equal(9_999, (long?)found["missing_in_motcua"]["providerAmount"]);
        Assert.Equal(3, (int?)report["discrepancyCount"]);

        var mismatch = (string)found["amount_mismatch"]["transactionId"]!;
        JsonNode? resolved = null;
        for (var attempt = 0; attempt < 2; attempt++)
        {
            resolved = await ApiClient.JsonAsync(await _kit.Operator.PostAsync($"/v1/reconciliation/{day}/resolutions",
                new { provider = "bank", transactionId = mismatch, note = "Ngân hàng ghi thừa 500 đ" }), HttpStatusCode.OK);
        }

        await fixture.FaultsAsync("bank", new { });
        var shown = resolved!["discrepancies"]!.AsArray().Single(d => (string?)d!["transactionId"] == mismatch)!;
        Assert.Contains("Ngân hàng ghi thừa 500 đ", (string?)shown["resolution"], StringComparison.Ordinal);

        var audit = await _kit.AuditAsync();
        Assert.Equal(0, (long?)audit["total"]);
        Assert.Equal(-500, PaymentApiKit.Account(audit, "suspense:bank"));
    }

    [Fact]
    public async Task AnAgentDeclaresTheOpenWindowAndTheRemittanceIsLedgeredWhenTheOperatorConfirmsReceipt()
    {
        var first = await _kit.CreatePaymentAsync(await _kit.DossierAwaitingFeesAsync(PaymentApiKit.NewCitizen(), ("charge", 21_000)), "cash");
        var second = await _kit.CreatePaymentAsync(await _kit.DossierAwaitingFeesAsync(PaymentApiKit.NewCitizen(), ("fee", 22_000)), "cash");
        await _kit.CollectAsync(first);
        await _kit.CollectAsync(second);
        var before = await ApiClient.JsonAsync(await _kit.Agent.GetAsync("/v1/channels/vnpost:HN-0001"), HttpStatusCode.OK);
        var treasuryBefore = PaymentApiKit.Account(await _kit.AuditAsync(), "treasury");
        var body = new { amount = (long)before["openWindow"]!["total"]!, remittanceReference = "UNC-HN0001-01" };

        var key = Guid.NewGuid().ToString();
        var settled = await ApiClient.JsonAsync(await _kit.Agent.PostAsync("/v1/channels/vnpost:HN-0001/settlements", body, key), HttpStatusCode.Created);
        var replayed = await ApiClient.JsonAsync(await _kit.Agent.PostAsync("/v1/channels/vnpost:HN-0001/settlements", body, key), HttpStatusCode.Created);

        Assert.Equal((int?)before["openWindow"]!["number"], (int?)settled["number"]);
        Assert.Equal((int?)before["openWindow"]!["count"], (int?)settled["count"]);
        Assert.Equal((long?)before["openWindow"]!["total"], (long?)settled["total"]);
        Assert.Contains(settled["collections"]!.AsArray(), c => (string?)c!["paymentId"] == (string?)second["id"]);
        Assert.Equal(("declared", false), ((string?)settled["status"], (bool?)settled["ledgered"]));
        Assert.Equal(settled.ToJsonString(), replayed.ToJsonString());
        var declared = await ApiClient.JsonAsync(await _kit.Agent.GetAsync("/v1/channels/vnpost:HN-0001"), HttpStatusCode.OK);
        Assert.Equal((long?)before["position"], (long?)declared["position"]);
        Assert.Equal(0, (int?)declared["openWindow"]!["count"]);
        Assert.Equal((int)settled["number"]! + 1, (int?)declared["openWindow"]!["number"]);
        Assert.Equal(treasuryBefore, PaymentApiKit.Account(await _kit.AuditAsync(), "treasury"));

        var received = await ApiClient.JsonAsync(await _kit.Operator.PostAsync($"/v1/channels/vnpost:HN-0001/settlements/{settled["id"]}/confirm", null),
            HttpStatusCode.OK);

        Assert.Equal(("received", true), ((string?)received["status"], (bool?)received["ledgered"]));
        var after = await ApiClient.JsonAsync(await _kit.Agent.GetAsync("/v1/channels/vnpost:HN-0001"), HttpStatusCode.OK);
        Assert.Equal((long)before["position"]! - (long)settled["total"]!, (long?)after["position"]);
        var audit = await _kit.AuditAsync();
        Assert.Equal((long)settled["total"]!, PaymentApiKit.Account(audit, "treasury") - treasuryBefore);
        Assert.Equal((long?)after["position"], PaymentApiKit.Account(audit, "clearing:vnpost:HN-0001"));
        Assert.Equal(0, (long?)audit["total"]);
        var otherAgent = fixture.Factory.CreateClient();
        otherAgent.DefaultRequestHeaders.Authorization = new("Bearer", MotCuaFactory.OtherAgentKey);
        await ApiClient.ProblemAsync(await new ApiClient(otherAgent).PostAsync("/v1/channels/vnpost:HN-0001/settlements", body),
            HttpStatusCode.Forbidden, "forbidden");
    }
}
