using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using MotCua.Console.Tests.Infrastructure;

namespace MotCua.Console.Tests;

/// <summary>
/// The operator's service-quality board (issue 21) in headless chromium against a running embedded MotCua: the charts
/// hold the figures the API gives, nothing on the page reads null, undefined or a field name, and an overdue dossier
/// opens from the list. Screenshots are saved under the test output's artifacts/kpi folder.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class KpiBoardBrowserTests(ConsoleFixture fixture)
{
    /// <summary>JSON members of the stats and KPI answers that must never show on the page as text.</summary>
    private static readonly string[] FieldNames =
    [
        "lastEventAt", "lagMs", "eventsApplied", "byStatus", "onTimeRate", "onTimeSettlement", "withApology", "withoutApology",
        "onlinePayments", "onlineAmount", "countShare", "amountShare", "shareFourOrFive", "medianWorkingDays", "p90WorkingDays",
        "overdueDossiers", "promisedAt", "agencyCode", "definition", "indicators",
    ];

    [Fact]
    public async Task AnOperatorSeesTheMonthsChartsDrawnWithTheApisFiguresAndNoNullOrFieldName()
    {
        // Three SXD dossiers finished today: fees paid in cash and from the wallet, rated 5, 4 and 2; the page loads once
        // the projection (fed by the event stream) counts them.
        var month = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(7)).ToString("yyyy-MM", CultureInfo.InvariantCulture);
        var before = await KpiAsync(month);
        await FinishedDossierAsync(5, "cash");
        await FinishedDossierAsync(4, "wallet");
        await FinishedDossierAsync(2, null);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!(Ratings(await KpiAsync(month)) == Ratings(before) + 3 && Paid(await KpiAsync(month)) == Paid(before) + 2))
        {
            Assert.True(DateTime.UtcNow < deadline, "The projection did not count the three dossiers within 30 s");
            await Task.Delay(100);
        }

        var result = await Browser.RunAsync("kpi", new JsonObject
        {
            ["baseUrl"] = fixture.Silo.BaseAddress.ToString(),
            ["operatorKey"] = ConsoleFixture.OperatorKey,
            ["agency"] = "SXD",
            ["fieldNames"] = new JsonArray([.. FieldNames.Select(f => (JsonNode)f)]),
            ["overdue"] = Browser.ToNode(new[]
            {
                new { code = "SXD-260302-0007", status = "processing", promisedAt = "2026-03-09T09:00:00+07:00", apologized = true, dueAt = (string?)"2026-03-13T17:00:00+07:00" },
                new { code = "SXD-260302-0009", status = "accepted", promisedAt = "2026-03-10T09:00:00+07:00", apologized = false, dueAt = (string?)null },
            }),
            ["overdueDossier"] = Browser.ToNode(new
            {
                code = "SXD-260302-0007", status = "processing", dueAt = "2026-03-13T17:00:00+07:00", overdue = true,
                history = new[] { new { at = "2026-03-02T09:00:00+07:00", toStatus = "accepted", reason = (string?)null } },
            }),
        });

        // The API's figures, read after the page drew them (nothing of SXD changes meanwhile).
        var kpi = await ConsoleFixture.ExpectAsync(fixture.Operator.GetAsync($"/v1/kpi/agencies/SXD?month={month}"), HttpStatusCode.OK);
        var board = await ConsoleFixture.ExpectAsync(fixture.Operator.GetAsync($"/v1/kpi/agencies?month={month}"), HttpStatusCode.OK);
        var i = kpi["indicators"]!;
        var charts = result["charts"]!;
        Assert.Equal(month, (string?)result["month"]);

        // Ratings: the distribution, bar by bar, with at least this test's 2, 4 and 5.
        var ratings = charts["kpi-ratings-chart"]!;
        var distribution = i["satisfaction"]!["distribution"]!.AsArray().Select(d => (int)d!["count"]!).ToArray();
        Assert.Equal(distribution, ratings["data"]!.AsArray().Select(d => (int)d!));
        Assert.Equal("1 sao,2 sao,3 sao,4 sao,5 sao", string.Join(",", ratings["labels"]!.AsArray().Select(l => (string?)l)));
        Assert.True(distribution[1] >= 1 && distribution[3] >= 1 && distribution[4] >= 1, $"Ratings drawn: {string.Join(",", distribution)}");
        Assert.Equal(5, (int)ratings["drawn"]!);

        // Online share: online and cash by count, as the API counts them; the wallet payment is online.
        var online = charts["kpi-online-chart"]!;
        var pay = i["onlinePayment"]!;
        Assert.Equal(new[] { (int)pay["onlinePayments"]!, (int)pay["payments"]! - (int)pay["onlinePayments"]! }, online["data"]!.AsArray().Select(d => (int)d!));
        Assert.Equal(new[] { "Trực tuyến", "Tiền mặt" }, online["labels"]!.AsArray().Select(l => (string?)l));
        Assert.True((int)pay["onlinePayments"]! >= 1 && (int)pay["payments"]! >= 2, pay.ToJsonString());

        // Ranking: every agency with a result this month, in the API's order, its rate in percent.
        var ranking = charts["kpi-ranking-chart"]!;
        var ranked = board["agencies"]!.AsArray().Where(a => a!["indicators"]!["onTimeSettlement"]!["rate"] is not null).ToList();
        Assert.Equal(ranked.Select(a => (string?)a!["agencyCode"]), ranking["labels"]!.AsArray().Select(l => (string?)l));
        Assert.Equal(ranked.Select(a => Math.Round((double)a!["indicators"]!["onTimeSettlement"]!["rate"]! * 100, 1)),
            ranking["data"]!.AsArray().Select(d => (double)d!));
        Assert.Contains("SXD", ranking["labels"]!.AsArray().Select(l => (string?)l));

        // The last twelve months, this one last with SXD's rate.
        var trend = charts["kpi-trend-chart"]!;
        Assert.Equal(12, trend["labels"]!.AsArray().Count);
        Assert.Equal($"{month[5..]}/{month[..4]}", (string?)trend["labels"]![11]);
        Assert.Equal(Math.Round((double)i["onTimeSettlement"]!["rate"]! * 100, 1), (double)trend["data"]![11]!);

        // Vietnamese first; no null, undefined or field name (checked in the page), and no camelCase word at all.
        Assert.Contains(result["tiles"]!.AsArray(), tile => ((string?)tile)!.StartsWith("Giải quyết đúng hạn", StringComparison.Ordinal));
        Assert.Empty(result["camelCaseWords"]!.AsArray());
        Assert.Equal(new[] { "On-time settlement", "Overdue dossiers", "Online payment", "Satisfaction", "Lead time" },
            result["englishTiles"]!.AsArray().Select(x => (string?)x));

        // The overdue list, oldest first, each a link that opens its dossier.
        Assert.Equal(new[] { "#ho-so/SXD-260302-0007", "#ho-so/SXD-260302-0009" }, result["overdueHrefs"]!.AsArray().Select(x => (string?)x));
        Assert.Equal(new[] { "SXD-260302-0007", "Đang xử lý" }, result["overdueRows"]![0]!.AsArray().Take(2).Select(x => (string?)x));
        Assert.Equal("Có", (string?)result["overdueRows"]![0]![3]);
        Assert.Contains("Hồ sơ SXD-260302-0007", (string?)result["dossierCard"]);
        Assert.True(result["screenshots"]!.AsArray().Count >= 4, "The board's screenshots were not saved");
    }

    private async Task FinishedDossierAsync(int score, string? method)
    {
        var citizen = "0010" + Random.Shared.Next(10_000_000, 99_999_999).ToString(CultureInfo.InvariantCulture);
        var filed = await ConsoleFixture.ExpectAsync(fixture.Portal.PostWithKeyAsync("/v1/dossiers", new
        {
            procedureCode = "SXD-XD-006", agencyCode = "SXD", receivingCentre = "HN-TTHCC",
            applicant = new { citizenId = citizen, fullName = "Phạm Thu Hà" },
        }), HttpStatusCode.Created);
        var code = (string)filed["code"]!;
        await ConsoleFixture.ExpectAsync(fixture.Officer.PostWithKeyAsync($"/v1/dossiers/{code}/accept", null), HttpStatusCode.OK);
        await ConsoleFixture.ExpectAsync(fixture.Officer.PostWithKeyAsync($"/v1/dossiers/{code}/process", null), HttpStatusCode.OK);
        if (method is not null)
        {
            const long amount = 15_000;
            await ConsoleFixture.ExpectAsync(fixture.Officer.PostWithKeyAsync($"/v1/dossiers/{code}/request-payment", new
            {
                items = new[] { new { kind = "charge", name = "Lệ phí", amount } },
            }), HttpStatusCode.OK);
            if (method == "wallet")
            {
                await ConsoleFixture.ExpectAsync(fixture.Portal.PostWithKeyAsync($"/v1/wallets/{citizen}/top-ups", new { amount }), HttpStatusCode.Created);
            }

            var payment = await ConsoleFixture.ExpectAsync(fixture.Portal.PostWithKeyAsync("/v1/payments", new { dossierCode = code, method }), HttpStatusCode.Created);
            if (method == "cash")
            {
                await ConsoleFixture.ExpectAsync(fixture.Agent.PostWithKeyAsync($"/v1/channels/{ConsoleFixture.ChannelId}/collections", new
                {
                    reference = (string)payment["reference"]!, amount, receiptNumber = $"BL-KPI-{Random.Shared.Next(100_000, 999_999)}",
                }), HttpStatusCode.Created);
            }

            await fixture.PaymentWhenAsync((string)payment["id"]!, p => (string?)p["status"] == "succeeded");
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            while ((string?)(await ConsoleFixture.ExpectAsync(fixture.Portal.GetAsync($"/v1/dossiers/{code}"), HttpStatusCode.OK))["status"] != "processing")
            {
                Assert.True(DateTime.UtcNow < deadline, $"{code} did not go back to processing once paid");
                await Task.Delay(100);
            }
        }

        await ConsoleFixture.ExpectAsync(fixture.Officer.PostWithKeyAsync($"/v1/dossiers/{code}/complete", null), HttpStatusCode.OK);
        await ConsoleFixture.ExpectAsync(fixture.Officer.PostWithKeyAsync($"/v1/dossiers/{code}/return", null), HttpStatusCode.OK);
        await ConsoleFixture.ExpectAsync(fixture.Portal.PostWithKeyAsync($"/v1/dossiers/{code}/rating", new { score }), HttpStatusCode.OK);
    }

    private async Task<JsonNode> KpiAsync(string month) =>
        await ConsoleFixture.ExpectAsync(fixture.Operator.GetAsync($"/v1/kpi/agencies/SXD?month={month}"), HttpStatusCode.OK);

    private static int Ratings(JsonNode kpi) => (int)kpi["indicators"]!["satisfaction"]!["ratings"]!;

    private static int Paid(JsonNode kpi) => (int)kpi["indicators"]!["onlinePayment"]!["payments"]!;
}
