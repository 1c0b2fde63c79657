using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using MotCua.Api.Tests.Infrastructure;

namespace MotCua.Api.Tests;

[Collection(ApiCollection.Name)]
public sealed class AuthTests(MotCuaFactory factory)
{
    [Fact]
    public async Task NoKeyIs401Problem()
    {
        var response = await factory.CreateClient().GetAsync("/v1/procedures");

        await ApiClient.ProblemAsync(response, HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task AnUnknownKeyIs401Problem()
    {
        var response = await factory.ClientFor("not-a-key").GetAsync("/v1/procedures");

        await ApiClient.ProblemAsync(response, HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Theory]
    [InlineData("dev-officer-SXD", "/v1/dossiers")]
    [InlineData("dev-agent-vnpost-HN0001", "/v1/dossiers")]
    [InlineData("dev-operator", "/v1/payments")]
    [InlineData("dev-portal", "/v1/channels/vnpost:HN-0001/collections")]
    public async Task AWrongRoleIs403Problem(string key, string path)
    {
        var response = await new ApiClient(factory.ClientFor(key)).PostAsync(path, new { });

        await ApiClient.ProblemAsync(response, HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task AnAgentCannotCollectForAnotherChannel()
    {
        var other = new ApiClient(factory.ClientFor(MotCuaFactory.OtherAgentKey));

        var response = await other.PostAsync("/v1/channels/vnpost:HN-0001/collections",
            new { reference = "ABCDEFGH", amount = 1000, receiptNumber = "X" });

        await ApiClient.ProblemAsync(response, HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task AnAgentCannotReadAnotherChannel()
    {
        var response = await factory.ClientFor(MotCuaFactory.OtherAgentKey).GetAsync("/v1/channels/vnpost:HN-0001");

        await ApiClient.ProblemAsync(response, HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task AnOfficerCannotReadADossierOfAnotherAgency()
    {
        var portal = new ApiClient(factory.ClientFor("dev-portal"));
        var filed = await ApiClient.JsonAsync(await portal.PostAsync("/v1/dossiers", new
        {
            procedureCode = "STP-LLTP-001",
            agencyCode = "STP",
            receivingCentre = "HN-TTHCC",
            applicant = new { citizenId = "001089001234", fullName = "Trần Thị Bình" },
        }), HttpStatusCode.Created);

        var response = await factory.ClientFor("dev-officer-SXD").GetAsync($"/v1/dossiers/{filed["code"]}");
        var act = await new ApiClient(factory.ClientFor("dev-officer-SXD")).PostAsync($"/v1/dossiers/{filed["code"]}/accept", null);

        await ApiClient.ProblemAsync(response, HttpStatusCode.Forbidden, "forbidden");
        await ApiClient.ProblemAsync(act, HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task HealthAndOpenApiNeedNoKey()
    {
        var client = factory.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
        var document = JsonNode.Parse(await client.GetStringAsync("/openapi/v1.json"))!;
        var paths = document["paths"]!.AsObject().Select(p => p.Key).ToHashSet();
        foreach (var route in new[]
                 {
                     "/v1/procedures", "/v1/dossiers", "/v1/dossiers/{code}", "/v1/dossiers/{code}/accept",
                     "/v1/dossiers/{code}/request-payment", "/v1/payments", "/v1/payments/{id}",
                     "/v1/payments/by-reference/{reference}", "/v1/channels/{channelId}", "/v1/channels/{channelId}/collections",
                 })
        {
            Assert.Contains(route, paths);
        }
    }

    [Fact]
    public void DevelopmentKeysStopTheStartOutsideDevelopment()
    {
        using var production = new MotCuaFactory { Environment = "Production" };
        production.Settings["MotCua:Auth:DevelopmentKeys"] = "true";

        var error = Assert.Throws<InvalidOperationException>(() => production.CreateClient());

        Assert.Contains("Development", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DevelopmentKeysAreUnknownOutsideDevelopment()
    {
        await using var production = new MotCuaFactory { Environment = "Production" };
        var client = production.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "dev-portal");

        await ApiClient.ProblemAsync(await client.GetAsync("/v1/procedures"), HttpStatusCode.Unauthorized, "unauthorized");
    }
}
