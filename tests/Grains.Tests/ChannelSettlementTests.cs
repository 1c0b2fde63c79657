using MotCua.Grains.Channels;
using MotCua.Grains.Interfaces;
using MotCua.Grains.Interfaces.Channels;
using MotCua.Grains.Interfaces.Common;
using MotCua.Grains.Interfaces.Ledger;
using MotCua.Grains.Interfaces.Payments;

namespace MotCua.Grains.Tests;

/// <summary>
/// Issue 17: a channel's settlement in two steps on the grain. Declaring ledgers nothing and frees nothing; the operator's
/// confirmation moves the cash from the channel's clearing account to the treasury once, even when a write fails on the way.
/// </summary>
[Collection(PaymentCollection.Name)]
public sealed class ChannelSettlementTests(PaymentClusterFixture fixture)
{
    private readonly PaymentTestKit _kit = new(fixture);

    private sealed record Counter(string ChannelId, Actor Agent, IChannelGrain Grain);

    private Counter NewCounter()
    {
        var id = $"vnpost:SET-{Guid.NewGuid():N}"[..24];
        return new Counter(id, PaymentTestKit.Agent with { ChannelId = id }, _kit.Grains.GetGrain<IChannelGrain>(id));
    }

    private async Task<CollectionView> CollectAsync(Counter counter, long amount, string? operationId = null)
    {
        var code = await _kit.DossierAwaitingFeesAsync(PaymentTestKit.NewCitizen(), ("charge", amount));
        var payment = await _kit.CreateAsync(code, PaymentMethods.Cash);
        return await counter.Grain.RecordCollectionAsync(new RecordCollection(operationId ?? PaymentTestKit.Op(), counter.Agent, payment.Reference, amount, "BL-S"));
    }

    private static ConfirmSettlementReceipt Receipt(int number) => new(PaymentTestKit.Op(), PaymentTestKit.Operator, number, "sao kê KB-01");

    /// <summary>The channel's position is its clearing account, and the ledger sums to 0.</summary>
    private async Task AssertPositionAsync(Counter counter, long position)
    {
        Assert.Equal(position, (await counter.Grain.GetAsync()).Position);
        Assert.Equal(position, await _kit.BalanceAsync(LedgerAccounts.Clearing(counter.ChannelId)));
        Assert.Equal(0, (await _kit.AuditAsync()).Total);
    }

    [Fact]
    public async Task DeclaringLedgersNothingAndTheOperatorsConfirmationMovesTheCashToTheTreasuryOnce()
    {
        var counter = NewCounter();
        await CollectAsync(counter, 31_000);
        await CollectAsync(counter, 32_000);
        var treasury = await _kit.BalanceAsync(LedgerAccounts.Treasury);
        var op = PaymentTestKit.Op();

        var declared = await counter.Grain.DeclareSettlementAsync(new DeclareSettlement(op, counter.Agent, 63_000, "UNC-63"));
        var retried = await counter.Grain.DeclareSettlementAsync(new DeclareSettlement(op, counter.Agent, 63_000, "UNC-63"));
        var view = await counter.Grain.GetAsync();

        Assert.Equal((SettlementStatuses.Declared, false, 2), (declared.Status, declared.Ledgered, declared.Collections.Count));
        Assert.Equal(declared with { Collections = [] }, retried with { Collections = [] });
        Assert.Equal((63_000L, 1), (view.AwaitingReceiptTotal, view.AwaitingReceipt.Count));
        Assert.Equal(new DeclaredSettlementView(declared.Id, declared.Number, declared.ClosedAt, 2, 63_000, "UNC-63"), view.AwaitingReceipt[0]);
        Assert.Equal(treasury, await _kit.BalanceAsync(LedgerAccounts.Treasury));
        await AssertPositionAsync(counter, 63_000);

        var forbidden = await Assert.ThrowsAsync<DomainException>(() => counter.Grain.ConfirmSettlementReceiptAsync(
            new ConfirmSettlementReceipt(PaymentTestKit.Op(), counter.Agent, declared.Number, null)));
        var unknown = await Assert.ThrowsAsync<DomainException>(() => counter.Grain.ConfirmSettlementReceiptAsync(Receipt(declared.Number + 1)));
        var received = await counter.Grain.ConfirmSettlementReceiptAsync(Receipt(declared.Number));
        var again = await counter.Grain.ConfirmSettlementReceiptAsync(Receipt(declared.Number));

        Assert.Equal(DomainErrorKind.Forbidden, forbidden.Kind);
        Assert.Equal(DomainErrorKind.NotFound, unknown.Kind);
        Assert.Equal((SettlementStatuses.Received, true, "UNC-63"), (received.Status, received.Ledgered, received.RemittanceReference));
        Assert.NotNull(received.ReceivedAt);
        Assert.Equal(received with { Collections = [] }, again with { Collections = [] });
        Assert.Equal(63_000, await _kit.BalanceAsync(LedgerAccounts.Treasury) - treasury);
        Assert.Empty((await counter.Grain.GetAsync()).AwaitingReceipt);
        await AssertPositionAsync(counter, 0);
        // The declaration's retry now answers with the received settlement.
        Assert.Equal(SettlementStatuses.Received,
            (await counter.Grain.DeclareSettlementAsync(new DeclareSettlement(op, counter.Agent, 63_000, "UNC-63"))).Status);
    }

