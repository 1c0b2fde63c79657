using System.Net;
using System.Text.Json.Nodes;
using MotCua.Api.Tests.Infrastructure;
using MotCua.Grains.Dossiers;
using MotCua.Grains.Interfaces.Dossiers;
using static MotCua.Grains.Dossiers.DossierAction;
using static MotCua.Grains.Interfaces.Dossiers.DossierStatus;

namespace MotCua.Api.Tests;

/// <summary>The dossier lifecycle through HTTP, on a host of its own whose clock the tests move.</summary>
public sealed class DossierLifecycleApiTests(LifecycleApiFixture fixture) : IClassFixture<LifecycleApiFixture>
{
    private const string OneDayProcedure = "UBND-X-HT-001";

    /// <summary>What each status allows, by hand from the API contract (the system's fees-paid step is not a route).</summary>
    private static readonly IReadOnlyDictionary<(DossierStatus, DossierAction), DossierStatus> Lifecycle =
        new Dictionary<(DossierStatus, DossierAction), DossierStatus>
        {
            [(Submitted, Accept)] = Accepted, [(Submitted, Refuse)] = Refused, [(Submitted, Withdraw)] = Withdrawn,
            [(Accepted, Process)] = Processing, [(Accepted, RequestSupplement)] = SupplementRequested,
            [(Accepted, RequestPayment)] = PaymentRequested, [(Accepted, Withdraw)] = Withdrawn, [(Accepted, Apologize)] = Accepted,
            [(Processing, RequestSupplement)] = SupplementRequested, [(Processing, RequestPayment)] = PaymentRequested,
            [(Processing, Withdraw)] = Withdrawn, [(Processing, Stop)] = Stopped, [(Processing, Complete)] = Processed,
            [(Processing, Apologize)] = Processing,
            [(SupplementRequested, Supplement)] = Processing, [(SupplementRequested, Withdraw)] = Withdrawn,
            [(PaymentRequested, Withdraw)] = Withdrawn,
            [(Processed, Return)] = Returned,
            [(Returned, Rate)] = Returned,
        };

    private static readonly IReadOnlyDictionary<DossierStatus, DossierAction[]> PathTo = new Dictionary<DossierStatus, DossierAction[]>
    {
        [Submitted] = [], [Accepted] = [Accept], [Refused] = [Refuse], [Processing] = [Accept, Process],
        [SupplementRequested] = [Accept, Process, RequestSupplement], [PaymentRequested] = [Accept, Process, RequestPayment],
        [Withdrawn] = [Withdraw], [Stopped] = [Accept, Process, Stop], [Processed] = [Accept, Process, Complete],
        [Returned] = [Accept, Process, Complete, Return],
    };

    private readonly ApiClient _portal = fixture.ClientFor("dev-portal");
    private readonly ApiClient _officer = fixture.ClientFor("dev-officer-SXD");
    private readonly ApiClient _communeOfficer = fixture.ClientFor(DossierApiFixture.CommuneOfficerKey);
    private readonly ApiClient _justiceOfficer = fixture.ClientFor(DossierApiFixture.JusticeOfficerKey);
    private readonly ApiClient _agent = fixture.ClientFor("dev-agent-vnpost-HN0001");
    private readonly ApiClient _operator = fixture.ClientFor("dev-operator");

