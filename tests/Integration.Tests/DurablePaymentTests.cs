using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using MotCua.Integration.Tests.Infrastructure;
using MotCua.Sandbox;

namespace MotCua.Integration.Tests;

/// <summary>
/// Payments on PostgreSQL with a real silo process and the payment sandbox as a real HTTP server: every method, the
/// same fee paid twice, a seeded random run, and a kill -9 in the middle; the ledger audit stays 0 throughout.
/// </summary>
[Collection("postgres")]
public sealed class DurablePaymentTests(PostgresServer postgres)
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private const string Citizen = "001089001234";

    [Fact]
    public async Task FeesPaidByWalletCashAndVietQrNotificationAndTwiceOverSurviveAKillWithTheLedgerAtZero()
    {
        var database = await postgres.CreateDatabaseAsync($"pay_{Guid.NewGuid():N}"[..20]);
        var ports = SiloPorts.Free();
        var cluster = $"pay-{Guid.NewGuid():N}";
        await using var sandbox = SandboxApp.Build(["--urls", "http://127.0.0.1:0", "--Sandbox:CallbackBaseUrl", $"http://127.0.0.1:{ports.Http}/"]);
        await sandbox.StartAsync();
        using var control = new HttpClient { BaseAddress = new Uri(sandbox.Urls.First()) };
        var settings = GatewaySettings(control.BaseAddress);
        var acknowledged = new Dictionary<string, string>();

        await using (var silo = SiloProcess.Start("payments", database, ports, cluster, settings))
        {
            await silo.WaitReadyAsync(StartTimeout);
            using var portal = silo.ClientFor("dev-portal");
            using var officer = silo.ClientFor("dev-officer-SXD");
            using var agent = silo.ClientFor("dev-agent-vnpost-HN0001");
            using var operatorKey = silo.ClientFor("dev-operator");

            // From the wallet.
            await portal.PostAsync($"/v1/wallets/{Citizen}/top-ups", new { amount = 5_000_000 }, "top-up-1").ExpectAsync(HttpStatusCode.Created);
            var walletCode = await DossierAsync(portal, officer, "wallet", 50_000);
            var wallet = await portal.PostAsync("/v1/payments", new { dossierCode = walletCode, method = "wallet" }, "pay-wallet").ExpectAsync(HttpStatusCode.Created);
            Assert.Equal("succeeded", (string?)wallet["status"]);

            // In cash.
            var cashCode = await DossierAsync(portal, officer, "cash", 40_000);
            var cash = await portal.PostAsync("/v1/payments", new { dossierCode = cashCode, method = "cash" }, "pay-cash").ExpectAsync(HttpStatusCode.Created);
            await agent.PostAsync("/v1/channels/vnpost:HN-0001/collections",
                new { reference = (string)cash["reference"]!, amount = 40_000, receiptNumber = "BL-1" }, "col-cash").ExpectAsync(HttpStatusCode.Created);

            // By VietQR, paid by the bank's signed notification.
            var qrCode = await DossierAsync(portal, officer, "qr", 30_000);
            var qr = await portal.PostAsync("/v1/payments", new { dossierCode = qrCode, method = "vietqr" }, "pay-qr").ExpectAsync(HttpStatusCode.Created);
            await TransferAsync(control, (string)qr["reference"]!, 30_000);
            var qrPaid = await portal.GetAsync($"/v1/payments/{qr["id"]}").ExpectAsync(HttpStatusCode.OK);
            Assert.Equal("succeeded", (string?)qrPaid["status"]);

            // The same fee twice: in cash, then by QR. The cash is kept, the QR payment cancelled when the cash paid the fee,
            // the transfer to it afterwards returned by the bank, and the dossier lists both.
            var twiceCode = await DossierAsync(portal, officer, "twice", 20_000);
            var twiceQr = await portal.PostAsync("/v1/payments", new { dossierCode = twiceCode, method = "vietqr" }, "pay-twice-qr").ExpectAsync(HttpStatusCode.Created);
            var twiceCash = await portal.PostAsync("/v1/payments", new { dossierCode = twiceCode, method = "cash" }, "pay-twice-cash").ExpectAsync(HttpStatusCode.Created);
            await agent.PostAsync("/v1/channels/vnpost:HN-0001/collections",
                new { reference = (string)twiceCash["reference"]!, amount = 20_000, receiptNumber = "BL-2" }, "col-twice").ExpectAsync(HttpStatusCode.Created);
            await TransferAsync(control, (string)twiceQr["reference"]!, 20_000);
            var twice = await portal.GetAsync($"/v1/dossiers/{twiceCode}").ExpectAsync(HttpStatusCode.OK);
            var statuses = twice["payments"]!.AsArray().ToDictionary(p => (string)p!["id"]!, p => (string)p!["status"]!);
            Assert.Equal("succeeded", statuses[(string)twiceCash["id"]!]);
            Assert.Equal("cancelled", statuses[(string)twiceQr["id"]!]);
            var returned = await portal.GetAsync($"/v1/payments/{twiceQr["id"]}").ExpectAsync(HttpStatusCode.OK);
            Assert.Equal(("refunded_at_provider", true), ((string?)returned["refunds"]![0]!["payout"], (bool?)returned["refunds"]![0]!["unapplied"]));

            // A seeded random run of top-ups, wallet and cash payments, cancellations and refunds.
            var seed = Environment.TickCount;
            var random = new Random(seed);
            for (var i = 0; i < 40; i++)
            {
                var code = await DossierAsync(portal, officer, $"r{i}", 1_000 * random.Next(1, 50));
                var method = random.Next(3) switch { 0 => "wallet", 1 => "cash", _ => "vietqr" };
                var payment = await portal.PostAsync("/v1/payments", new { dossierCode = code, method }, $"pay-r{i}").ExpectAsync(HttpStatusCode.Created);
                var amount = (long)payment["amount"]!;
                switch (method, random.Next(3))
                {
                    case ("cash", < 2):
                        await agent.PostAsync("/v1/channels/vnpost:HN-0001/collections",
                            new { reference = (string)payment["reference"]!, amount, receiptNumber = $"BL-R{i}" }, $"col-r{i}").ExpectAsync(HttpStatusCode.Created);
                        break;
                    case ("vietqr", < 2):
                        await TransferAsync(control, (string)payment["reference"]!, amount);
                        break;
                    case (not "wallet", _):
                        await portal.PostAsync($"/v1/payments/{payment["id"]}/cancel", null, $"cancel-r{i}").ExpectAsync(HttpStatusCode.OK);
                        break;
                    default:
                        await operatorKey.PostAsync($"/v1/payments/{payment["id"]}/refunds", new { amount = amount / 2 + 1, reason = "Thu thừa" }, $"refund-r{i}")
                            .ExpectAsync(HttpStatusCode.Created);
                        break;
                }

                if (i % 10 == 9)
                {
                    // Declared with the open window's total, then received: only the receipt ledgers it to the treasury.
                    var open = await agent.GetAsync("/v1/channels/vnpost:HN-0001").ExpectAsync(HttpStatusCode.OK);
                    var declared = await agent.PostAsync("/v1/channels/vnpost:HN-0001/settlements",
                        new { amount = (long)open["openWindow"]!["total"]!, remittanceReference = $"UNC-R{i}" }, $"settle-r{i}").ExpectAsync(HttpStatusCode.Created);
                    await operatorKey.PostAsync($"/v1/channels/vnpost:HN-0001/settlements/{declared["id"]}/confirm", null, $"receive-r{i}")
                        .ExpectAsync(HttpStatusCode.OK);
                }
            }

            var audit = await operatorKey.GetAsync("/v1/ledger/audit").ExpectAsync(HttpStatusCode.OK);
            Assert.True((long?)audit["total"] == 0, $"seed {seed}: ledger total {audit["total"]}");
            var balance = await portal.GetAsync($"/v1/wallets/{Citizen}").ExpectAsync(HttpStatusCode.OK);
            Assert.True((long)balance["balance"]! == -(long)(audit["accounts"]![$"wallet:{Citizen}"] ?? 0),
                $"seed {seed}: the wallet's balance equals its ledger account");
            foreach (var path in new[] { $"/v1/payments/{wallet["id"]}", $"/v1/payments/{cash["id"]}", $"/v1/payments/{qr["id"]}",
                         $"/v1/payments/{twiceQr["id"]}", $"/v1/payments/{twiceCash["id"]}", $"/v1/dossiers/{twiceCode}", $"/v1/wallets/{Citizen}" })
            {
                acknowledged[path] = await portal.RawAsync(path);
            }

            acknowledged["/v1/ledger/audit"] = (string)audit["total"]!.ToJsonString();
            await silo.KillAsync();
        }

        await using (var again = SiloProcess.Start("payments-again", database, ports, cluster, settings))
        {
            await again.WaitReadyAsync(StartTimeout);
            using var portal = again.ClientFor("dev-portal");
            using var operatorKey = again.ClientFor("dev-operator");
            foreach (var (path, body) in acknowledged.Where(a => a.Key.StartsWith("/v1/payments", StringComparison.Ordinal)
                         || a.Key.StartsWith("/v1/dossiers", StringComparison.Ordinal) || a.Key.StartsWith("/v1/wallets", StringComparison.Ordinal)))
            {
                Assert.Equal(body, await portal.RawAsync(path));
            }

            var audit = await operatorKey.GetAsync("/v1/ledger/audit").ExpectAsync(HttpStatusCode.OK);
            Assert.Equal(0, (long?)audit["total"]);
        }
    }

    private static Dictionary<string, string> GatewaySettings(Uri sandbox)
    {
        var settings = new Dictionary<string, string>();
        foreach (var (provider, section) in new[] { ("bank", "Bank"), ("viettelpay", "ViettelPay"), ("vnptpay", "VnptPay") })
        {
            settings[$"Gateways__{section}__BaseUrl"] = new Uri(sandbox, provider + "/").AbsoluteUri;
            settings[$"Gateways__{section}__MerchantId"] = "MOTCUA";
            settings[$"Gateways__{section}__ApiKey"] = $"sk_sandbox_{provider}";
            settings[$"Gateways__{section}__WebhookSecret"] = $"whsec_sandbox_{provider}";
        }

        settings["MotCua__Payments__SandboxCollectionAccounts"] = "true";
        return settings;
    }

    private static async Task<string> DossierAsync(HttpClient portal, HttpClient officer, string tag, long amount)
    {
        var filed = await portal.PostAsync("/v1/dossiers", Http.Filing(), $"file-{tag}").ExpectAsync(HttpStatusCode.Created);
        var code = (string)filed["code"]!;
        await officer.PostAsync($"/v1/dossiers/{code}/accept", null, $"acc-{tag}").ExpectAsync(HttpStatusCode.OK);
        await officer.PostAsync($"/v1/dossiers/{code}/request-payment", Http.Fee(amount), $"fee-{tag}").ExpectAsync(HttpStatusCode.OK);
        return code;
    }

    private static async Task TransferAsync(HttpClient sandbox, string billNumber, long amount)
    {
        var response = await sandbox.PostAsJsonAsync("/sandbox/bank/transfers", new { billNumber, amount, description = billNumber });
        var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.True(response.IsSuccessStatusCode, answer.ToJsonString());
        Assert.Equal(200, (int?)answer["notifications"]![0]!["statusCode"]);
    }
}
