using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using MotCua.Api.Tests.Infrastructure;
using MotCua.Gateways.Notifications;
using MotCua.Grains.Tests;
using Orleans.Runtime;

namespace MotCua.Api.Tests;

/// <summary>
/// An embedded MotCua of its own on a <see cref="DossierTestClock"/> (Monday 2 March 2026, 09:00 in Hà Nội), with the bank
/// configured so a test can pay by VietQR with a notification it signs itself at the clock's time. Its own host keeps
/// agency SXD's March to what <see cref="KpiApiTests"/> scripts.
/// </summary>
public sealed class KpiApiFixture : IAsyncLifetime
{
    public const string BankSecret = "whsec_kpi_bank";

    private readonly MotCuaFactory _root = new();

    public DossierTestClock Clock { get; } = new(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.FromHours(7)));

    public WebApplicationFactory<Program> Factory { get; private set; } = null!;

    public Task InitializeAsync()
    {
        _root.Settings["Gateways:Bank:BaseUrl"] = "http://127.0.0.1:9/bank/"; // never called: the test sends the bank's notice itself
        _root.Settings["Gateways:Bank:MerchantId"] = "MOTCUA";
        _root.Settings["Gateways:Bank:ApiKey"] = "sk_kpi_bank";
        _root.Settings["Gateways:Bank:WebhookSecret"] = BankSecret;
        Factory = _root.WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(Clock);
            services.AddKeyedSingleton<TimeProvider>(TimeProviderNames.Grains, Clock);
            services.AddKeyedSingleton<TimeProvider>(Orleans.Reminders.ReminderTimeProviderNames.Reminders, Clock);
            foreach (var realTime in new[]
                     {
                         TimeProviderNames.Messaging, TimeProviderNames.SystemTimers, TimeProviderNames.Membership,
                         TimeProviderNames.ActivationManagement, TimeProviderNames.GrainDirectory, "Orleans.Streaming",
                     })
            {
                services.AddKeyedSingleton(realTime, TimeProvider.System);
            }
        }));
        _ = Factory.Server;
        return Task.CompletedTask;
    }

    public ApiClient ClientFor(string apiKey)
    {
        var client = Factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        return new ApiClient(client);
    }

    public async Task DisposeAsync()
    {
        await Factory.DisposeAsync();
        await _root.DisposeAsync();
    }
}

/// <summary>
/// One agency through March 2026, by HTTP, then every indicator and the CSV against figures computed by hand. Five
/// dossiers of SXD-XD-006 (five working days) are accepted on Monday 2 March at 09:00, so each is due Monday 9 March at 09:00.
/// </summary>
public sealed class KpiApiTests(KpiApiFixture fixture) : IClassFixture<KpiApiFixture>
{
    private static readonly TimeSpan Vn = TimeSpan.FromHours(7);

    private readonly ApiClient _portal = fixture.ClientFor("dev-portal");
    private readonly ApiClient _officer = fixture.ClientFor("dev-officer-SXD");
    private readonly ApiClient _agent = fixture.ClientFor("dev-agent-vnpost-HN0001");
    private readonly ApiClient _operator = fixture.ClientFor("dev-operator");

    private static DateTimeOffset March(int day, int hour) => new(2026, 3, day, hour, 0, 0, Vn);

