using MotCua.Grains.Interfaces.Channels;
using MotCua.Grains.Interfaces.Ledger;
using MotCua.Grains.Interfaces.Payments;
using MotCua.Grains.Interfaces.Receipts;
using MotCua.Grains.Interfaces.Wallets;
using MotCua.Grains.Payments;

namespace MotCua.Grains.Tests;

/// <summary>
/// A step of the saga fails (the fault hook throws before it), the payment's activation is dropped as in a crash, and
/// the saga is then finished by its reminder or by the caller's retry: every step happens exactly once.
/// </summary>
[Collection(PaymentCollection.Name)]
public sealed class PaymentSagaResumeTests(PaymentClusterFixture fixture)
{
    private readonly PaymentTestKit _kit = new(fixture);

    public static TheoryData<PaymentSagaStep> WalletPaymentSteps() =>
        [PaymentSagaStep.WalletHold, PaymentSagaStep.WalletCapture, PaymentSagaStep.Dossier, PaymentSagaStep.Ledger, PaymentSagaStep.Receipt];

    public static TheoryData<PaymentSagaStep> CashPaymentSteps() =>
        [PaymentSagaStep.Dossier, PaymentSagaStep.Ledger, PaymentSagaStep.Receipt];

    [Theory]
    [MemberData(nameof(WalletPaymentSteps))]
    public async Task AWalletPaymentSagaFailingAtAnyStepIsFinishedByItsReminderAfterACrash(PaymentSagaStep step)
    {
        var citizen = PaymentTestKit.NewCitizen();
        await _kit.TopUpAsync(citizen, 100_000);
        var code = await _kit.DossierAwaitingFeesAsync(citizen, ("fee", 30_000), ("charge", 15_000));
        var op = PaymentTestKit.Op();
        var id = PaymentIds.FromOperation(op);
        var receiptsBefore = await ReceiptCountAsync();

        fixture.Faults.Arm(id, step);
        var halfway = await _kit.CreateAsync(code, PaymentMethods.Wallet, op);
        await _kit.DeactivateAsync(_kit.Payment(id));
        await Assert.ThrowsAnyAsync<Exception>(() => _kit.RunPaymentSagaReminderAsync(id)); // still failing: changes nothing
        await _kit.DeactivateAsync(_kit.Payment(id));
        fixture.Faults.Disarm(id);
        await _kit.RunPaymentSagaReminderAsync(id);
        await _kit.RunPaymentSagaReminderAsync(id); // a second tick finds nothing left
        var done = await _kit.Payment(id).GetAsync();

        Assert.False(halfway.Saga.Completed);
        Assert.Equal(PaymentStatuses.Succeeded, done.Status);
        Assert.True(done.Saga.Completed);
        Assert.Equal(["payment.created", "payment.processing", "payment.succeeded"], done.History.Select(h => h.Type));
        await AssertPaidOnceAsync(code, done, receiptsBefore);
        var wallet = await _kit.Wallet(citizen).GetAsync();
        Assert.Equal((55_000L, 0L), (wallet.Balance, wallet.Held));
        Assert.Equal(-55_000, await _kit.BalanceAsync(LedgerAccounts.Wallet(citizen)));
    }

    [Theory]
    [MemberData(nameof(CashPaymentSteps))]
    public async Task ACashPaymentSagaFailingAtAnyStepIsFinishedByARetryOfTheConfirmation(PaymentSagaStep step)
    {
        var code = await _kit.DossierAwaitingFeesAsync(PaymentTestKit.NewCitizen(), ("charge", 35_000));
        var payment = await _kit.CreateAsync(code, PaymentMethods.Cash);
        var collection = PaymentTestKit.Op();
        var receiptsBefore = await ReceiptCountAsync();

        fixture.Faults.Arm(payment.Id, step);
        var first = await _kit.CollectAsync(payment, collection);
        await _kit.DeactivateAsync(_kit.Payment(payment.Id));
        fixture.Faults.Disarm(payment.Id);
        // What the channel sends again when it retries an unconfirmed collection: the same collection id.
        var done = await _kit.Payment(payment.Id).ConfirmCashCollectionAsync(
            new ConfirmCashCollection(collection, PaymentTestKit.Agent, PaymentTestKit.Channel, payment.Amount, "BL-1"));

        Assert.Equal(PaymentStatuses.Succeeded, first.PaymentStatus);
        Assert.True(done.Saga.Completed);
        await AssertPaidOnceAsync(code, done, receiptsBefore);
        var channel = await fixture.Grains.GetGrain<IChannelGrain>(PaymentTestKit.Channel).GetAsync();
        Assert.True(channel.Position >= 35_000);
    }

