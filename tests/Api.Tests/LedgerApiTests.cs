using System.Net;
using System.Text.Json.Nodes;
using MotCua.Api.Tests.Infrastructure;
using Xunit.Abstractions;

namespace MotCua.Api.Tests;

[Collection(ApiCollection.Name)]
public sealed class LedgerApiTests(MotCuaFactory factory, ITestOutputHelper output)
{
    private readonly PaymentApiKit _kit = new(factory);

    [Fact]
    public async Task TheAuditIsForOperatorsOnly()
    {
        await ApiClient.ProblemAsync(await _kit.Portal.GetAsync("/v1/ledger/audit"), HttpStatusCode.Forbidden, "forbidden");
        var audit = await _kit.AuditAsync();

        Assert.Equal(0, (long)audit["total"]!);
        Assert.True((bool)audit["balanced"]!);
        Assert.Equal(16, (int)audit["shards"]!);
    }

    [Fact]
    public async Task TheLedgerAuditIsZeroAfterARandomizedRunOfThousandsOfRequests()
    {
        var random = new Random(20260302);
        var citizens = Enumerable.Range(0, 5).Select(_ => PaymentApiKit.NewCitizen()).ToList();
        var topUps = citizens.ToDictionary(c => c, _ => 0L);
        var dossiers = new List<(string Code, string Citizen)>();
        var payments = new List<JsonNode>();
        var keys = new List<(string Path, object Body, string Key, ApiClient Client)>();
        var statuses = new Dictionary<int, int>();
        var requests = 0;

        async Task<HttpResponseMessage> PostAsync(ApiClient client, string path, object body)
        {
            var key = Guid.NewGuid().ToString();
            keys.Add((path, body, key, client));
            requests++;
            var response = await client.PostAsync(path, body, key);
            statuses[(int)response.StatusCode] = statuses.GetValueOrDefault((int)response.StatusCode) + 1;
            Assert.True((int)response.StatusCode < 500, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            return response;
        }

        while (requests < 2_000)
        {
            var roll = random.Next(100);
            if (roll < 8 || dossiers.Count == 0)
            {
                var citizen = citizens[random.Next(citizens.Count)];
                dossiers.Add((await _kit.DossierAwaitingFeesAsync(citizen, ("charge", random.Next(1, 10) * 1_000L)), citizen));
                requests += 3;
            }
            else if (roll < 35)
            {
                var (code, _) = dossiers[dossiers.Count - 1 - random.Next(Math.Min(5, dossiers.Count))];
                var method = new[] { "cash", "wallet", "vietqr" }[random.Next(3)];
                var response = await PostAsync(_kit.Portal, "/v1/payments", new { dossierCode = code, method });
                if (response.StatusCode == HttpStatusCode.Created)
                {
                    payments.Add(JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
                }
            }
            else if (roll < 50 && payments.Count > 0)
            {
                var payment = payments[random.Next(payments.Count)];
                if ((string?)payment["method"] == "cash")
                {
                    await PostAsync(_kit.Agent, "/v1/channels/vnpost:HN-0001/collections",
                        new { reference = (string)payment["reference"]!, amount = (long)payment["amount"]!, receiptNumber = "BL-R" });
                }
            }
            else if (roll < 58 && payments.Count > 0)
            {
                await PostAsync(_kit.Portal, $"/v1/payments/{payments[random.Next(payments.Count)]["id"]}/cancel", new { });
            }
            else if (roll < 70 && payments.Count > 0)
            {
                var payment = payments[random.Next(payments.Count)];
                await PostAsync(_kit.Operator, $"/v1/payments/{payment["id"]}/refunds",
                    new { amount = random.Next(1, 6) * 1_000L, reason = "Hoàn tiền" });
            }
            else if (roll < 82)
            {
                var citizen = citizens[random.Next(citizens.Count)];
                var amount = random.Next(1, 10) * 5_000L;
                var response = await PostAsync(_kit.Portal, $"/v1/wallets/{citizen}/top-ups", new { amount });
                Assert.Equal(HttpStatusCode.Created, response.StatusCode);
                topUps[citizen] += amount;
            }
            else if (keys.Count > 0)
            {
                // A replay: the same key and body again, which must change nothing.
                var (path, body, key, client) = keys[random.Next(keys.Count)];
                requests++;
                var replay = await client.PostAsync(path, body, key);
                Assert.True(replay.StatusCode == HttpStatusCode.Conflict || replay.Headers.Contains("Idempotent-Replayed"),
                    $"replay of {path} was not replayed: {(int)replay.StatusCode}");
            }
        }

        output.WriteLine($"{requests} requests, {dossiers.Count} dossiers, {payments.Count} payments; statuses "
            + string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}={s.Value}")));
        var audit = await _kit.AuditAsync();
        Assert.Equal(0, (long)audit["total"]!);
        Assert.True((bool)audit["balanced"]!);
        var final = new List<JsonNode>();
        foreach (var payment in payments)
        {
            final.Add(await _kit.GetPaymentAsync(payment));
        }

        output.WriteLine("payment statuses: " + string.Join(", ", final.GroupBy(p => (string?)p["status"]).Select(g => $"{g.Key}={g.Count()}")));
        foreach (var citizen in citizens)
        {
            var wallet = await _kit.WalletAsync(citizen);
            var kept = final.Where(p => (string?)p["method"] == "wallet" && (string?)p["citizenId"] == citizen
                && (string?)p["status"] is "succeeded" or "partially_refunded" or "refunded")
                .Sum(p => (long)p["amount"]! - (long)p["refundedAmount"]!);
            Assert.Equal(topUps[citizen] - kept, (long)wallet["balance"]!);
            Assert.Equal(-(long)wallet["balance"]!, PaymentApiKit.Account(audit, $"wallet:{citizen}"));
        }

        foreach (var (code, _) in dossiers)
        {
            var dossier = await ApiClient.JsonAsync(await _kit.Operator.GetAsync($"/v1/dossiers/{code}"), HttpStatusCode.OK);
            var mine = final.Where(p => (string?)p["dossierCode"] == code).ToList();
            var applied = mine.Where(p => (string?)p["saga"]!["dossierOutcome"] == "applied").ToList();
            Assert.True(applied.Count <= 1);
            Assert.All(mine.Where(p => (string?)p["saga"]!["dossierOutcome"] == "duplicate"), p => Assert.Equal("refunded", (string?)p["status"]));
            Assert.All(dossier["fees"]!.AsArray(), f => Assert.Equal((string?)applied.SingleOrDefault()?["id"], (string?)f!["paidByPaymentId"]));
        }
    }
}