    [Fact]
    public async Task ADossierGoesThroughSupplementAndACashFeeToReturnedAndIsRated()
    {
        var filed = await ApiClient.JsonAsync(await _portal.PostAsync("/v1/dossiers", ApiClient.Filing()), HttpStatusCode.Created);
        var code = (string)filed["code"]!;
        var path = new List<int> { (int)filed["statusCode"]! };

        var accepted = await Step($"/v1/dossiers/{code}/accept", _officer, null, path);
        var dueAtAccept = DateTimeOffset.Parse((string)accepted["dueAt"]!, System.Globalization.CultureInfo.InvariantCulture);
        await Step($"/v1/dossiers/{code}/process", _officer, null, path);
        var waiting = await Step($"/v1/dossiers/{code}/request-supplement", _officer, new { reason = "Thiếu bản vẽ mặt bằng" }, path);
        Assert.NotNull(waiting["clockPausedSince"]);

        // One working day (Monday 09:00 → Tuesday 09:00) waiting for the applicant: the due date moves one working day.
        fixture.Clock.Advance(TimeSpan.FromDays(1));
        var supplemented = await Step($"/v1/dossiers/{code}/supplement", _portal, null, path);
        Assert.Equal(dueAtAccept.AddDays(1), DateTimeOffset.Parse((string)supplemented["dueAt"]!, System.Globalization.CultureInfo.InvariantCulture));

        await Step($"/v1/dossiers/{code}/request-payment", _officer,
            new { items = new[] { new { kind = "charge", name = "Lệ phí cấp giấy phép xây dựng", amount = 75_000 } } }, path);

        // Paid in cash at the post office through the payment and collection routes; the dossier resumes by itself.
        var payment = await ApiClient.JsonAsync(await _portal.PostAsync("/v1/payments", new { dossierCode = code, method = "cash" }),
            HttpStatusCode.Created);
        var reference = (string)payment["reference"]!;
        await ApiClient.JsonAsync(await _agent.GetAsync($"/v1/payments/by-reference/{reference}"), HttpStatusCode.OK);
        await ApiClient.JsonAsync(await _agent.PostAsync("/v1/channels/vnpost:HN-0001/collections",
            new { reference, amount = 75_000, receiptNumber = "BL-000777" }), HttpStatusCode.Created);
        var paid = await ApiClient.JsonAsync(await _portal.GetAsync($"/v1/dossiers/{code}"), HttpStatusCode.OK);
        path.Add((int)paid["statusCode"]!);
        Assert.True((bool)paid["fees"]![0]!["paid"]!);

        await Step($"/v1/dossiers/{code}/complete", _officer, null, path);
        await Step($"/v1/dossiers/{code}/return", _officer, null, path);
        var rated = await ApiClient.JsonAsync(await _portal.PostAsync($"/v1/dossiers/{code}/rating",
            new { score = 5, comment = "Nhanh, đúng hẹn" }), HttpStatusCode.OK);

        Assert.Equal([1, 2, 4, 5, 4, 6, 4, 9, 10], path);
        Assert.Equal("returned", (string?)rated["status"]);
        Assert.Equal((5, "Nhanh, đúng hẹn"), ((int)rated["rating"]!["score"]!, (string?)rated["rating"]!["comment"]));
        Assert.Equal(["submitted", "accepted", "processing", "supplement_requested", "processing", "payment_requested", "processing",
                "processed", "returned"],
            rated["history"]!.AsArray().Where(h => h!["toStatus"] is not null).Select(h => (string?)h!["toStatus"]));
        var supplementAsked = rated["history"]!.AsArray().Single(h => (string?)h!["toStatus"] == "supplement_requested")!;
        Assert.Equal(("officer", "kid-dev-officer-sxd", "SXD", "Thiếu bản vẽ mặt bằng"),
            ((string?)supplementAsked["actorRole"], (string?)supplementAsked["actorKeyId"], (string?)supplementAsked["actorAgencyCode"],
                (string?)supplementAsked["reason"]));
        Assert.Equal("dossier.rated", (string?)rated["history"]!.AsArray()[^1]!["type"]);

        var again = await ApiClient.ProblemAsync(await _portal.PostAsync($"/v1/dossiers/{code}/rating", new { score = 1 }),
            HttpStatusCode.Conflict, "invalid_transition");
        Assert.Equal("returned", (string?)again["currentStatus"]);
    }

    public static TheoryData<DossierStatus> Statuses() => [.. Enum.GetValues<DossierStatus>()];

    [Theory]
    [MemberData(nameof(Statuses))]
    public async Task FromThisStatusEveryRouteTheLifecycleAllowsWorksAndEveryOtherIs409(DossierStatus status)
    {
        var routes = Enum.GetValues<DossierAction>().Where(a => a != FeesPaid).ToList();
        var allowed = routes.Where(a => Lifecycle.ContainsKey((status, a))).ToList();
        var code = await DossierInAsync(status);
        var before = await ApiClient.JsonAsync(await _operator.GetAsync($"/v1/dossiers/{code}"), HttpStatusCode.OK);
        Assert.Equal(allowed.Select(Route), before["allowedActions"]!.AsArray().Select(a => (string?)a));

        foreach (var action in routes.Except(allowed))
        {
            var problem = await ApiClient.ProblemAsync(await Send(code, action), HttpStatusCode.Conflict, "invalid_transition");
            Assert.Equal(status.ToApiName(), (string?)problem["currentStatus"]);
            Assert.Equal(allowed.Select(Route), problem["allowedActions"]!.AsArray().Select(a => (string?)a));
        }

        foreach (var action in allowed)
        {
            var fresh = await DossierInAsync(status);
            var after = await ApiClient.JsonAsync(await Send(fresh, action), HttpStatusCode.OK);
            Assert.Equal(Lifecycle[(status, action)].ToApiName(), (string?)after["status"]);
            Assert.Equal((int)Lifecycle[(status, action)], (int)after["statusCode"]!);
        }

        var unchanged = await ApiClient.JsonAsync(await _operator.GetAsync($"/v1/dossiers/{code}"), HttpStatusCode.OK);
        Assert.Equal(status.ToApiName(), (string?)unchanged["status"]);
        Assert.Equal(before["history"]!.AsArray().Count, unchanged["history"]!.AsArray().Count);
    }

