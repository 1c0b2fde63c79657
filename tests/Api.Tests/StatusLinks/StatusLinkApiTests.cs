using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using MotCua.Api.StatusLinks;
using MotCua.Api.Tests.Infrastructure;

namespace MotCua.Api.Tests.StatusLinks;

/// <summary>Citizens follow their dossier by its status link: what they see, and what no one else learns (issue 20).</summary>
[Collection(ApiCollection.Name)]
public sealed class StatusLinkApiTests(MotCuaFactory factory)
{
    private readonly PaymentApiKit _kit = new(factory);

    private HttpClient Anyone() => factory.CreateClient();

    private async Task<JsonNode> LinkAsync(string code) =>
        await ApiClient.JsonAsync(await _kit.Portal.GetAsync($"/v1/dossiers/{code}/status-link"), HttpStatusCode.OK);

    [Fact]
    public async Task ACitizenWithTheLinkSeesTheStatusTheDateAndTheFeeToPayAndAfterCashTheFeePaid()
    {
        var citizen = PaymentApiKit.NewCitizen();
        var code = await _kit.DossierAwaitingFeesAsync(citizen, ("charge", 75_000));
        var vietQr = await _kit.CreatePaymentAsync(code, "vietqr");
        var link = await LinkAsync(code);
        var token = (string)link["token"]!;
        Assert.EndsWith($"/s/{token}", (string?)link["pageUrl"]);

        var response = await Anyone().GetAsync($"/v1/public/status/{token}");
        var text = await response.Content.ReadAsStringAsync();
        var status = await ApiClient.JsonAsync(response, HttpStatusCode.OK);

        Assert.Equal(code, (string?)status["code"]);
        Assert.Equal("payment_requested", (string?)status["status"]);
        Assert.Equal("Chờ thanh toán phí, lệ phí", (string?)status["statusText"]!["vi"]);
        Assert.Equal("Awaiting payment of fees", (string?)status["statusText"]!["en"]);
        Assert.Equal("Trần T. B.", (string?)status["applicantName"]);
        Assert.NotNull((string?)status["procedureName"]);
        Assert.EndsWith("+07:00", (string?)status["dueAt"]);
        Assert.False((bool)status["overdue"]!);
        Assert.DoesNotContain(citizen, text, StringComparison.Ordinal);
        Assert.DoesNotContain("Trần Thị Bình", text, StringComparison.Ordinal);
        Assert.DoesNotContain("kid-", text, StringComparison.Ordinal);
        var next = status["nextStep"]!;
        Assert.Equal("payment", (string?)next["kind"]);
        Assert.Equal(75_000, (long)next["amountDue"]!);
        Assert.Equal(75_000, (long)next["vietQr"]!["amount"]!);
        Assert.Equal(["submitted", "accepted", "payment_requested"], status["history"]!.AsArray().Select(h => (string?)h!["status"]));

        var image = await Anyone().GetAsync((string)next["vietQr"]!["imageUrl"]!);
        Assert.Equal(HttpStatusCode.OK, image.StatusCode);
        Assert.Equal("image/png", image.Content.Headers.ContentType?.MediaType);
        var png = await image.Content.ReadAsByteArrayAsync();
        Assert.Equal(MotCua.Api.Endpoints.QrImage.Png((string)vietQr["vietqr"]!["payload"]!), png);

        // The citizen chooses cash instead: the page gives the agent's reference and amount; the agent collects it.
        await ApiClient.JsonAsync(await _kit.Portal.PostAsync($"/v1/payments/{(string)vietQr["id"]!}/cancel", null), HttpStatusCode.OK);
        var cash = await _kit.CreatePaymentAsync(code, "cash");
        var withCash = await ApiClient.JsonAsync(await Anyone().GetAsync($"/v1/public/status/{token}"), HttpStatusCode.OK);
        Assert.Equal((string?)cash["reference"], (string?)withCash["nextStep"]!["cash"]!["reference"]);
        Assert.Equal(75_000, (long)withCash["nextStep"]!["cash"]!["amount"]!);
        Assert.Null(withCash["nextStep"]!["vietQr"]);

        await _kit.CollectAsync(cash);
        var paid = await EventuallyAsync(token, s => (string?)s["status"] == "processing");
        Assert.Equal("Đang xử lý", (string?)paid["statusText"]!["vi"]);
        Assert.Equal("none", (string?)paid["nextStep"]!["kind"]);
        Assert.All(paid["fees"]!.AsArray(), f => Assert.True((bool)f!["paid"]!));
    }