    [Fact]
    public async Task OneAgencysMonthGivesTheHandComputedIndicatorsInJsonAndCsv()
    {
        await ScriptMarchAsync();

        var kpi = await EventuallyAsync(() => _officer.GetAsync("/v1/kpi/agencies/SXD?month=2026-03"),
            k => (int?)k["indicators"]!["satisfaction"]!["ratings"] == 3 && (int?)k["indicators"]!["onlinePayment"]!["payments"] == 3
                && (int?)k["indicators"]!["overdue"]!["total"] == 2);
        var i = kpi["indicators"]!;

        // On time: A early (4 March), B on the appointment day before 09:00, C late (10 March).
        var onTime = i["onTimeSettlement"]!;
        Assert.Equal((3, 1, 1, 1, 0.6667), ((int)onTime["results"]!, (int)onTime["early"]!, (int)onTime["onTime"]!, (int)onTime["late"]!, (double)onTime["rate"]!));
        Assert.Equal("progress", (string?)onTime["group"]);
        Assert.StartsWith("Trong số hồ sơ có kết quả", (string?)onTime["definition"]!["vi"], StringComparison.Ordinal);
        // Overdue on Monday 16 March: D (apologised on 9 March, a new date on 13 March) and E, both due 9 March 09:00.
        var overdue = i["overdue"]!;
        Assert.Equal((2, 1, 1), ((int)overdue["total"]!, (int)overdue["withApology"]!, (int)overdue["withoutApology"]!));
        var listed = kpi["overdueDossiers"]!.AsArray();
        Assert.Equal(new[] { _codes["D"], _codes["E"] }.Order(StringComparer.Ordinal), listed.Select(d => (string)d!["code"]!));
        Assert.All(listed, d => Assert.Equal("2026-03-09T09:00:00+07:00", (string?)d!["promisedAt"]));
        Assert.Equal(true, (bool?)listed.Single(d => (string?)d!["code"] == _codes["D"])!["apologized"]);
        // Fees: A 100,000 by VietQR, B 50,000 from the prepaid wallet, C 30,000 in cash (the top-up is no fee).
        var pay = i["onlinePayment"]!;
        Assert.Equal((3, 180_000L, 2, 150_000L, 0.6667, 0.8333),
            ((int)pay["payments"]!, (long)pay["amount"]!, (int)pay["onlinePayments"]!, (long)pay["onlineAmount"]!, (double)pay["countShare"]!, (double)pay["amountShare"]!));
        // Ratings: A 5, B 4, C 2.
        var sat = i["satisfaction"]!;
        Assert.Equal([0, 1, 0, 1, 1], sat["distribution"]!.AsArray().Select(d => (int)d!["count"]!));
        Assert.Equal((3, 0.6667), ((int)sat["ratings"]!, (double)sat["shareFourOrFive"]!));
        // Lead time from Monday 2 March 09:00: A Wednesday 10:00 = 17 h = 2.13 days; B Monday 9 March 08:00 = 39 h = 4.88;
        // C Tuesday 10 March 10:00 = 49 h = 6.13. Median (2nd of 3) 4.88, 90th percentile (3rd) 6.13.
        var lead = i["leadTime"]!;
        Assert.Equal((3, 4.88m, 6.13m), ((int)lead["results"]!, (decimal)lead["medianWorkingDays"]!, (decimal)lead["p90WorkingDays"]!));

        // The same figures as CSV: UTF-8 with a BOM, a header row, one row for the agency.
        var csv = await _officer.GetAsync("/v1/kpi/agencies/SXD?month=2026-03&format=csv");
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var bytes = await csv.Content.ReadAsByteArrayAsync();
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("Hạng (rank),Mã cơ quan (agency_code),Tháng (month),Hồ sơ có kết quả (results)", lines[0], StringComparison.Ordinal);
        Assert.Equal(",SXD,2026-03,3,1,1,1,0.6667,2,1,1,3,180000,2,150000,0.6667,0.8333,3,0,1,0,1,1,0.6667,3,4.88,6.13", lines[1]);

        // The operators' board ranks SXD (2/3 on time) first: no other agency has a result.
        var board = await ApiClient.JsonAsync(await _operator.GetAsync("/v1/kpi/agencies?month=2026-03"), HttpStatusCode.OK);
        var first = board["agencies"]![0]!;
        Assert.Equal((1, "SXD", 0.6667), ((int)first["rank"]!, (string)first["agencyCode"]!, (double)first["indicators"]!["onTimeSettlement"]!["rate"]!));
        Assert.Contains(board["agencies"]!.AsArray(), a => (string?)a!["agencyCode"] == "STP" && a["indicators"]!["onTimeSettlement"]!["rate"] is null);
        var boardCsv = Encoding.UTF8.GetString(await (await _operator.GetAsync("/v1/kpi/agencies?month=2026-03&format=csv")).Content.ReadAsByteArrayAsync());
        Assert.Contains("\r\n1,SXD,2026-03,3,1,1,1,0.6667,", boardCsv, StringComparison.Ordinal);

        // February had nothing: counts are zero and rates null, never made up.
        var february = await ApiClient.JsonAsync(await _officer.GetAsync("/v1/kpi/agencies/SXD?month=2026-02"), HttpStatusCode.OK);
        Assert.Equal(0, (int)february["indicators"]!["onTimeSettlement"]!["results"]!);
        Assert.Null(february["indicators"]!["onTimeSettlement"]!["rate"]);
        Assert.Equal(0, (int)february["indicators"]!["overdue"]!["total"]!);
        Assert.Empty(february["overdueDossiers"]!.AsArray()); // D and E were due in March: not overdue by February's end
        Assert.Equal("2026-03-01T00:00:00+07:00", (string?)february["indicators"]!["overdue"]!["asOf"]);
    }