    [Fact]
    public async Task OnlyOfficersOfTheCompetentAgencyReadOrActOnADossierFiledAtAnotherCentre()
    {
        var filed = await ApiClient.JsonAsync(await _portal.PostAsync("/v1/dossiers", ApiClient.Filing("XA-DONGANH")), HttpStatusCode.Created);
        var code = (string)filed["code"]!;
        Assert.Equal(("XA-DONGANH", "SXD"), ((string?)filed["receivingCentre"], (string?)filed["agencyCode"]));

        await ApiClient.ProblemAsync(await _justiceOfficer.GetAsync($"/v1/dossiers/{code}"), HttpStatusCode.Forbidden, "forbidden");
        foreach (var action in new[] { Accept, Refuse, Process, RequestSupplement, RequestPayment, Stop, Complete, Return, Apologize })
        {
            await ApiClient.ProblemAsync(await Send(code, action, _justiceOfficer), HttpStatusCode.Forbidden, "forbidden");
        }

        await ApiClient.ProblemAsync(await _justiceOfficer.GetAsync("/v1/dossiers?agency=SXD"), HttpStatusCode.Forbidden, "forbidden");
        var read = await ApiClient.JsonAsync(await _officer.GetAsync($"/v1/dossiers/{code}"), HttpStatusCode.OK);
        Assert.Equal("submitted", (string?)read["status"]);
        await ApiClient.JsonAsync(await _officer.PostAsync($"/v1/dossiers/{code}/accept", null), HttpStatusCode.OK);
    }

    [Fact]
    public async Task ADossierPastItsDueDateReadsOverdueAndIsListedSoWithoutAnyCallHavingTouchedIt()
    {
        var code = await DossierInAsync(Accepted);
        var due = DateTimeOffset.Parse((string)(await Read(code))["dueAt"]!, System.Globalization.CultureInfo.InvariantCulture);
        fixture.Clock.AdvanceTo(due - TimeSpan.FromMinutes(1));
        Assert.False((bool)(await Read(code))["overdue"]!);

        // Only the clock moves; reads record nothing, so the dossier.overdue event can only come from the dossier's reminder.
        var late = await fixture.EventuallyAsync(() => Read(code),
            d => d["history"]!.AsArray().Any(h => (string?)h!["type"] == "dossier.overdue"),
            step: TimeSpan.FromSeconds(20), because: "the overdue reminder fires once the due date has passed");

        Assert.True((bool)late["overdue"]!);
        Assert.Equal("accepted", (string?)late["status"]);
        var listed = await fixture.EventuallyAsync(
            async () => await ApiClient.JsonAsync(await _communeOfficer.GetAsync("/v1/dossiers?status=accepted&overdue=true&pageSize=100"),
                HttpStatusCode.OK),
            page => page["items"]!.AsArray().Any(i => (string?)i!["code"] == code), because: "the agency list shows it overdue");
        Assert.Equal("UBND-X", (string?)listed["agencyCode"]);
        Assert.All(listed["items"]!.AsArray(), i => Assert.True((bool)i!["overdue"]!));
    }

