using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using MotCua.Api.Tests.Infrastructure;

namespace MotCua.Api.Tests.Security;

/// <summary>The audit log records who did what; no log line ever holds a key, a secret or a full account number.</summary>
[Collection(SecurityCollection.Name)]
public sealed class AuditAndLogTests(SecurityFixture fixture)
{
    [Fact]
    public async Task AFullFeeFlowIsAuditedAndItsLogsHoldNoSecretsKeysOrAccountNumbers()
    {
        var op = fixture.As(SecurityFactory.OperatorKey);
        var issued = await ApiClient.JsonAsync(await op.PostAsync("/v1/access/keys", new { role = "portal", label = "Cổng DVC" }),
            HttpStatusCode.Created);
        var portalKey = (string)issued["key"]!;
        var portalKeyId = (string)issued["keyId"]!;
        var portal = fixture.As(portalKey);
        var officer = fixture.As(SecurityFactory.OfficerKey);
        var agent = fixture.As(SecurityFactory.AgentKey);

        var filed = await ApiClient.JsonAsync(await portal.PostAsync("/v1/dossiers", new
        {
            procedureCode = "SXD-XD-001", agencyCode = "SXD", receivingCentre = "HN-LOG",
            applicant = new { citizenId = "001089001234", fullName = "Lê Thị Cúc" },
        }), HttpStatusCode.Created);
        var code = (string)filed["code"]!;
        await ApiClient.JsonAsync(await officer.PostAsync($"/v1/dossiers/{code}/accept", null), HttpStatusCode.OK);
        await ApiClient.JsonAsync(await officer.PostAsync($"/v1/dossiers/{code}/request-payment",
            new { items = new[] { new { kind = "charge", name = "Lệ phí", amount = 75000 } } }), HttpStatusCode.OK);
        var qr = await ApiClient.JsonAsync(await portal.PostAsync("/v1/payments", new { dossierCode = code, method = "vietqr" }), HttpStatusCode.Created);
        Assert.Contains(SecurityFactory.AccountNumber, qr.ToJsonString(), StringComparison.Ordinal);
        var cash = await ApiClient.JsonAsync(await portal.PostAsync("/v1/payments", new { dossierCode = code, method = "cash" }), HttpStatusCode.Created);
        await ApiClient.JsonAsync(await agent.GetAsync($"/v1/payments/by-reference/{cash["reference"]}"), HttpStatusCode.OK);
        await ApiClient.JsonAsync(await agent.PostAsync($"/v1/channels/{SecurityFactory.Channel}/collections",
            new { reference = (string)cash["reference"]!, amount = 75000, receiptNumber = "BL-LOG-1" }), HttpStatusCode.Created);
        await ApiClient.ProblemAsync(await fixture.As(SecurityFactory.OtherAgentKey).GetAsync($"/v1/channels/{SecurityFactory.Channel}"),
            HttpStatusCode.Forbidden, "forbidden");
        await ApiClient.ProblemAsync(await fixture.As(portalKey + "0").GetAsync("/v1/procedures"), HttpStatusCode.Unauthorized, "unauthorized");
        await ApiClient.JsonAsync(await op.PostAsync($"/v1/access/keys/{portalKeyId}/revoke", null), HttpStatusCode.OK);
        await ApiClient.ProblemAsync(await portal.GetAsync($"/v1/dossiers/{code}"), HttpStatusCode.Unauthorized, "unauthorized");

        // The audit log: the filing by the issued key, the officer's acceptance, the refused channel read.
        var today = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(7)).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var entries = await AwaitAuditAsync(op, $"/v1/audit?date={today}&keyId={portalKeyId}&limit=1000",
            e => e.Any(x => (string)x!["route"]! == "/v1/dossiers/{code}" && (string)x["outcome"]! == "unauthenticated"));
        Assert.Contains(entries, e => (string)e!["route"]! == "/v1/dossiers/" && (string)e["method"]! == "POST"
            && (string)e["role"]! == "portal" && (int)e["status"]! == 201 && (string)e["outcome"]! == "ok");
        var accepted = await AwaitAuditAsync(op, $"/v1/audit?date={today}&target={code}&limit=1000",
            e => e.Any(x => ((string)x!["route"]!).EndsWith("/accept", StringComparison.Ordinal)));
        Assert.Contains(accepted, e => (string)e!["keyId"]! == "kid-dev-officer-sxd" && (string)e["role"]! == "officer");
        var refused = await AwaitAuditAsync(op, $"/v1/audit?date={today}&keyId=kid-test-agent-dn0002&outcome=forbidden",
            e => e.Count > 0);
        Assert.Equal(SecurityFactory.Channel, (string?)refused[0]!["target"]);

        // The issued key's entries, two at a time from each page's `next`: the same entries, in the same order.
        var paged = new List<JsonNode?>();
        string? next = null;
        do
        {
            var page = await ApiClient.JsonAsync(await op.GetAsync($"/v1/audit?date={today}&keyId={portalKeyId}&limit=2"
                + (next is null ? "" : "&before=" + next)), HttpStatusCode.OK);
            paged.AddRange((JsonArray)page["entries"]!);
            next = (string?)page["next"];
        }
        while (next is not null);

        Assert.Equal(entries.Select(e => (string)e!["id"]!), paged.Select(e => (string)e!["id"]!));
        await ApiClient.ProblemAsync(await op.GetAsync($"/v1/audit?date={today}&before=not-a-cursor"), HttpStatusCode.BadRequest,
            "validation_failed");

        var secrets = new Dictionary<string, Regex>
        {
            ["issued key secret"] = new(Regex.Escape(portalKey[^64..])),
            ["issued key"] = new(Regex.Escape(portalKey)),
            ["fixture revoked key"] = new(Regex.Escape(fixture.RevokedKey[^64..])),
            ["collection account number"] = new(Regex.Escape(SecurityFactory.AccountNumber)),
            ["development key"] = new(@"(?<![a-z]-)dev-(portal|officer-SXD|agent-vnpost-HN0001|operator)\b"),
            ["configured key"] = new(Regex.Escape(SecurityFactory.OtherAgentKey) + "|" + Regex.Escape(SecurityFactory.OtherOfficerKey)),
            ["bearer credential"] = new(@"Bearer \S"),
        };
        var lines = fixture.Factory.Logs.Lines.ToList();
        Assert.True(lines.Count > 100, $"Only {lines.Count} log lines were captured: the capture does not work.");
        foreach (var (what, pattern) in secrets)
        {
            var leak = lines.FirstOrDefault(pattern.IsMatch);
            Assert.True(leak is null, $"A log line holds the {what}: {leak}");
        }
    }

    private static async Task<List<JsonNode?>> AwaitAuditAsync(ApiClient op, string path, Func<List<JsonNode?>, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var page = await ApiClient.JsonAsync(await op.GetAsync(path), HttpStatusCode.OK);
            var entries = ((JsonArray)page["entries"]!).ToList();
            if (done(entries))
            {
                return entries;
            }

            Assert.True(DateTime.UtcNow < deadline, $"The audit log did not show the expected entries within 30 s: {page.ToJsonString()}");
            await Task.Delay(100);
        }
    }
}
