using System.Net;
using System.Net.Http.Json;
using MotCua.Api.Tests.Infrastructure;

namespace MotCua.Api.Tests;

[Collection(ApiCollection.Name)]
public sealed class FeePathTests(MotCuaFactory factory)
{
    private readonly ApiClient _portal = new(factory.ClientFor("dev-portal"));
    private readonly ApiClient _officer = new(factory.ClientFor("dev-officer-SXD"));
    private readonly ApiClient _agent = new(factory.ClientFor("dev-agent-vnpost-HN0001"));
    private readonly ApiClient _operator = new(factory.ClientFor("dev-operator"));

    [Fact]
    public async Task AFeeIsPaidInCashFromFilingToProcessing()
    {
        // 1. The portal files a dossier.
        var filed = await ApiClient.JsonAsync(await _portal.PostAsync("/v1/dossiers", ApiClient.Filing()), HttpStatusCode.Created);
        var code = (string)filed["code"]!;
        Assert.Matches(@"^HN-TTHCC-\d{6}-\d{4}$", code);
        Assert.Equal("submitted", (string?)filed["status"]);
        Assert.Equal(1, (int)filed["statusCode"]!);

        // 2. The officer accepts it and asks for the fee.
        var accepted = await ApiClient.JsonAsync(await _officer.PostAsync($"/v1/dossiers/{code}/accept", null), HttpStatusCode.OK);
        Assert.Equal("accepted", (string?)accepted["status"]);
        Assert.NotNull(accepted["dueAt"]);
        var requested = await ApiClient.JsonAsync(await _officer.PostAsync($"/v1/dossiers/{code}/request-payment",
            new { items = new[] { new { kind = "charge", name = "Lệ phí cấp giấy phép xây dựng", amount = 75_000 } } }), HttpStatusCode.OK);
        Assert.Equal("payment_requested", (string?)requested["status"]);

        // 3. The portal creates a cash payment.
        var payment = await ApiClient.JsonAsync(await _portal.PostAsync("/v1/payments", new { dossierCode = code, method = "cash" }),
            HttpStatusCode.Created);
        Assert.Equal("pending", (string?)payment["status"]);
        Assert.Equal(75_000, (long)payment["amount"]!);
        var reference = (string)payment["reference"]!;
        Assert.Matches("^[0-9A-Z]{8}$", reference);

        // 4. The agent looks the reference up and confirms the cash.
        var terms = await ApiClient.JsonAsync(await _agent.GetAsync($"/v1/payments/by-reference/{reference}"), HttpStatusCode.OK);
        Assert.Equal(75_000, (long)terms["amount"]!);
        Assert.Equal(code, (string?)terms["dossierCode"]);
        Assert.Equal("Nguyễn Văn An", (string?)terms["applicantName"]);
        var before = await ApiClient.JsonAsync(await _agent.GetAsync("/v1/channels/vnpost:HN-0001"), HttpStatusCode.OK);
        var collected = await ApiClient.JsonAsync(await _agent.PostAsync("/v1/channels/vnpost:HN-0001/collections",
            new { reference, amount = 75_000, receiptNumber = "BL-000123" }), HttpStatusCode.Created);
        Assert.Equal("succeeded", (string?)collected["paymentStatus"]);

        // 5. Both read back with their history.
        var paid = await ApiClient.JsonAsync(await _portal.GetAsync($"/v1/payments/{payment["id"]}"), HttpStatusCode.OK);
        Assert.Equal("succeeded", (string?)paid["status"]);
        Assert.Equal(["payment.created", "payment.succeeded"], paid["history"]!.AsArray().Select(h => (string?)h!["type"]));
        var dossier = await ApiClient.JsonAsync(await _operator.GetAsync($"/v1/dossiers/{code}"), HttpStatusCode.OK);
        Assert.Equal("processing", (string?)dossier["status"]);
        Assert.Equal(4, (int)dossier["statusCode"]!);
        var listed = Assert.Single(dossier["payments"]!.AsArray());
        Assert.Equal("succeeded", (string?)listed!["status"]);
        Assert.True((bool)dossier["fees"]![0]!["paid"]!);
        Assert.Equal(["submitted", "accepted", "payment_requested", "processing"],
            dossier["history"]!.AsArray().Where(h => h!["toStatus"] is not null).Select(h => (string?)h!["toStatus"]));
        var after = await ApiClient.JsonAsync(await _agent.GetAsync("/v1/channels/vnpost:HN-0001"), HttpStatusCode.OK);
        Assert.Equal((long)before["openWindow"]!["total"]! + 75_000, (long)after["openWindow"]!["total"]!);
        Assert.Equal((long)before["position"]! + 75_000, (long)after["position"]!);
    }