    [Fact]
    public async Task AMalformedMonthOrFormatIs400AnUnknownAgency404AndAnotherAgencysOfficer403()
    {
        var bad = await ApiClient.ProblemAsync(await _officer.GetAsync("/v1/kpi/agencies/SXD?month=2026-3"), HttpStatusCode.BadRequest, "validation_failed");
        Assert.NotNull(bad["errors"]!["month"]);
        await ApiClient.ProblemAsync(await _operator.GetAsync("/v1/kpi/agencies?month=2026-13"), HttpStatusCode.BadRequest, "validation_failed");
        var format = await ApiClient.ProblemAsync(await _operator.GetAsync("/v1/kpi/agencies?format=xlsx"), HttpStatusCode.BadRequest, "validation_failed");
        Assert.NotNull(format["errors"]!["format"]);
        await ApiClient.ProblemAsync(await _operator.GetAsync("/v1/kpi/agencies/NOPE?month=2026-03"), HttpStatusCode.NotFound, "not_found");
        await ApiClient.ProblemAsync(await _officer.GetAsync("/v1/kpi/agencies/STP?month=2026-03"), HttpStatusCode.Forbidden, "forbidden");
        await ApiClient.ProblemAsync(await _officer.GetAsync("/v1/kpi/agencies?month=2026-03"), HttpStatusCode.Forbidden, "forbidden");
        await ApiClient.ProblemAsync(await _portal.GetAsync("/v1/kpi/agencies/SXD?month=2026-03"), HttpStatusCode.Forbidden, "forbidden");
    }

    private readonly Dictionary<string, string> _codes = new(StringComparer.Ordinal);

    /// <summary>
    /// A early, B on time and C late, each with its fee paid at acceptance (VietQR, wallet, cash) and returned and rated
    /// (5, 4, 2); D apologised for and E not, both still processing past their date. Ends on Monday 16 March, 10:00.
    /// </summary>
    private async Task ScriptMarchAsync()
    {
        fixture.Clock.AdvanceTo(March(2, 9));
        foreach (var name in new[] { "A", "B", "C", "D", "E" })
        {
            var filed = await ApiClient.JsonAsync(await _portal.PostAsync("/v1/dossiers", new
            {
                procedureCode = "SXD-XD-006", agencyCode = "SXD", receivingCentre = "HN-TTHCC",
                applicant = new { citizenId = "00108900" + (1000 + name[0]).ToString(CultureInfo.InvariantCulture), fullName = "Nguyễn Văn An" },
            }), HttpStatusCode.Created);
            var code = (string)filed["code"]!;
            _codes[name] = code;
            var accepted = await ApiClient.JsonAsync(await _officer.PostAsync($"/v1/dossiers/{code}/accept", null), HttpStatusCode.OK);
            Assert.Equal("2026-03-09T09:00:00+07:00", (string?)accepted["dueAt"]);
            await ApiClient.JsonAsync(await _officer.PostAsync($"/v1/dossiers/{code}/process", null), HttpStatusCode.OK);
        }

        // Fees asked and paid at once (the clock stands still, so the pause moves no due date).
        await PayAsync("A", 100_000, "vietqr");
        await PayAsync("B", 50_000, "wallet");
        await PayAsync("C", 30_000, "cash");

        // Before each jump of the clock, the projection has taken the step's events: days passing in a moment could
        // otherwise overtake events still on their way. Parts of the event path wait on this clock, so it moves on by a
        // second per try meanwhile (no figure changes within the hour).
        fixture.Clock.AdvanceTo(March(4, 10));
        await FinishAsync("A", 5);
        await SettledAsync(k => (int)k["satisfaction"]!["ratings"]! == 1 && (int)k["onlinePayment"]!["payments"]! == 3);
        fixture.Clock.AdvanceTo(March(9, 8));
        await FinishAsync("B", 4);
        await SettledAsync(k => (int)k["satisfaction"]!["ratings"]! == 2);
        fixture.Clock.AdvanceTo(March(9, 10));
        await ApiClient.JsonAsync(await _officer.PostAsync($"/v1/dossiers/{_codes["D"]}/apologize", new
        {
            reason = "Cần xác minh thêm hiện trạng công trình", dueAt = "2026-03-13T17:00:00+07:00",
        }), HttpStatusCode.OK);
        await SettledAsync(k => (int)k["overdue"]!["withApology"]! == 1);
        fixture.Clock.AdvanceTo(March(10, 10));
        await FinishAsync("C", 2);
        await SettledAsync(k => (int)k["satisfaction"]!["ratings"]! == 3);
        fixture.Clock.AdvanceTo(March(16, 10));
    }

