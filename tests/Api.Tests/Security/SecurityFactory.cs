using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;
using MotCua.Api.Auth;
using MotCua.Api.Tests.Infrastructure;

namespace MotCua.Api.Tests.Security;

/// <summary>
/// An embedded MotCua for the security tests: extra keys bound to another agency and another channel, a real-looking
/// collection account for SXD, every log line captured, and limits set by the test (generous by default).
/// </summary>
public sealed class SecurityFactory : WebApplicationFactory<Program>
{
    public const string PortalKey = "dev-portal";
    public const string OfficerKey = "dev-officer-SXD";
    public const string AgentKey = "dev-agent-vnpost-HN0001";
    public const string OperatorKey = "dev-operator";
    public const string OtherOfficerKey = "test-officer-STP-secret-1";
    public const string OtherAgentKey = "test-agent-DN0002-secret-1";
    public const string Channel = "vnpost:HN-0001";
    public const string OtherChannel = "vnpost:DN-0002";

    /// <summary>SXD's collection account: a full account number that must never appear in a log.</summary>
    public const string AccountNumber = "0011001932418";

    public LogSink Logs { get; } = new();

    public Dictionary<string, string?> Settings { get; } = new()
    {
        ["MotCua:Limits:PermitsPerKey"] = "1000000",
        ["MotCua:Limits:PermitsPerKeyPerSecond"] = "1000000",
        ["MotCua:Limits:AnonymousPermits"] = "1000000",
        ["MotCua:Limits:AnonymousPermitsPerSecond"] = "1000000",
    };

    public HttpClient ClientFor(string? apiKey)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }

        return client;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("Sandbox:Embedded", "false");
        builder.UseSetting("MotCua:Silo:SiloPort", MotCuaFactory.FreePort().ToString(CultureInfo.InvariantCulture));
        builder.UseSetting("MotCua:Silo:GatewayPort", MotCuaFactory.FreePort().ToString(CultureInfo.InvariantCulture));
        builder.UseSetting("MotCua:Silo:ClusterId", $"security-{Guid.NewGuid():N}");
        builder.UseSetting("MotCua:Auth:Keys:0:Id", "kid-test-officer-stp");
        builder.UseSetting("MotCua:Auth:Keys:0:Sha256", ApiKeyStore.Hash(OtherOfficerKey));
        builder.UseSetting("MotCua:Auth:Keys:0:Role", "officer");
        builder.UseSetting("MotCua:Auth:Keys:0:AgencyCode", "STP");
        builder.UseSetting("MotCua:Auth:Keys:1:Id", "kid-test-agent-dn0002");
        builder.UseSetting("MotCua:Auth:Keys:1:Sha256", ApiKeyStore.Hash(OtherAgentKey));
        builder.UseSetting("MotCua:Auth:Keys:1:Role", "agent");
        builder.UseSetting("MotCua:Auth:Keys:1:ChannelId", OtherChannel);
        builder.UseSetting("MotCua:CollectionAccounts:SXD:BankBin", "970436");
        builder.UseSetting("MotCua:CollectionAccounts:SXD:AccountNumber", AccountNumber);
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureLogging(logging =>
        {
            logging.SetMinimumLevel(LogLevel.Debug);
            logging.AddFilter("Orleans", LogLevel.Information);
            logging.AddProvider(Logs);
        });
    }
}

/// <summary>Every log line the host wrote (message, exception and scope-free state), for the secret grep.</summary>
public sealed class LogSink : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyCollection<string> Lines => _lines;

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _lines);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs
                ? string.Join(" ", pairs.Select(p => $"{p.Key}={p.Value}"))
                : "";
            lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {values} {exception}");
        }
    }
}

/// <summary>
/// The ids every security test acts on, created once: dossiers of SXD and of STP, a dossier awaiting its fee with a
/// pending cash payment, a wallet with money, an issued agent key and a revoked one.
/// </summary>
public sealed class SecurityFixture : IAsyncLifetime
{
    public SecurityFactory Factory { get; } = new();

    public string SxdDossier { get; private set; } = "";
    public string StpDossier { get; private set; } = "";
    public string FeeDossier { get; private set; } = "";
    public string PaymentId { get; private set; } = "";
    public string Reference { get; private set; } = "";
    public string Citizen { get; } = "079200001234";
    public string IssuedKeyId { get; private set; } = "";
    public string RevokedKey { get; private set; } = "";

    public ApiClient As(string? key) => new(Factory.ClientFor(key));

