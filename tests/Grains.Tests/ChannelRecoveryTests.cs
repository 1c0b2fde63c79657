using MotCua.Grains.Channels;
using MotCua.Grains.Interfaces;
using MotCua.Grains.Interfaces.Channels;
using MotCua.Grains.Interfaces.Common;
using MotCua.Grains.Interfaces.Ledger;
using MotCua.Grains.Interfaces.Payments;

namespace MotCua.Grains.Tests;

/// <summary>
/// Issue 17's first finding: a cash collection whose channel write failed after the payment took the money. The
/// collection must end in the channel and in its next settlement, whether the agent retries with the same key, with a
/// new one, or not at all, and the channel must never count cash its storage does not hold.
/// </summary>
[Collection(PaymentCollection.Name)]
public sealed class ChannelRecoveryTests(PaymentClusterFixture fixture)
{
    private readonly PaymentTestKit _kit = new(fixture);

    private sealed record Counter(string ChannelId, Actor Agent, IChannelGrain Grain);

    private Counter NewCounter()
    {
        var id = $"vnpost:REC-{Guid.NewGuid():N}"[..24];
        return new Counter(id, PaymentTestKit.Agent with { ChannelId = id }, _kit.Grains.GetGrain<IChannelGrain>(id));
    }

    private async Task<PaymentView> CashPaymentAsync(long amount)
    {
        var code = await _kit.DossierAwaitingFeesAsync(PaymentTestKit.NewCitizen(), ("charge", amount));
        return await _kit.CreateAsync(code, PaymentMethods.Cash);
    }

    private static Task<CollectionView> CollectAsync(Counter counter, PaymentView payment, string operationId) =>
        counter.Grain.RecordCollectionAsync(new RecordCollection(operationId, counter.Agent, payment.Reference, payment.Amount, "BL-7"));

    private async Task AssertChannelHoldsAsync(Counter counter, long amount, int count)
    {
        var view = await counter.Grain.GetAsync();
        Assert.Equal(amount, view.Position);
        Assert.Equal((count, amount), (view.OpenWindow.Count, view.OpenWindow.Total));
        Assert.Equal(amount, await _kit.BalanceAsync(LedgerAccounts.Clearing(counter.ChannelId)));
        Assert.Equal(0, (await _kit.AuditAsync()).Total);
    }

    [Fact]
    public async Task ARetryWithANewKeyAfterTheChannelsConfirmationWriteFailedIsAnsweredWithTheCollection()
    {
        var counter = NewCounter();
        var payment = await CashPaymentAsync(41_000);
        var first = PaymentTestKit.Op();

        fixture.StorageFaults.FailWrites(StateNames.Channel, after: 1); // the intent is stored; the confirmation is not
        await Assert.ThrowsAnyAsync<Exception>(() => CollectAsync(counter, payment, first));
        var paid = await _kit.Payment(payment.Id).GetAsync();
        var retried = await CollectAsync(counter, payment, PaymentTestKit.Op());
        var again = await CollectAsync(counter, payment, PaymentTestKit.Op());

        Assert.Equal(PaymentStatuses.Succeeded, paid.Status);
        Assert.Equal((first, payment.Id, PaymentStatuses.Succeeded), (retried.Id, retried.PaymentId, retried.PaymentStatus));
        Assert.Equal(first, again.Id);
        await AssertChannelHoldsAsync(counter, 41_000, 1);
        var settled = await counter.Grain.DeclareSettlementAsync(new DeclareSettlement(PaymentTestKit.Op(), counter.Agent, 41_000, "UNC-41"));
        Assert.Equal([first], settled.Collections.Select(c => c.Id));
        Assert.Equal(41_000, settled.Total);
    }

    [Fact]
    public async Task WithNoRetryTheReminderFinishesTheCollection()
    {
        var counter = NewCounter();
        var payment = await CashPaymentAsync(42_000);
        var first = PaymentTestKit.Op();

        fixture.StorageFaults.FailWrites(StateNames.Channel, after: 1);
        await Assert.ThrowsAnyAsync<Exception>(() => CollectAsync(counter, payment, first));
        await _kit.RemindAsync(counter.Grain, ChannelGrain.ConfirmReminder);

        await AssertChannelHoldsAsync(counter, 42_000, 1);
        var settled = await counter.Grain.DeclareSettlementAsync(new DeclareSettlement(PaymentTestKit.Op(), counter.Agent, 42_000, "UNC-42"));
        Assert.Equal([first], settled.Collections.Select(c => c.Id));
    }

    [Fact]
    public async Task AFailedIntentWriteLeavesNothingCountedAndTheRetryCollectsOnce()
    {
        var counter = NewCounter();
        var payment = await CashPaymentAsync(43_000);
        var first = PaymentTestKit.Op();

        fixture.StorageFaults.FailWrites(StateNames.Channel); // the intent itself is not stored
        await Assert.ThrowsAnyAsync<Exception>(() => CollectAsync(counter, payment, first));
        var untouched = await counter.Grain.GetAsync();
        var pending = await _kit.Payment(payment.Id).GetAsync();
        var collected = await CollectAsync(counter, payment, first);

        Assert.Equal(0, untouched.Position);
        Assert.Equal(PaymentStatuses.Pending, pending.Status);
        Assert.Equal(first, collected.Id);
        await AssertChannelHoldsAsync(counter, 43_000, 1);
    }

    [Fact]
    public async Task AnIntentWhoseWriteAnswerWasLostIsConfirmedByTheReminder()
    {
        var counter = NewCounter();
        var payment = await CashPaymentAsync(44_000);
        var first = PaymentTestKit.Op();

        fixture.StorageFaults.FailWrites(StateNames.Channel, stored: true); // stored, but the payment was never told
        await Assert.ThrowsAnyAsync<Exception>(() => CollectAsync(counter, payment, first));
        var pending = await _kit.Payment(payment.Id).GetAsync();
        await _kit.RemindAsync(counter.Grain, ChannelGrain.ConfirmReminder);

        Assert.Equal(PaymentStatuses.Pending, pending.Status);
        Assert.Equal(PaymentStatuses.Succeeded, (await _kit.Payment(payment.Id).GetAsync()).Status);
        await AssertChannelHoldsAsync(counter, 44_000, 1);
    }

    [Fact]
    public async Task AnIntentThePaymentNoLongerTakesIsLetGoAndTheCashIsNotCounted()
    {
        var counter = NewCounter();
        var payment = await CashPaymentAsync(45_000);

        fixture.StorageFaults.FailWrites(StateNames.Channel, stored: true);
        await Assert.ThrowsAnyAsync<Exception>(() => CollectAsync(counter, payment, PaymentTestKit.Op()));
        await _kit.CancelAsync(payment.Id); // the portal cancelled it before the channel told it
        await _kit.RemindAsync(counter.Grain, ChannelGrain.ConfirmReminder);

        var view = await counter.Grain.GetAsync();
        Assert.Equal((0L, 0, 0L), (view.Position, view.OpenWindow.Count, view.OpenWindow.Total));
        Assert.Equal(PaymentStatuses.Cancelled, (await _kit.Payment(payment.Id).GetAsync()).Status);
        Assert.Equal(0, await _kit.BalanceAsync(LedgerAccounts.Clearing(counter.ChannelId)));
    }
}
