using System.Net;
using MotCua.Integration.Tests.Infrastructure;

namespace MotCua.Integration.Tests;

/// <summary>Durable mode on PostgreSQL with real silo processes: killed, restarted, stopped.</summary>
[Collection("postgres")]
public sealed class DurableModeTests(PostgresServer postgres)
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task AcknowledgedStateSurvivesKillingTheSiloAndRestartingIt()
    {
        var database = await postgres.CreateDatabaseAsync($"kill_{Guid.NewGuid():N}"[..20]);
        var ports = SiloPorts.Free();
        var cluster = $"kill-{Guid.NewGuid():N}";
        var acknowledged = new Dictionary<string, string>();
        string pendingReference;
        string pendingCode;

        await using (var silo = SiloProcess.Start("first", database, ports, cluster))
        {
            await silo.WaitReadyAsync(StartTimeout);
            using var portal = silo.ClientFor("dev-portal");
            using var officer = silo.ClientFor("dev-officer-SXD");
            using var agent = silo.ClientFor("dev-agent-vnpost-HN0001");

            // A dossier paid in cash, one waiting for its cash, one just filed.
            var paidCode = await FileAcceptAndAskFeeAsync(portal, officer, "paid", 75_000);
            var paid = await portal.PostAsync("/v1/payments", new { dossierCode = paidCode, method = "cash" }, "pay-paid").ExpectAsync(HttpStatusCode.Created);
            await agent.PostAsync("/v1/channels/vnpost:HN-0001/collections",
                new { reference = (string)paid["reference"]!, amount = 75_000, receiptNumber = "BL-1" }, "col-paid").ExpectAsync(HttpStatusCode.Created);
            pendingCode = await FileAcceptAndAskFeeAsync(portal, officer, "pending", 30_000);
            var pending = await portal.PostAsync("/v1/payments", new { dossierCode = pendingCode, method = "cash" }, "pay-pending").ExpectAsync(HttpStatusCode.Created);
            pendingReference = (string)pending["reference"]!;
            var filed = await portal.PostAsync("/v1/dossiers", Http.Filing(), "file-only").ExpectAsync(HttpStatusCode.Created);

            foreach (var path in new[]
                     {
                         $"/v1/dossiers/{paidCode}", $"/v1/dossiers/{pendingCode}", $"/v1/dossiers/{filed["code"]}",
                         $"/v1/payments/{paid["id"]}", $"/v1/payments/{pending["id"]}",
                     })
            {
                acknowledged[path] = await portal.RawAsync(path);
            }

            acknowledged["channel"] = await agent.RawAsync("/v1/channels/vnpost:HN-0001");
            await silo.KillAsync();
        }

        await using (var again = SiloProcess.Start("restarted", database, ports, cluster))
        {
            await again.WaitReadyAsync(StartTimeout);
            using var portal = again.ClientFor("dev-portal");
            using var agent = again.ClientFor("dev-agent-vnpost-HN0001");
            foreach (var (path, body) in acknowledged.Where(a => a.Key != "channel"))
            {
                Assert.Equal(body, await portal.RawAsync(path));
            }

            Assert.Equal(acknowledged["channel"], await agent.RawAsync("/v1/channels/vnpost:HN-0001"));

            // The idempotency records survived too: a replay answers as before, without filing again.
            using var replay = await portal.PostAsync("/v1/dossiers", Http.Filing(), "file-only");
            Assert.Equal(HttpStatusCode.Created, replay.StatusCode);
            Assert.Equal("true", Assert.Single(replay.Headers.GetValues("Idempotent-Replayed")));
            Assert.Equal(acknowledged[replay.Headers.Location!.OriginalString], await replay.Content.ReadAsStringAsync());

            // And the work goes on where it stopped.
            await agent.PostAsync("/v1/channels/vnpost:HN-0001/collections",
                new { reference = pendingReference, amount = 30_000, receiptNumber = "BL-2" }, "col-pending").ExpectAsync(HttpStatusCode.Created);
            var dossier = await portal.GetAsync($"/v1/dossiers/{pendingCode}").ExpectAsync(HttpStatusCode.OK);
            Assert.Equal("processing", (string?)dossier["status"]);
        }
    }

    [Fact]
    public async Task TwoSilosShareStateAndAStoppedSilosGrainsReactivateOnTheOther()
    {
        var database = await postgres.CreateDatabaseAsync($"two_{Guid.NewGuid():N}"[..20]);
        var cluster = $"two-{Guid.NewGuid():N}";
        await using var first = SiloProcess.Start("first", database, SiloPorts.Free(), cluster);
        await first.WaitReadyAsync(StartTimeout);
        await using var second = SiloProcess.Start("second", database, SiloPorts.Free(), cluster);
        await second.WaitReadyAsync(StartTimeout);
        using var portalOnFirst = first.ClientFor("dev-portal");
        using var portalOnSecond = second.ClientFor("dev-portal");
        using var officerOnSecond = second.ClientFor("dev-officer-SXD");

        var codes = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            var filed = await portalOnFirst.PostAsync("/v1/dossiers", Http.Filing(), $"two-{i}").ExpectAsync(HttpStatusCode.Created);
            codes.Add((string)filed["code"]!);
        }

        var throughFirst = new Dictionary<string, string>();
        foreach (var code in codes)
        {
            throughFirst[code] = await portalOnFirst.RawAsync($"/v1/dossiers/{code}");
            Assert.Equal(throughFirst[code], await portalOnSecond.RawAsync($"/v1/dossiers/{code}"));
        }

        await first.StopAsync(TimeSpan.FromSeconds(60));

        foreach (var code in codes)
        {
            Assert.Equal(throughFirst[code], await portalOnSecond.RawAsync($"/v1/dossiers/{code}"));
            var accepted = await officerOnSecond.PostAsync($"/v1/dossiers/{code}/accept", null, $"acc-{code}").ExpectAsync(HttpStatusCode.OK);
            Assert.Equal("accepted", (string?)accepted["status"]);
        }
    }

    private static async Task<string> FileAcceptAndAskFeeAsync(HttpClient portal, HttpClient officer, string tag, long amount)
    {
        var filed = await portal.PostAsync("/v1/dossiers", Http.Filing(), $"file-{tag}").ExpectAsync(HttpStatusCode.Created);
        var code = (string)filed["code"]!;
        await officer.PostAsync($"/v1/dossiers/{code}/accept", null, $"acc-{tag}").ExpectAsync(HttpStatusCode.OK);
        await officer.PostAsync($"/v1/dossiers/{code}/request-payment", Http.Fee(amount), $"fee-{tag}").ExpectAsync(HttpStatusCode.OK);
        return code;
    }
}
