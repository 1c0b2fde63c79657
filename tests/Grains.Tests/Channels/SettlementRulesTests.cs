using MotCua.Grains.Channels;
using MotCua.Grains.Interfaces.Channels;
using MotCua.Grains.Interfaces.Common;

namespace MotCua.Grains.Tests.Channels;

/// <summary>What may be declared, how the float position moves, and how a settlement goes from declared to received.</summary>
public sealed class SettlementRulesTests
{
    private static readonly DateTimeOffset Opened = new(2026, 12, 5, 1, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Now = Opened.AddHours(9);
    private static readonly Actor Agent = new(Roles.Agent, "kid-agent", ChannelId: "vnpost:HN-0001");
    private static readonly Actor Operator = new(Roles.Operator, "kid-operator");

    /// <summary>A channel whose open window holds <paramref name="windowTotal"/> in <paramref name="count"/> collections.</summary>
    private static ChannelState Channel(long windowTotal, int count = 1, long limit = 100_000) => new()
    {
        Initialized = true, FloatLimit = limit, Position = windowTotal, WindowNumber = 4, WindowOpenedAt = Opened,
        WindowCount = count, WindowTotal = windowTotal,
    };

    /// <summary>A collection confirmed in the open window (as the grain counts it).</summary>
    private static void Collect(ChannelState state, long amount)
    {
        state.Position += amount;
        state.WindowCount++;
        state.WindowTotal += amount;
    }

    private static DeclareSettlement Declaration(long amount, string op = "op-1", string reference = "UNC-1") => new(op, Agent, amount, reference);

    [Fact]
    public void DeclaringClosesTheWindowButTheCashStillCountsAgainstTheFloat()
    {
        var state = Channel(80_000, count: 2);

        var declared = SettlementRules.Declare(state, Declaration(80_000), Now);

        Assert.Equal((4, 2, 80_000L, "UNC-1", Opened, Now), (declared.Number, declared.Count, declared.Total, declared.RemittanceReference, declared.OpenedAt, declared.ClosedAt));
        Assert.Equal((SettlementStatuses.Declared, false, (DateTimeOffset?)null), (SettlementRules.StatusOf(declared), declared.Ledgered, declared.ReceivedAt));
        Assert.Equal((5, Now, 0, 0L), (state.WindowNumber, state.WindowOpenedAt, state.WindowCount, state.WindowTotal));
        Assert.Equal(80_000, state.Position);
        Assert.Equal(80_000, SettlementRules.AwaitingReceiptTotal(state));
        Assert.Equal([declared], SettlementRules.AwaitingReceipt(state));
        var refused = Assert.Throws<DomainException>(() => SettlementRules.EnsureWithinFloat(state, 20_001));
        Assert.Equal(ErrorCodes.FloatLimitExceeded, refused.Code);
        SettlementRules.EnsureWithinFloat(state, 20_000);
    }

    [Fact]
    public void TheFloatPositionCountsTheOpenWindowAndEverySettlementAwaitingReceipt()
    {
        var state = Channel(30_000);
        SettlementRules.Declare(state, Declaration(30_000, "op-1"), Now);
        Collect(state, 25_000);
        SettlementRules.Declare(state, Declaration(25_000, "op-2"), Now.AddHours(1));
        Collect(state, 40_000);

        Assert.Equal(95_000, state.Position);
        Assert.Equal(state.WindowTotal + SettlementRules.AwaitingReceiptTotal(state), state.Position);
        Assert.Equal([4, 5], SettlementRules.AwaitingReceipt(state).Select(s => s.Number));
        Assert.Throws<DomainException>(() => SettlementRules.EnsureWithinFloat(state, 5_001));
    }

    [Fact]
    public void AnAmountOtherThanTheWindowsConfirmedTotalIsRefusedAndNothingChanges()
    {
        var state = Channel(30_000);

        var refused = Assert.Throws<DomainException>(() => SettlementRules.Declare(state, Declaration(29_999), Now));

        Assert.Equal((DomainErrorKind.Conflict, ErrorCodes.SettlementAmountMismatch, "amount"), (refused.Kind, refused.Code, refused.Field));
        Assert.Contains("30000", refused.Detail, StringComparison.Ordinal);
        Assert.Empty(state.Settlements);
        Assert.Equal((4, 1, 30_000L, 30_000L), (state.WindowNumber, state.WindowCount, state.WindowTotal, state.Position));
    }

    [Fact]
    public void AnEmptyWindowIsReceivedAsItIsDeclaredAndFreesNothing()
    {
        var state = Channel(0, count: 0);
        state.Position = 12_000; // a collection still being confirmed: not in the window, still counted

        var declared = SettlementRules.Declare(state, Declaration(0), Now);

        Assert.Equal((SettlementStatuses.Received, true, (DateTimeOffset?)Now), (SettlementRules.StatusOf(declared), declared.Ledgered, declared.ReceivedAt));
        Assert.Empty(SettlementRules.AwaitingReceipt(state));
        Assert.Equal(12_000, state.Position);
        Assert.False(SettlementRules.Receive(state, declared, Now.AddHours(1)));
        Assert.Equal(12_000, state.Position);
    }

    [Fact]
    public void OnlyAnOperatorConfirmsReceiptWhichFreesTheFloatOnce()
    {
        var state = Channel(80_000, count: 2);
        var declared = SettlementRules.Declare(state, Declaration(80_000), Now);

        var forbidden = Assert.Throws<DomainException>(() => SettlementRules.EnsureMayConfirmReceipt(Agent));
        Assert.Equal(DomainErrorKind.Forbidden, forbidden.Kind);
        SettlementRules.EnsureMayConfirmReceipt(Operator);

        Assert.True(SettlementRules.Receive(state, declared, Now.AddHours(2)));
        Assert.False(SettlementRules.Receive(state, declared, Now.AddHours(3)));

        Assert.Equal((SettlementStatuses.Received, (DateTimeOffset?)Now.AddHours(2)), (SettlementRules.StatusOf(declared), declared.ReceivedAt));
        Assert.Equal(0, state.Position);
        Assert.Empty(SettlementRules.AwaitingReceipt(state));
        Assert.False(declared.Ledgered); // the grain posts the entry, then marks it
    }

    [Fact]
    public void ARetryIsAnsweredWithTheDeclarationAndTheSameOperationForAnotherOneIsRefused()
    {
        var state = Channel(80_000, count: 2);
        var declared = SettlementRules.Declare(state, Declaration(80_000), Now);

        Assert.Same(declared, SettlementRules.Retried(state, Declaration(80_000)));
        Assert.Null(SettlementRules.Retried(state, Declaration(80_000, op: "op-2")));
        Assert.Equal(ErrorCodes.OperationConflict,
            Assert.Throws<DomainException>(() => SettlementRules.Retried(state, Declaration(80_000, reference: "UNC-2"))).Code);
        Assert.Equal(ErrorCodes.OperationConflict,
            Assert.Throws<DomainException>(() => SettlementRules.Retried(state, Declaration(1))).Code);
    }

    [Fact]
    public void ASettlementClosedBeforeTheTwoStepsCountsAsReceived()
    {
        var legacy = new SettlementState { Number = 1, Total = 50_000, Ledgered = true, Booked = true };

        Assert.True(SettlementRules.IsReceived(legacy));
        Assert.Equal(SettlementStatuses.Received, SettlementRules.StatusOf(legacy));
    }

    [Fact]
    public void NoMoreThanTheCapOfSettlementsMayAwaitReceipt()
    {
        var state = Channel(1_000, limit: long.MaxValue);
        for (var i = 0; i < SettlementRules.MaxAwaitingReceipt; i++)
        {
            SettlementRules.Declare(state, Declaration(1_000, $"op-{i}"), Now);
            Collect(state, 1_000);
        }

        var refused = Assert.Throws<DomainException>(() => SettlementRules.Declare(state, Declaration(1_000, "op-more"), Now));

        Assert.Equal(ErrorCodes.TooManyAwaitingReceipt, refused.Code);
        SettlementRules.Receive(state, state.Settlements[0], Now);
        Assert.Equal(SettlementStatuses.Declared, SettlementRules.StatusOf(SettlementRules.Declare(state, Declaration(1_000, "op-more"), Now)));
    }
}
