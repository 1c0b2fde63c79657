using System.Net;
using MotCua.Api.Tests.Infrastructure;

namespace MotCua.Api.Tests;

/// <summary>Due dates through HTTP with the clock standing at Friday 24 April 2026, 15:00 in Hà Nội.</summary>
public sealed class DossierDueDateApiTests(FridayApiFixture fixture) : IClassFixture<FridayApiFixture>
{
    [Fact]
    public async Task AFiveDayProcedureAcceptedAt3pmOnTheFridayBeforeTheHolidaysIsDueAt3pmOnWednesday6May()
    {
        var portal = fixture.ClientFor("dev-portal");
        var officer = fixture.ClientFor("dev-officer-SXD");
        var filed = await ApiClient.JsonAsync(await portal.PostAsync("/v1/dossiers", new
        {
            procedureCode = "SXD-XD-006",
            agencyCode = "SXD",
            receivingCentre = "HN-TTHCC",
            applicant = new { citizenId = "001089001234", fullName = "Nguyễn Văn An" },
        }), HttpStatusCode.Created);
        // The host's clock, not the machine's, reached the API and the grain.
        Assert.Equal("2026-04-24T15:00:00+07:00", (string?)filed["submittedAt"]);
        Assert.Contains("-260424-", (string)filed["code"]!, StringComparison.Ordinal);

        var accepted = await ApiClient.JsonAsync(await officer.PostAsync($"/v1/dossiers/{filed["code"]}/accept", null), HttpStatusCode.OK);

        // Five working days of 8 h: Friday 15:00–17:00 (2 h); Monday 27 April is the Hùng Kings holiday; Tuesday 28 and
        // Wednesday 29 (16 h); 30 April and 1 May are holidays and 2–3 May a weekend; Monday 4 and Tuesday 5 May (16 h);
        // Wednesday 6 May 07:00–11:30 and 13:30–15:00 (6 h).
        Assert.Equal("2026-05-06T15:00:00+07:00", (string?)accepted["dueAt"]);
    }

    [Fact]
    public async Task AOneDayProcedureAcceptedAt3pmOnAFridayIsDueAt3pmOnTheNextWorkingDay()
    {
        var portal = fixture.ClientFor("dev-portal");
        var officer = fixture.ClientFor(DossierApiFixture.CommuneOfficerKey);
        var filed = await ApiClient.JsonAsync(await portal.PostAsync("/v1/dossiers", new
        {
            procedureCode = "UBND-X-HT-001",
            agencyCode = "UBND-X",
            receivingCentre = "XA-DONGANH",
            applicant = new { citizenId = "001089001234", fullName = "Nguyễn Văn An" },
        }), HttpStatusCode.Created);

        var accepted = await ApiClient.JsonAsync(await officer.PostAsync($"/v1/dossiers/{filed["code"]}/accept", null), HttpStatusCode.OK);

        // 2 h on Friday, nothing on the weekend or the holiday Monday, 4.5 h on Tuesday morning, 1.5 h after lunch.
        Assert.Equal("2026-04-28T15:00:00+07:00", (string?)accepted["dueAt"]);
    }
}