    [Fact]
    public async Task AReplayedPostReturnsTheFirstStatusAndBody()
    {
        var key = Guid.NewGuid().ToString();
        var first = await _portal.PostAsync("/v1/dossiers", ApiClient.Filing(), key);
        var firstBody = await first.Content.ReadAsStringAsync();
        var replay = await _portal.PostAsync("/v1/dossiers", ApiClient.Filing(), key);

        Assert.Equal(HttpStatusCode.Created, replay.StatusCode);
        Assert.Equal(firstBody, await replay.Content.ReadAsStringAsync());
        Assert.Equal(first.Headers.Location, replay.Headers.Location);
        Assert.Equal("true", Assert.Single(replay.Headers.GetValues("Idempotent-Replayed")));
    }

    [Fact]
    public async Task TheSameKeyWithAnotherBodyIsRefused()
    {
        var key = Guid.NewGuid().ToString();
        await ApiClient.JsonAsync(await _portal.PostAsync("/v1/dossiers", ApiClient.Filing(), key), HttpStatusCode.Created);

        var reused = await _portal.PostAsync("/v1/dossiers", ApiClient.Filing("HCM-TTHCC"), key);

        await ApiClient.ProblemAsync(reused, HttpStatusCode.UnprocessableEntity, "idempotency_key_reused");
    }

