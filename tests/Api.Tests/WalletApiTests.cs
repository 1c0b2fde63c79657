using System.Net;
using MotCua.Api.Tests.Infrastructure;

namespace MotCua.Api.Tests;

[Collection(ApiCollection.Name)]
public sealed class WalletApiTests(MotCuaFactory factory)
{
    private readonly PaymentApiKit _kit = new(factory);

    [Fact]
    public async Task ATopUpIsCreditedOnceAndTheWalletShowsBalanceHeldAndAvailable()
    {
        var citizen = PaymentApiKit.NewCitizen();
        var key = Guid.NewGuid().ToString();

        var first = await _kit.Portal.PostAsync($"/v1/wallets/{citizen}/top-ups", new { amount = 150_000 }, key);
        var replay = await _kit.Portal.PostAsync($"/v1/wallets/{citizen}/top-ups", new { amount = 150_000 }, key);
        var wallet = await _kit.WalletAsync(citizen);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await replay.Content.ReadAsStringAsync());
        Assert.Equal(citizen, (string?)wallet["citizenId"]);
        Assert.Equal((150_000L, 0L, 150_000L), ((long)wallet["balance"]!, (long)wallet["held"]!, (long)wallet["available"]!));
        Assert.Equal("wallet.topped_up", (string?)Assert.Single(wallet["history"]!.AsArray())!["type"]);
        Assert.Equal(-150_000, PaymentApiKit.Account(await _kit.AuditAsync(), $"wallet:{citizen}"));
    }

    [Fact]
    public async Task AnEmptyWalletReadsAsZero()
    {
        var wallet = await _kit.WalletAsync(PaymentApiKit.NewCitizen());

        Assert.Equal(0, (long)wallet["balance"]!);
        Assert.Empty(wallet["holds"]!.AsArray());
    }

    [Fact]
    public async Task BadTopUpsAreRefusedPerField()
    {
        var badId = await _kit.Portal.PostAsync("/v1/wallets/12345/top-ups", new { amount = 10_000 });
        var badAmount = await _kit.Portal.PostAsync($"/v1/wallets/{PaymentApiKit.NewCitizen()}/top-ups", new { amount = -5 });
        var badRead = await _kit.Portal.GetAsync("/v1/wallets/not-a-citizen");

        Assert.NotNull((await ApiClient.ProblemAsync(badId, HttpStatusCode.BadRequest, "validation_failed"))["errors"]!["citizenId"]);
        Assert.NotNull((await ApiClient.ProblemAsync(badAmount, HttpStatusCode.BadRequest, "validation_failed"))["errors"]!["amount"]);
        await ApiClient.ProblemAsync(badRead, HttpStatusCode.BadRequest, "validation_failed");
    }

    [Fact]
    public async Task OnlyPortalsTopUpAndAgentsCannotReadWallets()
    {
        var citizen = PaymentApiKit.NewCitizen();

        await ApiClient.ProblemAsync(await _kit.Operator.PostAsync($"/v1/wallets/{citizen}/top-ups", new { amount = 1_000 }),
            HttpStatusCode.Forbidden, "forbidden");
        await ApiClient.ProblemAsync(await _kit.Agent.GetAsync($"/v1/wallets/{citizen}"), HttpStatusCode.Forbidden, "forbidden");
    }
}