    [Fact]
    public async Task AnOfficerApologisesOnceWithANewDueDateGivenWithItsOffset()
    {
        var code = await DossierInAsync(Processing);
        var due = DateTimeOffset.Parse((string)(await Read(code))["dueAt"]!, System.Globalization.CultureInfo.InvariantCulture);
        fixture.Clock.AdvanceTo(due + TimeSpan.FromHours(1));
        var newDue = (fixture.Clock.GetUtcNow() + TimeSpan.FromDays(3)).ToOffset(TimeSpan.FromHours(7));
        var apologize = $"/v1/dossiers/{code}/apologize";

        var noOffset = await ApiClient.ProblemAsync(await _communeOfficer.PostAsync(apologize,
            new { dueAt = newDue.ToString("yyyy-MM-dd'T'HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture), reason = "Chờ ý kiến" }),
            HttpStatusCode.BadRequest, "validation_failed");
        var earlier = await ApiClient.ProblemAsync(await _communeOfficer.PostAsync(apologize,
            new { dueAt = Iso(due - TimeSpan.FromHours(1)), reason = "Chờ ý kiến" }), HttpStatusCode.BadRequest, "validation_failed");
        var noReason = await ApiClient.ProblemAsync(await _communeOfficer.PostAsync(apologize, new { dueAt = Iso(newDue) }),
            HttpStatusCode.BadRequest, "validation_failed");
        Assert.NotNull(noOffset["errors"]!["dueAt"]);
        Assert.NotNull(earlier["errors"]!["dueAt"]);
        Assert.NotNull(noReason["errors"]!["reason"]);

        var apologized = await ApiClient.JsonAsync(await _communeOfficer.PostAsync(apologize,
            new { dueAt = Iso(newDue), reason = "Chờ ý kiến cơ quan phối hợp" }), HttpStatusCode.OK);
        Assert.Equal(Iso(newDue), (string?)apologized["dueAt"]);
        Assert.False((bool)apologized["overdue"]!);
        Assert.Equal("Chờ ý kiến cơ quan phối hợp", (string?)apologized["apology"]!["reason"]);

        var second = await ApiClient.ProblemAsync(await _communeOfficer.PostAsync(apologize,
            new { dueAt = Iso(newDue + TimeSpan.FromDays(1)), reason = "Lần nữa" }), HttpStatusCode.Conflict, "invalid_transition");
        Assert.Equal("processing", (string?)second["currentStatus"]);
    }

    [Fact]
    public async Task ARatingNeedsAScoreFromOneToFiveAndACommentOfAtMostAThousandCharacters()
    {
        var code = await DossierInAsync(Returned);
        var rating = $"/v1/dossiers/{code}/rating";

        await ApiClient.ProblemAsync(await _portal.PostAsync(rating, new { score = 6 }), HttpStatusCode.BadRequest, "validation_failed");
        await ApiClient.ProblemAsync(await _portal.PostAsync(rating, new { comment = "Tốt" }), HttpStatusCode.BadRequest, "validation_failed");
        await ApiClient.ProblemAsync(await _portal.PostAsync(rating, new { score = 4, comment = new string('x', 1001) }),
            HttpStatusCode.BadRequest, "validation_failed");
        await ApiClient.ProblemAsync(await _officer.PostAsync(rating, new { score = 4 }), HttpStatusCode.Forbidden, "forbidden");

        var rated = await ApiClient.JsonAsync(await _portal.PostAsync(rating, new { score = 4, comment = new string('x', 1000) }), HttpStatusCode.OK);
        Assert.Equal(4, (int)rated["rating"]!["score"]!);
    }

    [Fact]
    public async Task TheListIsForOfficersOfTheAgencyAndOperatorsAndChecksItsQuery()
    {
        var code = await DossierInAsync(Processing);

        var mine = await fixture.EventuallyAsync(
            async () => await ApiClient.JsonAsync(await _communeOfficer.GetAsync("/v1/dossiers?status=processing&pageSize=100"), HttpStatusCode.OK),
            page => page["items"]!.AsArray().Any(i => (string?)i!["code"] == code), because: "the new dossier reaches the list");
        var asOperator = await ApiClient.JsonAsync(await _operator.GetAsync("/v1/dossiers?agency=UBND-X&status=processing&pageSize=100"),
            HttpStatusCode.OK);

        Assert.Equal((1, 100), ((int)mine["page"]!, (int)mine["pageSize"]!));
        Assert.All(mine["items"]!.AsArray(), i => Assert.Equal("processing", (string?)i!["status"]));
        Assert.Contains(asOperator["items"]!.AsArray(), i => (string?)i!["code"] == code);
        await ApiClient.ProblemAsync(await _portal.GetAsync("/v1/dossiers?agency=UBND-X"), HttpStatusCode.Forbidden, "forbidden");
        var bad = await ApiClient.ProblemAsync(await _operator.GetAsync("/v1/dossiers?status=late&overdue=yes&page=0&pageSize=101"),
            HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal(["agency", "overdue", "page", "pageSize", "status"],
            bad["errors"]!.AsObject().Select(e => e.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task AListIsReadPageAfterPageFromEachPagesNextAndABadCursorIsRefused()
    {
        var codes = new List<string> { await DossierInAsync(Processing), await DossierInAsync(Processing) };
        await fixture.EventuallyAsync(
            async () => await ApiClient.JsonAsync(await _operator.GetAsync("/v1/dossiers?agency=UBND-X&pageSize=100"), HttpStatusCode.OK),
            page => codes.All(c => page["items"]!.AsArray().Any(i => (string?)i!["code"] == c)), because: "both dossiers reach the list");

        var seen = new List<string>();
        string? next = null;
        do
        {
            var query = "/v1/dossiers?agency=UBND-X&pageSize=1" + (next is null ? "" : "&after=" + Uri.EscapeDataString(next));
            var page = await ApiClient.JsonAsync(await _operator.GetAsync(query), HttpStatusCode.OK);
            seen.AddRange(page["items"]!.AsArray().Select(i => (string)i!["code"]!));
            next = (string?)page["next"];
        }
        while (next is not null);

        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Superset(codes.ToHashSet(), seen.ToHashSet());
        var bad = await ApiClient.ProblemAsync(await _operator.GetAsync("/v1/dossiers?agency=UBND-X&after=12~no%20code"),
            HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal(["after"], bad["errors"]!.AsObject().Select(e => e.Key));
        await ApiClient.ProblemAsync(await _operator.GetAsync("/v1/dossiers?agency=UBND-X&page=2&after=none~" + codes[0]),
            HttpStatusCode.BadRequest, "validation_failed");
    }

    [Fact]
    public async Task TheOpenApiDocumentDescribesTheNewRoutesAndHowFreshTheListIs()
    {
        var document = await ApiClient.JsonAsync(await _portal.GetAsync("/openapi/v1.json"), HttpStatusCode.OK);
        var paths = document["paths"]!.AsObject();

        var list = paths["/v1/dossiers"]!["get"]!;
        Assert.Contains("Freshness", (string?)list["description"], StringComparison.Ordinal);
        Assert.Equal(["agency", "status", "overdue", "page", "pageSize", "after"], list["parameters"]!.AsArray().Select(p => (string?)p!["name"]));
        Assert.NotNull(paths["/v1/dossiers/{code}/apologize"]!["post"]);
        Assert.NotNull(paths["/v1/dossiers/{code}/rating"]!["post"]);
    }

    private async Task<JsonNode> Step(string path, ApiClient caller, object? body, List<int> statusCodes)
    {
        var view = await ApiClient.JsonAsync(await caller.PostAsync(path, body), HttpStatusCode.OK);
        statusCodes.Add((int)view["statusCode"]!);
        return view;
    }

    private async Task<JsonNode> Read(string code) =>
        await ApiClient.JsonAsync(await _operator.GetAsync($"/v1/dossiers/{code}"), HttpStatusCode.OK);

    /// <summary>Files a one-working-day dossier of the commune and brings it to <paramref name="status"/> through the routes.</summary>
    private async Task<string> DossierInAsync(DossierStatus status)
    {
        var filing = new
        {
            procedureCode = OneDayProcedure,
            agencyCode = "UBND-X",
            receivingCentre = "XA-DONGANH",
            applicant = new { citizenId = "001089001234", fullName = "Nguyễn Văn An" },
        };
        var code = (string)(await ApiClient.JsonAsync(await _portal.PostAsync("/v1/dossiers", filing), HttpStatusCode.Created))["code"]!;
        foreach (var action in PathTo[status])
        {
            await ApiClient.JsonAsync(await Send(code, action), HttpStatusCode.OK);
        }

        return code;
    }

    /// <summary>Calls an action's route as its caller would, with a valid body.</summary>
    private async Task<HttpResponseMessage> Send(string code, DossierAction action, ApiClient? officer = null)
    {
        officer ??= _communeOfficer;
        var path = $"/v1/dossiers/{code}/{Route(action)}";
        return action switch
        {
            Supplement or Withdraw => await _portal.PostAsync(path, null),
            Rate => await _portal.PostAsync(path, new { score = 5 }),
            Refuse or RequestSupplement or Stop => await officer.PostAsync(path, new { reason = "Lý do nghiệp vụ" }),
            RequestPayment => await officer.PostAsync(path, new { items = new[] { new { kind = "fee", name = "Phí", amount = 20_000 } } }),
            Apologize => await officer.PostAsync(path,
                new { dueAt = Iso(fixture.Clock.GetUtcNow() + TimeSpan.FromDays(30)), reason = "Chờ ý kiến cơ quan phối hợp" }),
            _ => await officer.PostAsync(path, null),
        };
    }

    /// <summary>The route names of the API contract, by hand.</summary>
    private static string Route(DossierAction action) => action switch
    {
        Accept => "accept", Refuse => "refuse", Process => "process", RequestSupplement => "request-supplement",
        Supplement => "supplement", RequestPayment => "request-payment", Withdraw => "withdraw", Stop => "stop",
        Complete => "complete", Return => "return", Apologize => "apologize", Rate => "rating",
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, "No route for this action."),
    };

    private static string Iso(DateTimeOffset instant) =>
        instant.ToOffset(TimeSpan.FromHours(7)).ToString("yyyy-MM-dd'T'HH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture);
}
