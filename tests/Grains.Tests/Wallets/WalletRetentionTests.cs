using MotCua.Grains.Interfaces.Ledger;
using MotCua.Grains.Interfaces.Wallets;
using MotCua.Grains.Wallets;

namespace MotCua.Grains.Tests.Wallets;

public sealed class WalletRetentionTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 5, 2, 0, 0, TimeSpan.Zero);

    private static WalletState State()
    {
        var state = new WalletState();
        for (var i = 1; i <= 80; i++)
        {
            state.History.Add(new WalletEntryState(i, "wallet.held", Now, 1_000, 100_000, 0, $"pay_{i}", null));
        }

        state.Holds["pay_held_long_ago"] = new WalletHoldState { Amount = 5_000, Status = WalletHoldStatuses.Held, At = Now.AddDays(-90) };
        state.Holds["pay_captured_long_ago"] = new WalletHoldState { Amount = 5_000, Status = WalletHoldStatuses.Captured, At = Now.AddDays(-31) };
        state.Holds["pay_released_recently"] = new WalletHoldState { Amount = 5_000, Status = WalletHoldStatuses.Released, At = Now.AddDays(-29) };
        state.Operations["op-old"] = new WalletOperationState { Type = "top_up", Amount = 10_000, At = Now.AddDays(-31) };
        state.Operations["op-before-the-field"] = new WalletOperationState { Type = "top_up", Amount = 10_000 };
        state.Operations["op-recent"] = new WalletOperationState { Type = "refund", Amount = 10_000, At = Now.AddDays(-1) };
        return state;
    }

    [Fact]
    public void KeepsTheViewsWindowOfHistoryOpenHoldsAndWhatSettledWithinTheRetention()
    {
        var state = State();

        WalletRetention.Trim(state, Now, historyWindow: 50);

        Assert.Equal(Enumerable.Range(31, 50).Select(i => (long)i), state.History.Select(e => e.Sequence));
        Assert.Equal(["pay_held_long_ago", "pay_released_recently"], state.Holds.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["op-recent"], state.Operations.Keys);
        Assert.True(state.OperationsTrimmed);
    }

    [Fact]
    public void OperationsStayWhileAnyLedgerEntryWaitsInTheOutbox()
    {
        var state = State();
        state.Outbox.Add(JournalEntry.Transfer("wallet:001:top-up:op-old", LedgerAccounts.TopUps, "wallet:001", 10_000, Now, "top-up"));

        WalletRetention.Trim(state, Now, historyWindow: 50);

        Assert.Equal(3, state.Operations.Count);
        Assert.False(state.OperationsTrimmed);
        Assert.Equal(50, state.History.Count);
    }

    [Fact]
    public void NothingIsDroppedWithinTheRetention()
    {
        var state = State();
        state.History.RemoveRange(10, 70);
        state.Operations.Remove("op-before-the-field"); // stored before At existed: reads as long ago, so it would go

        WalletRetention.Trim(state, Now.AddDays(-60), historyWindow: 50);

        Assert.Equal(10, state.History.Count);
        Assert.Equal(3, state.Holds.Count);
        Assert.Equal(2, state.Operations.Count);
        Assert.False(state.OperationsTrimmed);
    }
}