    public async Task InitializeAsync()
    {
        var portal = As(SecurityFactory.PortalKey);
        var officer = As(SecurityFactory.OfficerKey);
        SxdDossier = await FileAsync(portal, "SXD-XD-001", "SXD");
        StpDossier = await FileAsync(portal, "STP-LLTP-001", "STP");
        FeeDossier = await FileAsync(portal, "SXD-XD-001", "SXD");
        await ApiClient.JsonAsync(await officer.PostAsync($"/v1/dossiers/{FeeDossier}/accept", null), HttpStatusCode.OK);
        await ApiClient.JsonAsync(await officer.PostAsync($"/v1/dossiers/{FeeDossier}/request-payment",
            new { items = new[] { new { kind = "charge", name = "Lệ phí cấp giấy phép xây dựng", amount = 75000 } } }), HttpStatusCode.OK);
        var payment = await ApiClient.JsonAsync(await portal.PostAsync("/v1/payments", new { dossierCode = FeeDossier, method = "cash" }),
            HttpStatusCode.Created);
        PaymentId = (string)payment["id"]!;
        Reference = (string)payment["reference"]!;
        await ApiClient.JsonAsync(await portal.PostAsync($"/v1/wallets/{Citizen}/top-ups", new { amount = 500000 }), HttpStatusCode.Created);

        var operatorClient = As(SecurityFactory.OperatorKey);
        var issued = await ApiClient.JsonAsync(await operatorClient.PostAsync("/v1/access/keys",
            new { role = "agent", channelId = SecurityFactory.Channel, label = "Bưu cục Hà Nội 1" }), HttpStatusCode.Created);
        IssuedKeyId = (string)issued["keyId"]!;
        var revoked = await ApiClient.JsonAsync(await operatorClient.PostAsync("/v1/access/keys", new { role = "portal" }), HttpStatusCode.Created);
        RevokedKey = (string)revoked["key"]!;
        await ApiClient.JsonAsync(await operatorClient.PostAsync($"/v1/access/keys/{revoked["keyId"]}/revoke", new { reason = "test" }),
            HttpStatusCode.OK);
    }

    /// <summary>
    /// Everything the fuzzer must not change: the ledger, the fixture dossiers and payment, the wallet, both channels,
    /// the agencies' dossier lists and the issued keys.
    /// </summary>
    public async Task<string> SnapshotAsync()
    {
        var op = As(SecurityFactory.OperatorKey);
        var portal = As(SecurityFactory.PortalKey);
        var parts = new List<string>();
        foreach (var (client, path) in new[]
                 {
                     (op, "/v1/ledger/audit"), (op, $"/v1/dossiers/{SxdDossier}"), (op, $"/v1/dossiers/{StpDossier}"),
                     (op, $"/v1/dossiers/{FeeDossier}"), (op, $"/v1/payments/{PaymentId}"), (portal, $"/v1/wallets/{Citizen}"),
                     (op, $"/v1/channels/{SecurityFactory.Channel}"), (op, $"/v1/channels/{SecurityFactory.OtherChannel}"),
                     (op, "/v1/dossiers?agency=SXD&pageSize=100"), (op, "/v1/dossiers?agency=STP&pageSize=100"), (op, "/v1/access/keys"),
                 })
        {
            var response = await client.GetAsync(path);
            var text = await response.Content.ReadAsStringAsync();
            if (path == "/v1/ledger/audit" && JsonNode.Parse(text) is JsonObject audit)
            {
                audit.Remove("at"); // when the audit was read, not state
                text = audit.ToJsonString();
            }

            parts.Add($"{path} {(int)response.StatusCode} {text}");
        }

        return string.Join("\n", parts);
    }

    /// <summary>Waits until the agency lists show the fixture dossiers (the index is fed just after each dossier's write).</summary>
    public async Task AwaitIndexedAsync()
    {
        var op = As(SecurityFactory.OperatorKey);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var sxd = await ApiClient.JsonAsync(await op.GetAsync("/v1/dossiers?agency=SXD&pageSize=100"), HttpStatusCode.OK);
            var stp = await ApiClient.JsonAsync(await op.GetAsync("/v1/dossiers?agency=STP&pageSize=100"), HttpStatusCode.OK);
            var listed = ((JsonArray)sxd["items"]!).Concat((JsonArray)stp["items"]!).Select(i => (string)i!["code"]!).ToHashSet();
            var fee = ((JsonArray)sxd["items"]!).FirstOrDefault(i => (string)i!["code"]! == FeeDossier);
            if (listed.SetEquals([SxdDossier, StpDossier, FeeDossier]) && (string?)fee?["status"] == "payment_requested")
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, "The agency lists did not show the fixture dossiers within 30 s.");
            await Task.Delay(50);
        }
    }

    public async Task DisposeAsync() => await Factory.DisposeAsync();

    private static async Task<string> FileAsync(ApiClient portal, string procedure, string agency)
    {
        var filed = await ApiClient.JsonAsync(await portal.PostAsync("/v1/dossiers", new
        {
            procedureCode = procedure,
            agencyCode = agency,
            receivingCentre = "HN-SEC",
            applicant = new { citizenId = "001089001234", fullName = "Nguyễn Văn An" },
        }), HttpStatusCode.Created);
        return (string)filed["code"]!;
    }
}

[CollectionDefinition(Name)]
public sealed class SecurityCollection : ICollectionFixture<SecurityFixture>
{
    public const string Name = "security";
}
