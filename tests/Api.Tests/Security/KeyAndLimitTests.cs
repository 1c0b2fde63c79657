using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using MotCua.Api.Auth;
using MotCua.Api.Tests.Infrastructure;
using MotCua.Api.Validation;
using MotCua.Grains.Tests;

namespace MotCua.Api.Tests.Security;

/// <summary>Issued keys (hash only, bound, revocable), rate limits, body limits and the citizen id rule.</summary>
[Collection(SecurityCollection.Name)]
public sealed class KeyAndLimitTests(SecurityFixture fixture)
{
    [Fact]
    public async Task AnIssuedAgentKeyWorksOnlyForItsChannelAndStopsWhenRevoked()
    {
        var op = fixture.As(SecurityFactory.OperatorKey);
        var issued = await ApiClient.JsonAsync(await op.PostAsync("/v1/access/keys",
            new { role = "agent", channelId = SecurityFactory.OtherChannel, label = "Bưu cục Đà Nẵng" }), HttpStatusCode.Created);
        var key = (string)issued["key"]!;
        var keyId = (string)issued["keyId"]!;
        var agent = fixture.Factory.ClientFor(key);

        Assert.Equal(HttpStatusCode.OK, (await agent.GetAsync($"/v1/channels/{SecurityFactory.OtherChannel}")).StatusCode);
        await ApiClient.ProblemAsync(await agent.GetAsync($"/v1/channels/{SecurityFactory.Channel}"), HttpStatusCode.Forbidden, "forbidden");
        await ApiClient.ProblemAsync(await agent.GetAsync("/v1/ledger/audit"), HttpStatusCode.Forbidden, "forbidden");

        var listed = await ApiClient.JsonAsync(await op.GetAsync("/v1/access/keys"), HttpStatusCode.OK);
        var entry = ((JsonArray)listed).Single(k => (string)k!["keyId"]! == keyId)!;
        Assert.Equal("agent", (string?)entry["role"]);
        Assert.Equal(SecurityFactory.OtherChannel, (string?)entry["channelId"]);
        Assert.DoesNotContain(key[^64..], listed.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain(ApiKeyStore.Hash(key[^64..]), listed.ToJsonString(), StringComparison.Ordinal);

        await ApiClient.JsonAsync(await op.PostAsync($"/v1/access/keys/{keyId}/revoke", new { reason = "Lộ khóa" }), HttpStatusCode.OK);

        await ApiClient.ProblemAsync(await agent.GetAsync($"/v1/channels/{SecurityFactory.OtherChannel}"), HttpStatusCode.Unauthorized, "unauthorized");
        var summary = await ApiClient.JsonAsync(await op.GetAsync($"/v1/access/keys/{keyId}"), HttpStatusCode.OK);
        Assert.NotNull((string?)summary["revokedAt"]);
    }

    [Fact]
    public async Task AnotherApiNodeRefusesARevokedKeyOnceItsCacheBoundHasPassed()
    {
        var op = fixture.As(SecurityFactory.OperatorKey);
        var issued = await ApiClient.JsonAsync(await op.PostAsync("/v1/access/keys", new { role = "portal" }), HttpStatusCode.Created);
        var key = (string)issued["key"]!;
        Assert.True(IssuedApiKeys.TrySplit(key, out var keyId, out var secret));
        var clock = new DossierTestClock(DateTimeOffset.UtcNow);
        var otherNode = new IssuedApiKeys(fixture.Factory.Services.GetRequiredService<Orleans.IGrainFactory>(),
            Microsoft.Extensions.Options.Options.Create(new ApiKeyOptions { CacheSeconds = 30 }), clock);
        Assert.NotNull(await otherNode.FindAsync(keyId, secret));

        await ApiClient.JsonAsync(await op.PostAsync($"/v1/access/keys/{keyId}/revoke", null), HttpStatusCode.OK);

        clock.Advance(TimeSpan.FromSeconds(29));
        Assert.NotNull(await otherNode.FindAsync(keyId, secret)); // still inside the documented bound
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(await otherNode.FindAsync(keyId, secret));
        Assert.Null(await otherNode.FindAsync(keyId, new string('0', 64)));
    }

    [Fact]
    public async Task ASecretIsShownOnceAndAReplayIsRefused()
    {
        var op = fixture.As(SecurityFactory.OperatorKey);
        var idempotencyKey = Guid.NewGuid().ToString();

        var first = await op.PostAsync("/v1/access/keys", new { role = "officer", agencyCode = "STP" }, idempotencyKey);
        var again = await op.PostAsync("/v1/access/keys", new { role = "officer", agencyCode = "STP" }, idempotencyKey);
        var other = await op.PostAsync("/v1/access/keys", new { role = "officer", agencyCode = "SXD" }, idempotencyKey);

        var issued = await ApiClient.JsonAsync(first, HttpStatusCode.Created);
        Assert.Matches("^mc1_k[a-z2-7]{20}_[0-9a-f]{64}$", (string)issued["key"]!);
        var replay = await ApiClient.ProblemAsync(again, HttpStatusCode.Conflict, "api_key_already_issued");
        Assert.DoesNotContain(((string)issued["key"]!)[^64..], replay.ToJsonString(), StringComparison.Ordinal);
        await ApiClient.ProblemAsync(other, HttpStatusCode.UnprocessableEntity, "idempotency_key_reused");
    }

    [Theory]
    [InlineData("officer", null, null, "agencyCode")]
    [InlineData("agent", null, null, "channelId")]
    [InlineData("portal", "SXD", null, "agencyCode")]
    [InlineData("officer", "SXD", "vnpost:HN-0001", "channelId")]
    public async Task AKeyMustBeBoundExactlyAsItsRoleNeeds(string role, string? agencyCode, string? channelId, string field)
    {
        var response = await fixture.As(SecurityFactory.OperatorKey).PostAsync("/v1/access/keys", new { role, agencyCode, channelId });

        var problem = await ApiClient.ProblemAsync(response, HttpStatusCode.BadRequest, "validation_failed");
        Assert.True(problem["errors"]!.AsObject().ContainsKey(field), problem.ToJsonString());
    }

    [Fact]
    public async Task TooManyRequestsFromOneKeyAre429WithRetryAfter()
    {
        await using var limited = new SecurityFactory();
        limited.Settings["MotCua:Limits:PermitsPerKey"] = "5";
        limited.Settings["MotCua:Limits:PermitsPerKeyPerSecond"] = "1";
        var portal = limited.ClientFor(SecurityFactory.PortalKey);
        var other = limited.ClientFor(SecurityFactory.OperatorKey);

        HttpResponseMessage? refused = null;
        for (var i = 0; i < 50 && refused is null; i++)
        {
            var response = await portal.GetAsync("/v1/procedures");
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                refused = response;
            }
        }

        Assert.NotNull(refused);
        await ApiClient.ProblemAsync(refused, HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.True(int.Parse(refused.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) >= 1);
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync("/v1/procedures")).StatusCode);
    }

    [Fact]
    public async Task ABodyOverTheLimitIs413WithOrWithoutContentLength()
    {
        var portal = fixture.Factory.ClientFor(SecurityFactory.PortalKey);
        var huge = "{\"reason\":\"" + new string('a', 100_000) + "\"}";

        using var sized = new HttpRequestMessage(HttpMethod.Post, $"/v1/dossiers/{fixture.SxdDossier}/withdraw")
        {
            Content = new StringContent(huge, Encoding.UTF8, "application/json"),
        };
        sized.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        using var chunked = new HttpRequestMessage(HttpMethod.Post, $"/v1/dossiers/{fixture.SxdDossier}/withdraw")
        {
            Content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(huge))),
        };
        chunked.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        chunked.Headers.TransferEncodingChunked = true;
        chunked.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());

        await ApiClient.ProblemAsync(await portal.SendAsync(sized), HttpStatusCode.RequestEntityTooLarge, "request_too_large");
        await ApiClient.ProblemAsync(await portal.SendAsync(chunked), HttpStatusCode.RequestEntityTooLarge, "request_too_large");
    }

    [Theory]
    [InlineData("001089001234", true)]
    [InlineData("096200001234", true)]
    [InlineData("079300001234", true)]
    [InlineData("000089001234", false)]
    [InlineData("003089001234", false)]
    [InlineData("050089001234", false)]
    [InlineData("097089001234", false)]
    [InlineData("00108900123", false)]
    [InlineData("00108900123x", false)]
    public void ACitizenIdStartsWithARealProvinceCode(string citizenId, bool valid)
    {
        var v = new Validator();

        v.CitizenId("citizenId", citizenId);

        Assert.Equal(valid, v.IsValid);
    }

    [Fact]
    public void TheProvinceListHasTheSixtyThreeCodesOfTheCircular()
    {
        Assert.Equal(63, ProvinceCodes.All.Count);
        Assert.Equal("Hà Nội", ProvinceCodes.All["001"]);
        Assert.Equal("Hồ Chí Minh", ProvinceCodes.All["079"]);
        Assert.Equal("Cà Mau", ProvinceCodes.All["096"]);
    }

    [Theory]
    [InlineData("Nguyễn Văn An", true)]
    [InlineData("Nguye\u0303\u0302n", true)]
    [InlineData("An\u202e", false)]
    [InlineData("A\u200bn", false)]
    [InlineData("\ue000", false)]
    [InlineData("An\u0007", false)]
    public void FreeTextRefusesInvisibleAndBrokenCharactersAndIsNormalisedToNfc(string text, bool valid)
    {
        var v = new Validator();

        var normalised = v.Text("name", text, 100);

        Assert.Equal(valid, v.IsValid);
        if (valid)
        {
            Assert.True(normalised!.IsNormalized(NormalizationForm.FormC));
        }
    }

    [Fact]
    public void FreeTextRefusesALoneSurrogate()
    {
        var v = new Validator();

        v.Text("name", new string(['\ud800', 'A', 'n']), 100);

        Assert.False(v.IsValid);
    }

    [Fact]
    public void FeeTotalsAboveTheBoundAreRefused()
    {
        var v = new Validator();

        v.Total("items", [Validator.MaxAmount, 1]);

        Assert.False(v.IsValid);
    }
}
