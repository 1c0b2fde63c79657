using System.Net;
using System.Text.Json.Nodes;
using MotCua.Api.Tests.Infrastructure;

namespace MotCua.Api.Tests;

/// <summary>
/// An embedded MotCua whose channels may hold 100,000 VND, with one agent key per test channel, so each test starts from
/// an empty channel and the float limit is reached with a few fees.
/// </summary>
public sealed class SmallFloatFixture : IDisposable
{
    public const long FloatLimit = 100_000;

    public static readonly string[] Channels = ["vnpost:ST-0001", "vnpost:ST-0002", "vnpost:ST-0003"];

    public SmallFloatFixture()
    {
        Factory.Settings["MotCua:Channels:DefaultFloatLimit"] = FloatLimit.ToString(System.Globalization.CultureInfo.InvariantCulture);
        for (var i = 0; i < Channels.Length; i++)
        {
            // Key 0 is the factory's other agent.
            Factory.Settings[$"MotCua:Auth:Keys:{i + 1}:Id"] = $"kid-test-agent-st{i + 1}";
            Factory.Settings[$"MotCua:Auth:Keys:{i + 1}:Sha256"] = MotCua.Api.Auth.ApiKeyStore.Hash(AgentKey(i));
            Factory.Settings[$"MotCua:Auth:Keys:{i + 1}:Role"] = "agent";
            Factory.Settings[$"MotCua:Auth:Keys:{i + 1}:ChannelId"] = Channels[i];
        }

        Kit = new PaymentApiKit(Factory);
    }

    public MotCuaFactory Factory { get; } = new();

    public PaymentApiKit Kit { get; }

    public static string AgentKey(int channel) => $"test-agent-vnpost-st{channel + 1:0000}";

    public ApiClient AgentOf(int channel) => new(Factory.ClientFor(AgentKey(channel)));

    public void Dispose() => Factory.Dispose();
}

/// <summary>
/// Issue 17: a settlement in two steps through the HTTP API. The agent declares the window remitted with its amount and a
/// remittance reference; only an operator's confirmation that the treasury received it frees the float limit and ledgers
/// the cash to the treasury. After every step what the channel holds equals its clearing account and the ledger sums to 0.
/// </summary>
public sealed class ChannelSettlementApiTests(SmallFloatFixture fixture) : IClassFixture<SmallFloatFixture>
{
    private readonly PaymentApiKit _kit = fixture.Kit;

    private async Task<JsonNode> CashPaymentAsync(long amount) =>
        await _kit.CreatePaymentAsync(await _kit.DossierAwaitingFeesAsync(PaymentApiKit.NewCitizen(), ("charge", amount)), "cash");

    private static Task<HttpResponseMessage> CollectAsync(ApiClient agent, string channel, JsonNode payment) =>
        agent.PostAsync($"/v1/channels/{channel}/collections",
            new { reference = (string)payment["reference"]!, amount = (long)payment["amount"]!, receiptNumber = "BL-ST-1" });

    private static Task<HttpResponseMessage> DeclareAsync(ApiClient caller, string channel, long amount, string reference, string? key = null) =>
        caller.PostAsync($"/v1/channels/{channel}/settlements", new { amount, remittanceReference = reference }, key);

    private static Task<HttpResponseMessage> ConfirmAsync(ApiClient caller, string channel, string settlementId, string? key = null) =>
        caller.PostAsync($"/v1/channels/{channel}/settlements/{Uri.EscapeDataString(settlementId)}/confirm", null, key);

    private static async Task<JsonNode> ChannelAsync(ApiClient agent, string channel) =>
        await ApiClient.JsonAsync(await agent.GetAsync($"/v1/channels/{channel}"), HttpStatusCode.OK);

    /// <summary>The channel's position is its clearing account's balance, and the ledger sums to 0; returns the audit.</summary>
    private async Task<JsonNode> AssertHeldEqualsClearingAsync(ApiClient agent, string channel, long expectedPosition)
    {
        var view = await ChannelAsync(agent, channel);
        var audit = await _kit.AuditAsync();
        Assert.Equal(expectedPosition, (long?)view["position"]);
        Assert.Equal(expectedPosition, PaymentApiKit.Account(audit, $"clearing:{channel}"));
        Assert.Equal(0, (long?)audit["total"]);
        return audit;
    }

