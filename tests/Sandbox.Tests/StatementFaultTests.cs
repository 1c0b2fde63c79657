using MotCua.Gateways;
using MotCua.Gateways.Bank;
using MotCua.Gateways.VnptPay;
using MotCua.Sandbox.Tests.Infrastructure;

namespace MotCua.Sandbox.Tests;

public sealed class StatementFaultTests : SandboxTest
{
    [Fact]
    public async Task EachInjectedDiscrepancyIsVisibleOnTheStatement()
    {
        var vnpt = World.Client<VnptPayClient>();
        var ours = new Dictionary<string, long> { ["PAY-A"] = 100_000, ["PAY-B"] = 200_000, ["PAY-C"] = 300_000 };
        foreach (var (order, amount) in ours)
        {
            await vnpt.CreateAsync(new VnptPayCreateOptions { MerchantOrderId = order, Amount = amount, OrderInfo = "Le phi" });
            await World.PayAsync(GatewayProviders.VnptPay, order);
        }

        await World.SetFaultsAsync(new
        {
            provider = "vnptpay",
            statement = new
            {
                missing = new[] { "PAY-A" },
                amountMismatch = new[] { new { match = "PAY-B", delta = -1_000 } },
                extra = new[] { new { date = "2025-07-01", amount = 77_000, reference = "GHOST-1" }, new { date = "2025-07-02", amount = 5, reference = "OTHER-DAY" } },
            },
        });

        var statement = await vnpt.GetStatementAsync(SandboxWorld.Today);
        var theirs = statement.Entries.ToDictionary(e => e.Reference, e => e.Amount);

        Assert.Equal(["PAY-A"], ours.Keys.Except(theirs.Keys));                             // missing at the provider
        Assert.Equal(["GHOST-1"], theirs.Keys.Except(ours.Keys));                           // missing in MotCua
        Assert.Equal([("PAY-B", 200_000L, 199_000L)], ours.Keys.Intersect(theirs.Keys)      // amount mismatch
            .Where(k => ours[k] != theirs[k]).Select(k => (k, ours[k], theirs[k])));
        Assert.Equal(300_000, theirs["PAY-C"]);                                             // matched
    }

    [Fact]
    public async Task ATransferMissingFromTheBankStatementIsStillKnownToTheBank()
    {
        var bank = World.Client<BankGatewayClient>();
        await World.TransferAsync("HS-1", 50_000);
        await World.TransferAsync("HS-2", 70_000);
        await World.SetFaultsAsync(new { provider = "bank", statement = new { missing = new[] { "HS-2" } } });

        var statement = await bank.GetStatementAsync(SandboxWorld.Today);
        var transfer = Assert.Single(await bank.GetStatusAsync(new BankTransferStatusOptions { BillNumber = "HS-2" }));

        Assert.Equal(["HS-1"], statement.Entries.Select(e => e.Reference));
        Assert.Equal(70_000, transfer.Amount);
    }

    [Fact]
    public async Task AnotherDaysStatementIsEmpty() =>
        Assert.Empty((await World.Client<BankGatewayClient>().GetStatementAsync(SandboxWorld.Today.AddDays(-1))).Entries);
}
