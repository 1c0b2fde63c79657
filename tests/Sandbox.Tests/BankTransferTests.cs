using MotCua.Gateways;
using MotCua.Gateways.Bank;
using MotCua.Gateways.Notifications;
using MotCua.Sandbox.Tests.Infrastructure;

namespace MotCua.Sandbox.Tests;

public sealed class BankTransferTests : SandboxTest
{
    [Fact]
    public async Task AVietQrTransferIsNoticedSignedAndFoundByItsBillNumber()
    {
        await World.TransferAsync("HS-000123-2025", 200_000);

        var notice = Assert.Single(World.Receiver.Received);
        var transfers = await World.Client<BankGatewayClient>().GetStatusAsync(new BankTransferStatusOptions { BillNumber = "HS-000123-2025" });

        Assert.Equal(GatewayProviders.Bank, notice.Provider);
        Assert.True(World.Verify(notice).IsValid);
        Assert.Equal(("HS-000123-2025", 200_000L, GatewayPaymentStatus.Succeeded), (notice.Parsed.Reference, notice.Parsed.Amount, notice.Parsed.Status));
        var transfer = Assert.Single(transfers);
        Assert.Equal(notice.Parsed.TransactionId, transfer.TransactionId);
    }

    [Fact]
    public async Task ASecondTransferForTheSameBillIsVisibleAndCanBeRefundedInFull()
    {
        var bank = World.Client<BankGatewayClient>();
        await World.TransferAsync("HS-7", 120_000);
        await World.TransferAsync("HS-7", 120_000);
        var twice = await bank.GetStatusAsync(new BankTransferStatusOptions { BillNumber = "HS-7" });

        await bank.RefundAsync(new BankRefundOptions { TransactionId = twice[1].TransactionId, Amount = 120_000, Reason = "Chuyen trung" });
        var after = await bank.GetStatusAsync(new BankTransferStatusOptions { BillNumber = "HS-7" });
        var statement = await bank.GetStatementAsync(SandboxWorld.Today);

        Assert.Equal([GatewayPaymentStatus.Succeeded, GatewayPaymentStatus.Refunded], after.Select(t => t.Status));
        Assert.Equal(120_000, statement.NetAmount);
        Assert.Equal(3, statement.Entries.Count);
    }

    [Fact]
    public async Task NoTransferYetIsAnEmptyAnswerNotAnError() =>
        Assert.Empty(await World.Client<BankGatewayClient>().GetStatusAsync(new BankTransferStatusOptions { BillNumber = "HS-NONE" }));
}
