using System.Globalization;
using System.Net;
using MotCua.Api.Tests.Infrastructure;

namespace MotCua.Api.Tests;

/// <summary>A year without an announced calendar: statutory holidays, the gauge, and readiness reporting degraded.</summary>
public sealed class CalendarApiTests(Tet2027ApiFixture fixture) : IClassFixture<Tet2027ApiFixture>
{
    [Fact]
    public async Task ADossierAcceptedOn28January2027ForFifteenWorkingDaysIsDueAfterTheStatutoryTetBreak()
    {
        var portal = fixture.ClientFor("dev-portal");
        var officer = fixture.ClientFor("dev-officer-SXD");
        var filed = await ApiClient.JsonAsync(await portal.PostAsync("/v1/dossiers", new
        {
            procedureCode = "SXD-XD-001", // 15 working days
            agencyCode = "SXD",
            receivingCentre = "HN-TTHCC",
            applicant = new { citizenId = "001089001234", fullName = "Nguyễn Văn An" },
        }), HttpStatusCode.Created);

        var accepted = await ApiClient.JsonAsync(await officer.PostAsync($"/v1/dossiers/{filed["code"]}/accept", null), HttpStatusCode.OK);

        // No 2027 calendar is announced, so the statutory one counts (Labour Code 2019 Art. 112, 111(3)): Tết Đinh Mùi is
        // Saturday 6 February; the Tết days are Friday 5 to Tuesday 9 February, and Wednesday 10 and Thursday 11 are
        // compensatory days off for the Saturday and Sunday. Counting 15 days of 8 h from Thursday 28 January 09:00:
        // 28 January 6 h; 29 January and 1–4 February 40 h (46 h); the break 5–11 February; 12, 15–19 and 22–24 February
        // 72 h (118 h); Thursday 25 February 07:00–09:00 2 h. Without the break it would be Thursday 18 February 09:00.
        Assert.Equal("2027-02-25T09:00:00+07:00", (string?)accepted["dueAt"]);
    }

    [Fact]
    public async Task MetricsShowWhereTheAnnouncedCalendarEndsAndReadinessIsDegraded()
    {
        var client = fixture.ClientFor("dev-operator");
        var endOf2026 = new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.FromHours(7)).ToUnixTimeSeconds()
            .ToString(CultureInfo.InvariantCulture);

        var metrics = await (await client.GetAsync("/metrics")).Content.ReadAsStringAsync();
        Assert.Contains(metrics.Split('\n'), line => line.StartsWith("motcua_calendar_announced_until", StringComparison.Ordinal)
            && line.Split(' ')[^1].Trim() is var value
            && double.Parse(value, CultureInfo.InvariantCulture).ToString("0", CultureInfo.InvariantCulture) == endOf2026);

        var ready = await client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Degraded", await ready.Content.ReadAsStringAsync());
    }
}

/// <summary>With eight months of announced calendar left, readiness is healthy.</summary>
public sealed class CalendarReadyApiTests(FridayApiFixture fixture) : IClassFixture<FridayApiFixture>
{
    [Fact]
    public async Task ReadinessIsHealthyWhileMoreThanSixtyDaysOfAnnouncedCalendarRemain()
    {
        var ready = await fixture.ClientFor("dev-operator").GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", await ready.Content.ReadAsStringAsync());
    }
}