    [Fact]
    public async Task AReceiptWhoseLedgerWriteFailedIsFinishedByTheRetryAndLedgeredOnce()
    {
        var counter = NewCounter();
        await CollectAsync(counter, 33_000);
        var declared = await counter.Grain.DeclareSettlementAsync(new DeclareSettlement(PaymentTestKit.Op(), counter.Agent, 33_000, "UNC-33"));
        var treasury = await _kit.BalanceAsync(LedgerAccounts.Treasury);

        fixture.StorageFaults.FailWrites(StateNames.Channel, after: 1); // received is stored; booked and ledgered is not
        await Assert.ThrowsAnyAsync<Exception>(() => counter.Grain.ConfirmSettlementReceiptAsync(Receipt(declared.Number)));
        var received = await counter.Grain.ConfirmSettlementReceiptAsync(Receipt(declared.Number));

        Assert.Equal((SettlementStatuses.Received, true), (received.Status, received.Ledgered));
        Assert.Equal(33_000, await _kit.BalanceAsync(LedgerAccounts.Treasury) - treasury);
        await AssertPositionAsync(counter, 0);
    }

    [Fact]
    public async Task ACollectionStillBeingConfirmedIsNotDeclaredAndIsSettledInTheNextWindow()
    {
        var counter = NewCounter();
        await CollectAsync(counter, 34_000);
        var first = PaymentTestKit.Op();
        fixture.StorageFaults.FailWrites(StateNames.Channel, after: 1); // the intent is stored; its confirmation is not
        await Assert.ThrowsAnyAsync<Exception>(() => CollectAsync(counter, 35_000, first));

        var declared = await counter.Grain.DeclareSettlementAsync(new DeclareSettlement(PaymentTestKit.Op(), counter.Agent, 34_000, "UNC-34"));
        Assert.Equal((1, 34_000L), (declared.Count, declared.Total));
        Assert.Equal(69_000, (await counter.Grain.GetAsync()).Position); // both count against the float
        await _kit.RemindAsync(counter.Grain, ChannelGrain.ConfirmReminder);
        await counter.Grain.ConfirmSettlementReceiptAsync(Receipt(declared.Number));

        var view = await counter.Grain.GetAsync();
        Assert.Equal((declared.Number + 1, 1, 35_000L), (view.OpenWindow.Number, view.OpenWindow.Count, view.OpenWindow.Total));
        await AssertPositionAsync(counter, 35_000);
        var next = await counter.Grain.DeclareSettlementAsync(new DeclareSettlement(PaymentTestKit.Op(), counter.Agent, 35_000, "UNC-35"));
        Assert.Equal([first], next.Collections.Select(c => c.Id));
        await counter.Grain.ConfirmSettlementReceiptAsync(Receipt(next.Number));
        await AssertPositionAsync(counter, 0);
    }

    [Fact]
    public async Task ASettlementReceivedLongAgoIsAnsweredFromTheBook()
    {
        var counter = NewCounter();
        await CollectAsync(counter, 36_000);
        var op = PaymentTestKit.Op();
        var declared = await counter.Grain.DeclareSettlementAsync(new DeclareSettlement(op, counter.Agent, 36_000, "UNC-36"));
        var received = await counter.Grain.ConfirmSettlementReceiptAsync(Receipt(declared.Number));
        for (var i = 0; i <= ChannelGrain.RecentSettlementsKept; i++)
        {
            // Empty windows, received as they are declared: enough to push the first out of the state.
            await counter.Grain.DeclareSettlementAsync(new DeclareSettlement(PaymentTestKit.Op(), counter.Agent, 0, $"UNC-EMPTY-{i}"));
        }

        var confirmedAgain = await counter.Grain.ConfirmSettlementReceiptAsync(Receipt(declared.Number));
        var declaredAgain = await counter.Grain.DeclareSettlementAsync(new DeclareSettlement(op, counter.Agent, 36_000, "UNC-36"));
        var other = await Assert.ThrowsAsync<DomainException>(() =>
            counter.Grain.DeclareSettlementAsync(new DeclareSettlement(op, counter.Agent, 36_000, "UNC-OTHER")));

        Assert.Equal(received with { Collections = [] }, confirmedAgain with { Collections = [] });
        Assert.Equal(received.Collections, confirmedAgain.Collections);
        Assert.Equal((SettlementStatuses.Received, "UNC-36", received.ReceivedAt), (declaredAgain.Status, declaredAgain.RemittanceReference, declaredAgain.ReceivedAt));
        Assert.Equal(ErrorCodes.OperationConflict, other.Code);
        await AssertPositionAsync(counter, 0);
    }
}
