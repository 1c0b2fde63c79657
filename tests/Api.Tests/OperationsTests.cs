using System.Net;
using MotCua.Api.Tests.Infrastructure;

namespace MotCua.Api.Tests;

[Collection(ApiCollection.Name)]
public sealed class OperationsTests(MotCuaFactory factory)
{
    [Fact]
    public async Task AnOperatorSeesTheSilosAndTheirActivationsPerGrainType()
    {
        // Activate a dossier so the figures have something of ours in them.
        var portal = new ApiClient(factory.ClientFor("dev-portal"));
        await ApiClient.JsonAsync(await portal.PostAsync("/v1/dossiers", ApiClient.Filing()), HttpStatusCode.Created);

        var cluster = await ApiClient.JsonAsync(await factory.ClientFor("dev-operator").GetAsync("/v1/cluster"), HttpStatusCode.OK);

        Assert.Equal(1, (int)cluster["activeSilos"]!);
        var silo = Assert.Single(cluster["silos"]!.AsArray())!;
        Assert.Equal("active", (string?)silo["status"]);
        Assert.True((int)silo["activationsByGrainType"]!["DossierGrain"]! >= 1);
        Assert.Equal((int)cluster["activations"]!, silo["activationsByGrainType"]!.AsObject().Sum(t => (int)t.Value!));
    }

    [Theory]
    [InlineData("dev-portal")]
    [InlineData("dev-officer-SXD")]
    [InlineData("dev-agent-vnpost-HN0001")]
    public async Task OnlyOperatorsSeeTheClusterAndTheDashboard(string key)
    {
        var client = factory.ClientFor(key);

        await ApiClient.ProblemAsync(await client.GetAsync("/v1/cluster"), HttpStatusCode.Forbidden, "forbidden");
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/dashboard/")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await factory.CreateClient().GetAsync("/dashboard/")).StatusCode);
    }

    [Fact]
    public async Task MetricsExposeOrleansAndHttpInstrumentsForPrometheus()
    {
        var client = factory.CreateClient();
        await client.GetAsync("/health/ready");

        var response = await client.GetAsync("/metrics");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("# TYPE orleans_", text, StringComparison.Ordinal);
        Assert.Contains("http_server_request_duration_seconds", text, StringComparison.Ordinal);
    }
}