    private Task SettledAsync(Func<JsonNode, bool> indicators) =>
        EventuallyAsync(() => _officer.GetAsync("/v1/kpi/agencies/SXD?month=2026-03"), k => indicators(k["indicators"]!));

    private async Task PayAsync(string name, long amount, string method)
    {
        var code = _codes[name];
        await ApiClient.JsonAsync(await _officer.PostAsync($"/v1/dossiers/{code}/request-payment", new
        {
            items = new[] { new { kind = "charge", name = "Lệ phí cấp giấy phép", amount } },
        }), HttpStatusCode.OK);
        var citizen = "00108900" + (1000 + name[0]).ToString(CultureInfo.InvariantCulture);
        if (method == "wallet")
        {
            await ApiClient.JsonAsync(await _portal.PostAsync($"/v1/wallets/{citizen}/top-ups", new { amount }), HttpStatusCode.Created);
        }

        var payment = await ApiClient.JsonAsync(await _portal.PostAsync("/v1/payments", new { dossierCode = code, method }), HttpStatusCode.Created);
        if (method == "cash")
        {
            await CollectAsync(payment);
        }
        else if (method == "vietqr")
        {
            var body = Encoding.UTF8.GetBytes($$"""
                {"eventId":"evt_kpi_{{name}}","type":"transfer.credited","transactionId":"FT_KPI_{{name}}","billNumber":"{{payment["reference"]}}","amount":{{amount}},"creditedAt":"{{fixture.Clock.GetUtcNow().ToOffset(Vn):yyyy-MM-dd'T'HH:mm:sszzz}}","description":"{{payment["reference"]}}"}
                """);
            using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/gateways/bank/notifications") { Content = new ByteArrayContent(body) };
            request.Headers.TryAddWithoutValidation(NotificationSignature.HeaderName,
                NotificationSignature.Create(body, KpiApiFixture.BankSecret, fixture.Clock.GetUtcNow()));
            var answer = await fixture.Factory.CreateClient().SendAsync(request);
            Assert.True(answer.IsSuccessStatusCode, await answer.Content.ReadAsStringAsync());
        }

        await EventuallyAsync(() => _portal.GetAsync($"/v1/dossiers/{code}"), d => (string?)d["status"] == "processing", moveClock: false);
    }

    private async Task CollectAsync(JsonNode payment) =>
        await ApiClient.JsonAsync(await _agent.PostAsync("/v1/channels/vnpost:HN-0001/collections", new
        {
            reference = (string)payment["reference"]!, amount = (long)payment["amount"]!, receiptNumber = "BL-KPI-" + payment["reference"],
        }), HttpStatusCode.Created);

    private async Task FinishAsync(string name, int score)
    {
        var code = _codes[name];
        await ApiClient.JsonAsync(await _officer.PostAsync($"/v1/dossiers/{code}/complete", null), HttpStatusCode.OK);
        await ApiClient.JsonAsync(await _officer.PostAsync($"/v1/dossiers/{code}/return", null), HttpStatusCode.OK);
        await ApiClient.JsonAsync(await _portal.PostAsync($"/v1/dossiers/{code}/rating", new { score }), HttpStatusCode.OK);
    }

    /// <summary>Reads until the condition holds, for 20 s of real time; the clock moves a second per try unless told not to.</summary>
    private async Task<JsonNode> EventuallyAsync(Func<Task<HttpResponseMessage>> get, Func<JsonNode, bool> condition, bool moveClock = true)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            var node = await ApiClient.JsonAsync(await get(), HttpStatusCode.OK);
            if (condition(node))
            {
                return node;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Not reached within 20 s: {node.ToJsonString()}");
            if (moveClock)
            {
                fixture.Clock.Advance(TimeSpan.FromSeconds(1));
            }

            await Task.Delay(50);
        }
    }
}