    [Fact]
    public async Task AnUnknownARevokedAForgedAndAnotherDossiersTokenAll404Alike()
    {
        var code = await _kit.DossierAwaitingFeesAsync(PaymentApiKit.NewCitizen(), ("fee", 10_000));
        var revoked = (string)(await LinkAsync(code))["token"]!;
        var reissued = await ApiClient.JsonAsync(
            await _kit.Officer.PostAsync($"/v1/dossiers/{code}/status-link/reissue", null), HttpStatusCode.OK);
        Assert.Equal(1, (int)reissued["generation"]!);
        var tokens = factory.Services.GetRequiredService<StatusTokens>();
        var neverFiled = tokens.Issue("HN-NONE-260101-0001", 0);
        var forged = revoked[..^2] + (revoked[^2] == 'A' ? "B" : "A") + revoked[^1];

        var answers = new List<string>();
        foreach (var token in new[] { "not-a-token", revoked, neverFiled, forged, tokens.Issue(code, 7) })
        {
            var problem = await ApiClient.ProblemAsync(await Anyone().GetAsync($"/v1/public/status/{token}"), HttpStatusCode.NotFound, "not_found");
            answers.Add($"{problem["title"]}|{problem["detail"]}|{problem["type"]}");
            await ApiClient.ProblemAsync(await Anyone().GetAsync($"/v1/public/status/{token}/vietqr.png"), HttpStatusCode.NotFound, "not_found");
        }

        Assert.Single(answers.Distinct());
        Assert.DoesNotContain(code, answers[0], StringComparison.Ordinal);
        var fresh = await ApiClient.JsonAsync(await Anyone().GetAsync($"/v1/public/status/{(string)reissued["token"]!}"), HttpStatusCode.OK);
        Assert.Equal(code, (string?)fresh["code"]);
    }

    [Fact]
    public async Task OnlyAnOfficerOfTheAgencyReissuesAndAReplayedReissueMovesTheGenerationOnce()
    {
        var code = await _kit.DossierAwaitingFeesAsync(PaymentApiKit.NewCitizen(), ("fee", 10_000));

        await ApiClient.ProblemAsync(await _kit.Portal.PostAsync($"/v1/dossiers/{code}/status-link/reissue", null),
            HttpStatusCode.Forbidden, "forbidden");
        var first = await ApiClient.JsonAsync(await _kit.Officer.PostAsync($"/v1/dossiers/{code}/status-link/reissue", null, "reissue-1"), HttpStatusCode.OK);
        var replay = await ApiClient.JsonAsync(await _kit.Officer.PostAsync($"/v1/dossiers/{code}/status-link/reissue", null, "reissue-1"), HttpStatusCode.OK);

        Assert.Equal(1, (int)first["generation"]!);
        Assert.Equal(1, (int)replay["generation"]!);
        Assert.Equal(1, (int)(await LinkAsync(code))["generation"]!);
    }

    [Fact]
    public async Task EachViewIsAuditedByAHashOfTheTokenNeverTheTokenItself()
    {
        var code = await _kit.DossierAwaitingFeesAsync(PaymentApiKit.NewCitizen(), ("fee", 10_000));
        var token = (string)(await LinkAsync(code))["token"]!;
        await ApiClient.JsonAsync(await Anyone().GetAsync($"/v1/public/status/{token}"), HttpStatusCode.OK);

        var today = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(7)).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var target = StatusTokens.AuditName(token);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var response = await _kit.Operator.GetAsync($"/v1/audit?date={today}&target={target}&limit=100");
            var text = await response.Content.ReadAsStringAsync();
            var entries = ((JsonArray)(await ApiClient.JsonAsync(response, HttpStatusCode.OK))["entries"]!).ToList();
            if (entries.Count > 0)
            {
                Assert.Equal("/v1/public/status/{token}", (string?)entries[0]!["route"]);
                Assert.Equal("anonymous", (string?)entries[0]!["keyId"]);
                Assert.DoesNotContain(token, text, StringComparison.Ordinal);
                break;
            }

            Assert.True(DateTime.UtcNow < deadline, "The view was not audited within 30 s.");
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task AFloodFromOneAddressIs429()
    {
        await using var limited = new MotCuaFactory();
        limited.Settings["MotCua:Limits:AnonymousPermits"] = "5";
        limited.Settings["MotCua:Limits:AnonymousPermitsPerSecond"] = "1";
        var anyone = limited.CreateClient();
        var token = limited.Services.GetRequiredService<StatusTokens>().Issue("HN-NONE-260101-0001", 0);

        HttpResponseMessage? refused = null;
        for (var i = 0; i < 50 && refused is null; i++)
        {
            var response = await anyone.GetAsync($"/v1/public/status/{token}");
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                refused = response;
            }
        }

        Assert.NotNull(refused);
        await ApiClient.ProblemAsync(refused, HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.True(refused.Headers.Contains("Retry-After"));
    }

    [Fact]
    public async Task TheOpenApiDocumentShowsThePublicRoutesUnauthenticatedAndTheOthersKeyed()
    {
        var document = await ApiClient.JsonAsync(await Anyone().GetAsync("/openapi/v1.json"), HttpStatusCode.OK);
        var paths = document["paths"]!;

        Assert.Empty(paths["/v1/public/status/{token}"]!["get"]!["security"]!.AsArray());
        Assert.Empty(paths["/v1/public/status/{token}/vietqr.png"]!["get"]!["security"]!.AsArray());
        Assert.NotEmpty(paths["/v1/dossiers/{code}/receipt.pdf"]!["get"]!["security"]!.AsArray());
        Assert.NotEmpty(paths["/v1/dossiers/{code}/status-link/reissue"]!["post"]!["security"]!.AsArray());
    }

    private async Task<JsonNode> EventuallyAsync(string token, Func<JsonNode, bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var status = await ApiClient.JsonAsync(await Anyone().GetAsync($"/v1/public/status/{token}"), HttpStatusCode.OK);
            if (condition(status))
            {
                return status;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Not reached within 20 s: {status.ToJsonString()}");
            await Task.Delay(50);
        }
    }
}