    [Fact]
    public async Task ADeclaredSettlementFreesTheFloatOnlyWhenAnOperatorConfirmsTheTreasuryReceivedIt()
    {
        var channel = SmallFloatFixture.Channels[0];
        var agent = fixture.AgentOf(0);
        var first = await CashPaymentAsync(40_000);
        var second = await CashPaymentAsync(40_000);
        var third = await CashPaymentAsync(40_000);
        await ApiClient.JsonAsync(await CollectAsync(agent, channel, first), HttpStatusCode.Created);
        await ApiClient.JsonAsync(await CollectAsync(agent, channel, second), HttpStatusCode.Created);
        await ApiClient.ProblemAsync(await CollectAsync(agent, channel, third), HttpStatusCode.Conflict, "float_limit_exceeded");
        var treasuryBefore = PaymentApiKit.Account(await AssertHeldEqualsClearingAsync(agent, channel, 80_000), "treasury");

        var declareKey = Guid.NewGuid().ToString();
        var declared = await ApiClient.JsonAsync(await DeclareAsync(agent, channel, 80_000, "UNC-0001", declareKey), HttpStatusCode.Created);
        var declaredAgain = await ApiClient.JsonAsync(await DeclareAsync(agent, channel, 80_000, "UNC-0001", declareKey), HttpStatusCode.Created);

        Assert.Equal(declared.ToJsonString(), declaredAgain.ToJsonString());
        Assert.Equal(("declared", "UNC-0001", 2, 80_000L, false), ((string?)declared["status"], (string?)declared["remittanceReference"],
            (int?)declared["count"], (long?)declared["total"], (bool?)declared["ledgered"]));
        Assert.Null(declared["receivedAt"]);
        var settlementId = (string)declared["id"]!;
        var awaiting = await ChannelAsync(agent, channel);
        Assert.Equal((80_000L, 0, 0L), ((long?)awaiting["awaitingReceiptTotal"], (int?)awaiting["openWindow"]!["count"], (long?)awaiting["openWindow"]!["total"]));
        Assert.Equal([settlementId], awaiting["awaitingReceipt"]!.AsArray().Select(s => (string?)s!["id"]));
        Assert.Equal("UNC-0001", (string?)awaiting["awaitingReceipt"]![0]!["remittanceReference"]);
        // Declaring freed nothing: the cash is still the agent's, so the third fee is still over the limit.
        await ApiClient.ProblemAsync(await CollectAsync(agent, channel, third), HttpStatusCode.Conflict, "float_limit_exceeded");
        Assert.Equal(treasuryBefore, PaymentApiKit.Account(await AssertHeldEqualsClearingAsync(agent, channel, 80_000), "treasury"));

        await ApiClient.ProblemAsync(await ConfirmAsync(agent, channel, settlementId), HttpStatusCode.Forbidden, "forbidden");
        await ApiClient.ProblemAsync(await ConfirmAsync(_kit.Operator, channel, $"{channel}:99"), HttpStatusCode.NotFound, "not_found");
        await ApiClient.ProblemAsync(await ConfirmAsync(_kit.Operator, channel, "vnpost:OTHER-1:1"), HttpStatusCode.NotFound, "not_found");
        var confirmKey = Guid.NewGuid().ToString();
        var received = await ApiClient.JsonAsync(await ConfirmAsync(_kit.Operator, channel, settlementId, confirmKey), HttpStatusCode.OK);
        var replayed = await ApiClient.JsonAsync(await ConfirmAsync(_kit.Operator, channel, settlementId, confirmKey), HttpStatusCode.OK);
        var twice = await ApiClient.JsonAsync(await ConfirmAsync(_kit.Operator, channel, settlementId), HttpStatusCode.OK);

        Assert.Equal(("received", true, settlementId), ((string?)received["status"], (bool?)received["ledgered"], (string?)received["id"]));
        Assert.NotNull(received["receivedAt"]);
        Assert.Equal(received.ToJsonString(), replayed.ToJsonString());
        Assert.Equal(received.ToJsonString(), twice.ToJsonString());
        var after = await ChannelAsync(agent, channel);
        Assert.Equal((0L, 0), ((long?)after["awaitingReceiptTotal"], after["awaitingReceipt"]!.AsArray().Count));
        var audit = await AssertHeldEqualsClearingAsync(agent, channel, 0);
        Assert.Equal(80_000, PaymentApiKit.Account(audit, "treasury") - treasuryBefore);
        // The float is free again.
        await ApiClient.JsonAsync(await CollectAsync(agent, channel, third), HttpStatusCode.Created);
        await AssertHeldEqualsClearingAsync(agent, channel, 40_000);
    }