    [Theory]
    [InlineData(PaymentSagaStep.RefundLedger)]
    [InlineData(PaymentSagaStep.RefundPayout)]
    public async Task AWalletRefundFailingAtAnyStepIsFinishedByItsReminderAfterACrash(PaymentSagaStep step)
    {
        var citizen = PaymentTestKit.NewCitizen();
        await _kit.TopUpAsync(citizen, 100_000);
        var code = await _kit.DossierAwaitingFeesAsync(citizen, ("charge", 40_000));
        var payment = await _kit.CreateAsync(code, PaymentMethods.Wallet);
        var refundOp = PaymentTestKit.Op();

        fixture.Faults.Arm(payment.Id, step);
        var halfway = await _kit.RefundAsync(payment.Id, 15_000, refundOp);
        await _kit.DeactivateAsync(_kit.Payment(payment.Id));
        fixture.Faults.Disarm(payment.Id);
        await _kit.RunPaymentSagaReminderAsync(payment.Id);
        var retried = await _kit.RefundAsync(payment.Id, 15_000, refundOp);

        Assert.Equal(PaymentStatuses.PartiallyRefunded, halfway.Status);
        Assert.False(halfway.Saga.Completed);
        Assert.True(retried.Saga.Completed);
        Assert.Equal(15_000, retried.RefundedAmount);
        Assert.Equal(RefundPayouts.CreditedToWallet, Assert.Single(retried.Refunds).Payout);
        Assert.Equal(75_000, (await _kit.Wallet(citizen).GetAsync()).Balance);
        Assert.Equal(-75_000, await _kit.BalanceAsync(LedgerAccounts.Wallet(citizen)));
        var refundEntry = await _kit.EntryAsync($"refund:{payment.Id}:{refundOp}");
        Assert.Equal(-15_000, refundEntry!.Postings.Single(p => p.Account == "refunds-payable:wallet").Amount);
        Assert.Equal(0, (await _kit.AuditAsync()).Total);
    }

    [Fact]
    public async Task AWalletHoldReleaseFailingIsFinishedByItsReminderAfterACrash()
    {
        var citizen = PaymentTestKit.NewCitizen();
        await _kit.TopUpAsync(citizen, 100_000);
        var code = await _kit.DossierAwaitingFeesAsync(citizen, ("charge", 40_000));
        var op = PaymentTestKit.Op();
        var id = PaymentIds.FromOperation(op);
        // The hold lands at the wallet, but the payment fails before writing that it did, then is cancelled.
        await _kit.Wallet(citizen).HoldAsync(new HoldWalletFunds(id, 40_000));
        fixture.Faults.Arm(id, PaymentSagaStep.WalletHold);
        fixture.Faults.Arm(id, PaymentSagaStep.WalletRelease);
        await _kit.CreateAsync(code, PaymentMethods.Wallet, op);
        var cancelled = await _kit.CancelAsync(id);
        var stillHeld = await _kit.Wallet(citizen).GetAsync();
        await _kit.DeactivateAsync(_kit.Payment(id));
        fixture.Faults.Disarm(id);
        await _kit.RunPaymentSagaReminderAsync(id);

        Assert.Equal(PaymentStatuses.Cancelled, cancelled.Status);
        Assert.Equal(40_000, stillHeld.Held);
        var wallet = await _kit.Wallet(citizen).GetAsync();
        Assert.Equal((100_000L, 0L), (wallet.Balance, wallet.Held));
        Assert.True((await _kit.Payment(id).GetAsync()).Saga.Completed);
    }

    [Fact]
    public async Task ADuplicateFoundAfterACrashIsStillRefundedExactlyOnce()
    {
        var code = await _kit.DossierAwaitingFeesAsync(PaymentTestKit.NewCitizen(), ("charge", 22_000));
        var first = await _kit.CreateAsync(code, PaymentMethods.Cash);
        var second = await _kit.CreateAsync(code, PaymentMethods.VietQr);
        // The cash payment's saga is held before it cancels the QR payment, so the bank's success meets a pending payment.
        fixture.Faults.Arm(first.Id, PaymentSagaStep.CancelPending);
        await _kit.CollectAsync(first);

        fixture.Faults.Arm(second.Id, PaymentSagaStep.Ledger);
        await _kit.BankSaysAsync(second, GatewayOutcomeKinds.Succeeded);
        await _kit.DeactivateAsync(_kit.Payment(second.Id));
        fixture.Faults.Disarm(second.Id);
        await _kit.RunPaymentSagaReminderAsync(second.Id);
        await _kit.RunPaymentSagaReminderAsync(second.Id);
        var refunded = await _kit.Payment(second.Id).GetAsync();

        Assert.Equal(PaymentStatuses.Refunded, refunded.Status);
        Assert.Single(refunded.Refunds);
        Assert.Equal(1, refunded.History.Count(h => h.Type == "payment.refunded"));
        Assert.Equal(-22_000, (await _kit.EntryAsync($"pay:{second.Id}"))!.Postings.Single(p => p.Account == "refunds-payable:bank").Amount);
        fixture.Faults.Disarm(first.Id);
    }

    private async Task AssertPaidOnceAsync(string code, PaymentView done, long receiptsBefore)
    {
        Assert.Equal(DossierOutcomes.Applied, done.Saga.DossierOutcome);
        var dossier = await _kit.Dossier(code).GetAsync();
        Assert.Equal("processing", dossier.Status);
        Assert.All(dossier.Fees, f => Assert.Equal(done.Id, f.PaidByPaymentId));
        Assert.Equal(1, dossier.History.Count(h => h.Type == "dossier.payment_succeeded"));
        var entry = await _kit.EntryAsync($"pay:{done.Id}");
        Assert.NotNull(entry);
        Assert.Equal(done.Amount, entry.Postings.Where(p => p.Amount > 0).Sum(p => p.Amount));
        Assert.NotNull(done.ReceiptNumber);
        var series = await fixture.Grains.GetGrain<IReceiptSeriesGrain>(ReceiptSeries.Key("SXD", 2026)).GetAsync();
        Assert.Equal(receiptsBefore + 1, series.Issued);
        Assert.Equal(done.ReceiptNumber, Assert.Single(series.Receipts, r => r.PaymentId == done.Id).Number);
        Assert.Equal(0, (await _kit.AuditAsync()).Total);
    }

    private async Task<long> ReceiptCountAsync() =>
        (await fixture.Grains.GetGrain<IReceiptSeriesGrain>(ReceiptSeries.Key("SXD", 2026)).GetAsync()).Issued;
}
