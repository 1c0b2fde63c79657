using System.Net;
using System.Text.Json.Nodes;
using MotCua.Api.Tests.Infrastructure;

namespace MotCua.Api.Tests;

/// <summary>The HTTP steps the payment, wallet and ledger tests share, each as the key the contract names.</summary>
public sealed class PaymentApiKit(Func<string, HttpClient> clientFor)
{
    private static int _citizens;

    public PaymentApiKit(MotCuaFactory factory)
        : this(factory.ClientFor)
    {
    }

    public ApiClient Portal { get; } = new(clientFor("dev-portal"));

    public ApiClient Officer { get; } = new(clientFor("dev-officer-SXD"));

    public ApiClient Agent { get; } = new(clientFor("dev-agent-vnpost-HN0001"));

    public ApiClient Operator { get; } = new(clientFor("dev-operator"));

    /// <summary>A 12-digit citizen id no other test uses.</summary>
    public static string NewCitizen() =>
        "08" + (Interlocked.Increment(ref _citizens) + Random.Shared.Next(0, 1_000_000) * 1000L).ToString("D10", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Files an SXD dossier for <paramref name="citizenId"/>, accepts it and asks for the fee items.</summary>
    public async Task<string> DossierAwaitingFeesAsync(string citizenId, params (string Kind, long Amount)[] fees)
    {
        var filed = await ApiClient.JsonAsync(await Portal.PostAsync("/v1/dossiers", new
        {
            procedureCode = "SXD-XD-001",
            agencyCode = "SXD",
            receivingCentre = "HN-PAY",
            applicant = new { citizenId, fullName = "Trần Thị Bình" },
        }), HttpStatusCode.Created);
        var code = (string)filed["code"]!;
        await ApiClient.JsonAsync(await Officer.PostAsync($"/v1/dossiers/{code}/accept", null), HttpStatusCode.OK);
        await ApiClient.JsonAsync(await Officer.PostAsync($"/v1/dossiers/{code}/request-payment", new
        {
            items = fees.Select(f => new { kind = f.Kind, name = f.Kind == "fee" ? "Phí thẩm định hồ sơ" : "Lệ phí cấp giấy phép xây dựng", amount = f.Amount }),
        }), HttpStatusCode.OK);
        return code;
    }

    public async Task<JsonNode> CreatePaymentAsync(string code, string method, HttpStatusCode expected = HttpStatusCode.Created) =>
        await ApiClient.JsonAsync(await Portal.PostAsync("/v1/payments", new { dossierCode = code, method }), expected);

    public async Task<JsonNode> TopUpAsync(string citizenId, long amount) =>
        await ApiClient.JsonAsync(await Portal.PostAsync($"/v1/wallets/{citizenId}/top-ups", new { amount }), HttpStatusCode.Created);

    public async Task<JsonNode> CollectAsync(JsonNode payment) =>
        await ApiClient.JsonAsync(await Agent.PostAsync("/v1/channels/vnpost:HN-0001/collections",
            new { reference = (string)payment["reference"]!, amount = (long)payment["amount"]!, receiptNumber = "BL-API-1" }), HttpStatusCode.Created);

    public async Task<JsonNode> CancelAsync(JsonNode payment) =>
        await ApiClient.JsonAsync(await Portal.PostAsync($"/v1/payments/{(string)payment["id"]!}/cancel", new { }), HttpStatusCode.OK);

    public async Task<JsonNode> GetPaymentAsync(JsonNode payment) =>
        await ApiClient.JsonAsync(await Portal.GetAsync($"/v1/payments/{(string)payment["id"]!}"), HttpStatusCode.OK);

    public async Task<JsonNode> WalletAsync(string citizenId) =>
        await ApiClient.JsonAsync(await Portal.GetAsync($"/v1/wallets/{citizenId}"), HttpStatusCode.OK);

    public async Task<JsonNode> AuditAsync() =>
        await ApiClient.JsonAsync(await Operator.GetAsync("/v1/ledger/audit"), HttpStatusCode.OK);

    public static long Account(JsonNode audit, string account) => (long?)audit["accounts"]![account] ?? 0;
}