    [Fact]
    public async Task ASettlementNeverConfirmedKeepsTheFloatUsedAndLaterCollectionsAreRefused()
    {
        var channel = SmallFloatFixture.Channels[1];
        var agent = fixture.AgentOf(1);
        var first = await CashPaymentAsync(60_000);
        var later = await CashPaymentAsync(50_000);
        await ApiClient.JsonAsync(await CollectAsync(agent, channel, first), HttpStatusCode.Created);

        var declared = await ApiClient.JsonAsync(await DeclareAsync(agent, channel, 60_000, "GNT-2026-0042"), HttpStatusCode.Created);
        var refused = await ApiClient.ProblemAsync(await CollectAsync(agent, channel, later), HttpStatusCode.Conflict, "float_limit_exceeded");
        // The agent may declare the (empty) next window again and again: it frees nothing.
        await ApiClient.JsonAsync(await DeclareAsync(agent, channel, 0, "UNC-EMPTY"), HttpStatusCode.Created);
        await ApiClient.ProblemAsync(await CollectAsync(agent, channel, later), HttpStatusCode.Conflict, "float_limit_exceeded");

        Assert.Equal("declared", (string?)declared["status"]);
        Assert.Contains("awaiting", (string?)refused["detail"], StringComparison.Ordinal);
        var view = await ChannelAsync(agent, channel);
        Assert.Equal((60_000L, SmallFloatFixture.FloatLimit), ((long?)view["awaitingReceiptTotal"], (long?)view["floatLimit"]));
        Assert.Equal([(string?)declared["id"]], view["awaitingReceipt"]!.AsArray().Select(s => (string?)s!["id"]));
        Assert.Equal("pending", (string?)(await _kit.GetPaymentAsync(later))["status"]);
        await AssertHeldEqualsClearingAsync(agent, channel, 60_000);
    }

    [Fact]
    public async Task ADeclarationOfAnotherAmountThanTheWindowsTotalIsRefusedAndChangesNothing()
    {
        var channel = SmallFloatFixture.Channels[2];
        var agent = fixture.AgentOf(2);
        await ApiClient.JsonAsync(await CollectAsync(agent, channel, await CashPaymentAsync(30_000)), HttpStatusCode.Created);

        var wrong = await ApiClient.ProblemAsync(await DeclareAsync(agent, channel, 25_000, "UNC-0003"), HttpStatusCode.Conflict, "settlement_amount_mismatch");
        var missing = await ApiClient.ProblemAsync(await agent.PostAsync($"/v1/channels/{channel}/settlements", new { remittanceReference = "UNC-0003" }),
            HttpStatusCode.BadRequest, "validation_failed");
        var noReference = await ApiClient.ProblemAsync(await agent.PostAsync($"/v1/channels/{channel}/settlements", new { amount = 30_000 }),
            HttpStatusCode.BadRequest, "validation_failed");

        Assert.Contains("30000", (string?)wrong["detail"], StringComparison.Ordinal);
        Assert.True(missing["errors"]!.AsObject().ContainsKey("amount"));
        Assert.True(noReference["errors"]!.AsObject().ContainsKey("remittanceReference"));
        var view = await ChannelAsync(agent, channel);
        Assert.Equal((1, 30_000L, 0), ((int?)view["openWindow"]!["count"], (long?)view["openWindow"]!["total"], view["awaitingReceipt"]!.AsArray().Count));
        await AssertHeldEqualsClearingAsync(agent, channel, 30_000);
        var declared = await ApiClient.JsonAsync(await DeclareAsync(agent, channel, 30_000, "UNC-0003"), HttpStatusCode.Created);
        Assert.Equal(("declared", 30_000L), ((string?)declared["status"], (long?)declared["total"]));
        await AssertHeldEqualsClearingAsync(agent, channel, 30_000);
    }
}