    [Fact]
    public async Task ConcurrentDuplicatesNeverFileTwoDossiers()
    {
        var key = Guid.NewGuid().ToString();
        var centre = $"C{Random.Shared.Next(100000, 999999)}";

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => _portal.PostAsync("/v1/dossiers", ApiClient.Filing(centre), key)));

        var codes = new HashSet<string>();
        foreach (var response in responses)
        {
            if (response.StatusCode == HttpStatusCode.Conflict)
            {
                await ApiClient.ProblemAsync(response, HttpStatusCode.Conflict, "idempotency_key_in_use");
            }
            else
            {
                codes.Add((string)(await ApiClient.JsonAsync(response, HttpStatusCode.Created))["code"]!);
            }
        }

        Assert.Single(codes);
        Assert.EndsWith("-0001", codes.Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AForbiddenTransitionIs409WithTheCurrentStatusAndAllowedActions()
    {
        var code = (string)(await ApiClient.JsonAsync(await _portal.PostAsync("/v1/dossiers", ApiClient.Filing()), HttpStatusCode.Created))["code"]!;

        var problem = await ApiClient.ProblemAsync(await _officer.PostAsync($"/v1/dossiers/{code}/complete", null),
            HttpStatusCode.Conflict, "invalid_transition");

        Assert.Equal("submitted", (string?)problem["currentStatus"]);
        Assert.Equal(["accept", "refuse", "withdraw"], problem["allowedActions"]!.AsArray().Select(a => (string?)a));
    }

    [Fact]
    public async Task AReasonIsRequiredToRefuse()
    {
        var code = (string)(await ApiClient.JsonAsync(await _portal.PostAsync("/v1/dossiers", ApiClient.Filing()), HttpStatusCode.Created))["code"]!;

        var problem = await ApiClient.ProblemAsync(await _officer.PostAsync($"/v1/dossiers/{code}/refuse", new { reason = " " }),
            HttpStatusCode.BadRequest, "validation_failed");

        Assert.NotNull(problem["errors"]!["reason"]);
    }

    [Fact]
    public async Task BadInputIsRefusedWithAnErrorPerField()
    {
        var response = await _portal.PostAsync("/v1/dossiers", new
        {
            procedureCode = "NO-SUCH-PROC",
            agencyCode = "sxd",
            receivingCentre = "",
            applicant = new { citizenId = "12345", fullName = "A\u0000B" },
        });

        var problem = await ApiClient.ProblemAsync(response, HttpStatusCode.BadRequest, "validation_failed");
        var errors = problem["errors"]!.AsObject();
        Assert.Equal(["agencyCode", "applicant.citizenId", "applicant.fullName", "procedureCode", "receivingCentre"],
            errors.Select(e => e.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task MalformedJsonIsA400Problem()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/dossiers")
        {
            Content = new StringContent("{\"procedureCode\": ", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());

        await ApiClient.ProblemAsync(await _portal.Http.SendAsync(request), HttpStatusCode.BadRequest, "malformed_request");
    }

    [Fact]
    public async Task APostWithoutIdempotencyKeyIsRefused()
    {
        var response = await _portal.Http.PostAsJsonAsync("/v1/dossiers", ApiClient.Filing());

        await ApiClient.ProblemAsync(response, HttpStatusCode.BadRequest, "idempotency_key_required");
    }

    [Fact]
    public async Task AnUnknownDossierIs404()
    {
        await ApiClient.ProblemAsync(await _portal.GetAsync("/v1/dossiers/HN-TTHCC-990101-0001"), HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task CollectingAPaidReferenceAgainUnderANewKeyAnswersTheFirstCollectionAndCountsNoMoreCash()
    {
        var (_, reference) = await PendingCashPaymentAsync(12_000);
        var first = await ApiClient.JsonAsync(await _agent.PostAsync("/v1/channels/vnpost:HN-0001/collections",
            new { reference, amount = 12_000, receiptNumber = "BL-1" }), HttpStatusCode.Created);
        var before = await ApiClient.JsonAsync(await _agent.GetAsync("/v1/channels/vnpost:HN-0001"), HttpStatusCode.OK);

        var again = await ApiClient.JsonAsync(await _agent.PostAsync("/v1/channels/vnpost:HN-0001/collections",
            new { reference, amount = 12_000, receiptNumber = "BL-2" }), HttpStatusCode.OK);
        var after = await ApiClient.JsonAsync(await _agent.GetAsync("/v1/channels/vnpost:HN-0001"), HttpStatusCode.OK);

        Assert.Equal((string?)first["id"], (string?)again["id"]);
        Assert.Equal("BL-1", (string?)again["receiptNumber"]);
        Assert.Equal((long)before["position"]!, (long)after["position"]!);
    }

    private async Task<(string Code, string Reference)> PendingCashPaymentAsync(long amount)
    {
        var code = (string)(await ApiClient.JsonAsync(await _portal.PostAsync("/v1/dossiers", ApiClient.Filing()), HttpStatusCode.Created))["code"]!;
        await ApiClient.JsonAsync(await _officer.PostAsync($"/v1/dossiers/{code}/accept", null), HttpStatusCode.OK);
        await ApiClient.JsonAsync(await _officer.PostAsync($"/v1/dossiers/{code}/request-payment",
            new { items = new[] { new { kind = "fee", name = "Phí thẩm định", amount } } }), HttpStatusCode.OK);
        var payment = await ApiClient.JsonAsync(await _portal.PostAsync("/v1/payments", new { dossierCode = code, method = "cash" }),
            HttpStatusCode.Created);
        return (code, (string)payment["reference"]!);
    }
}
