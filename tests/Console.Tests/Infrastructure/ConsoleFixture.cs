using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using MotCua.Integration.Tests.Infrastructure;

namespace MotCua.Console.Tests.Infrastructure;

/// <summary>One embedded MotCua for every console test, and the HTTP steps that prepare what an agent collects.</summary>
public sealed class ConsoleFixture : IAsyncLifetime
{
    public const string PortalKey = "dev-portal";
    public const string OfficerKey = "dev-officer-SXD";
    public const string AgentKey = "dev-agent-vnpost-HN0001";
    public const string OperatorKey = "dev-operator";

    /// <summary>A second agent, of another channel (a configured key, as production has them).</summary>
    public const string OtherAgentKey = "console-other-agent-secret";

    public const string OtherChannelId = "vnpost:HN-0002";

    /// <summary>An officer of another agency than SXD (a configured key).</summary>
    public const string OtherOfficerKey = "console-other-officer-secret";

    public const string OtherAgencyCode = "STP";
    public const string ChannelId = "vnpost:HN-0001";

    private SiloProcess? _silo;

    public SiloProcess Silo => _silo ?? throw new InvalidOperationException("The silo has not started.");

    public HttpClient Portal { get; private set; } = null!;

    public HttpClient Officer { get; private set; } = null!;

    public HttpClient Agent { get; private set; } = null!;

    public HttpClient Operator { get; private set; } = null!;

    public HttpClient Anonymous { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        // The embedded default (no connection string), in the Development environment for the dev keys.
        _silo = SiloProcess.Start("console", connectionString: "", SiloPorts.Free(), $"console-{Guid.NewGuid():N}", new Dictionary<string, string>
        {
            ["MotCua__Auth__Keys__0__Id"] = "console-agent-2",
            ["MotCua__Auth__Keys__0__Role"] = "agent",
            ["MotCua__Auth__Keys__0__ChannelId"] = OtherChannelId,
            ["MotCua__Auth__Keys__0__Sha256"] = "2493e8c50a673af37cabb82d856ee9f2a89918ac6afe71b40e1640dcfd6f34b4", // SHA-256 of OtherAgentKey
            ["MotCua__Auth__Keys__1__Id"] = "console-officer-stp",
            ["MotCua__Auth__Keys__1__Role"] = "officer",
            ["MotCua__Auth__Keys__1__AgencyCode"] = OtherAgencyCode,
            ["MotCua__Auth__Keys__1__Sha256"] = "3c7dc434d1a3fdf67503b85ec95b3920c0b4906dfabe127722638ac9933bb4a7", // SHA-256 of OtherOfficerKey
        });
        await _silo.WaitReadyAsync(TimeSpan.FromSeconds(90));
        Portal = _silo.ClientFor(PortalKey);
        Officer = _silo.ClientFor(OfficerKey);
        Agent = _silo.ClientFor(AgentKey);
        Operator = _silo.ClientFor(OperatorKey);
        Anonymous = _silo.ClientFor(null);
    }

    public async Task DisposeAsync()
    {
        foreach (var client in new[] { Portal, Officer, Agent, Operator, Anonymous })
        {
            client?.Dispose();
        }

        if (_silo is not null)
        {
            await _silo.DisposeAsync();
        }
    }

    /// <summary>Files an SXD dossier for <paramref name="applicant"/>, accepts it, asks for one charge and creates a cash payment.</summary>
    public async Task<(string DossierCode, string Reference, string PaymentId)> PendingCashPaymentAsync(string applicant, long amount)
    {
        var filed = await ExpectAsync(Portal.PostWithKeyAsync("/v1/dossiers", new
        {
            procedureCode = "SXD-XD-001",
            agencyCode = "SXD",
            receivingCentre = "HN-TTHCC",
            applicant = new { citizenId = "001089001234", fullName = applicant },
        }), HttpStatusCode.Created);
        var code = (string)filed["code"]!;
        await ExpectAsync(Officer.PostWithKeyAsync($"/v1/dossiers/{code}/accept", null), HttpStatusCode.OK);
        await ExpectAsync(Officer.PostWithKeyAsync($"/v1/dossiers/{code}/request-payment", new
        {
            items = new[] { new { kind = "charge", name = "Lệ phí cấp giấy phép xây dựng", amount } },
        }), HttpStatusCode.OK);
        var payment = await ExpectAsync(Portal.PostWithKeyAsync("/v1/payments", new { dossierCode = code, method = "cash" }), HttpStatusCode.Created);
        Assert.Equal("pending", (string?)payment["status"]);
        return (code, (string)payment["reference"]!, (string)payment["id"]!);
    }

    public async Task<JsonNode> ChannelAsync() => await ExpectAsync(Agent.GetAsync($"/v1/channels/{ChannelId}"), HttpStatusCode.OK);

    /// <summary>Reads the payment until <paramref name="done"/> holds (grain flows finish after the answer at most a moment later).</summary>
    public async Task<JsonNode> PaymentWhenAsync(string paymentId, Func<JsonNode, bool> done)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var payment = await ExpectAsync(Portal.GetAsync($"/v1/payments/{paymentId}"), HttpStatusCode.OK);
            if (done(payment) || DateTime.UtcNow > deadline)
            {
                return payment;
            }

            await Task.Delay(100);
        }
    }

    /// <summary>An amount as the console must show it: vi-VN grouping with dots, a no-break space, the đồng sign.</summary>
    public static string Vnd(long amount) =>
        amount.ToString("#,0", CultureInfo.InvariantCulture).Replace(',', '.') + "\u00a0₫";

    public static async Task<JsonNode> ExpectAsync(Task<HttpResponseMessage> call, HttpStatusCode expected)
    {
        using var response = await call;
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"Expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!;
    }
}

/// <summary>POSTs with a fresh Idempotency-Key, as every MotCua POST needs one.</summary>
public static class HttpClientExtensions
{
    public static async Task<HttpResponseMessage> PostWithKeyAsync(this HttpClient client, string path, object? body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        return await client.SendAsync(request);
    }
}

/// <summary>The console tests share one silo and run one at a time (they read and move the same channel's window).</summary>
[CollectionDefinition(Name)]
public sealed class ConsoleCollection : ICollectionFixture<ConsoleFixture>
{
    public const string Name = "console";
}
