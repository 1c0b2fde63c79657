using MotCua.Gateways;
using MotCua.Grains.Interfaces.Common;
using MotCua.Grains.Interfaces.Ledger;
using MotCua.Grains.Interfaces.Payments;
using MotCua.Grains.Payments;

namespace MotCua.Grains.Tests;

/// <summary>The payment's rules as plain classes: outcomes, refunds and returns, its journal entries and saga plan. No cluster.</summary>
public sealed class PaymentRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 5, 10, 0, 0, TimeSpan.FromHours(7));

    private static PaymentState Payment(string method = PaymentMethods.VietQr, string status = PaymentStatuses.Pending, long amount = 100_000) => new()
    {
        CreatedByOperation = "op",
        DossierCode = "SXD-1",
        Method = method,
        Status = status,
        Amount = amount,
        AgencyCode = "SXD",
        FeeLines = [new FeeLineState(1, "charge", "Lệ phí", 75_000), new FeeLineState(2, "fee", "Phí", amount - 75_000)],
        ChannelId = method == PaymentMethods.Cash ? "vnpost:HN-0001" : null,
    };

    [Fact]
    public void TheProviderThePaymentGoesThroughAppliesTheAmountDueWhileOpen()
    {
        var decision = GatewayOutcomePolicy.Decide(Payment(), "bank", GatewayOutcomeKinds.Succeeded, "FT1", 100_000);
        Assert.Equal(new GatewayOutcomeDecision(GatewayDispositions.Applied, null, PaymentAction.Succeed, false), decision);

        var failed = GatewayOutcomePolicy.Decide(Payment(status: PaymentStatuses.Processing), "bank", GatewayOutcomeKinds.Failed, "FT1", 100_000);
        Assert.Equal(new GatewayOutcomeDecision(GatewayDispositions.Applied, null, PaymentAction.Fail, false), failed);
    }

    [Theory]
    [InlineData(PaymentStatuses.Cancelled)]
    [InlineData(PaymentStatuses.Expired)]
    [InlineData(PaymentStatuses.Failed)]
    public void MoneyArrivingAfterThePaymentClosedIsRecordedAndReturned(string status)
    {
        var decision = GatewayOutcomePolicy.Decide(Payment(status: status), "bank", GatewayOutcomeKinds.Succeeded, "FT9", 100_000);

        Assert.Equal(GatewayDispositions.RecordedNotApplied, decision.Disposition);
        Assert.Null(decision.Action);
        Assert.True(decision.ReturnMoney);
        Assert.Contains(status, decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void AWrongAmountIsReturnedAndThePaymentStaysPayable()
    {
        var decision = GatewayOutcomePolicy.Decide(Payment(), "bank", GatewayOutcomeKinds.Succeeded, "FT2", 99_000);

        Assert.Equal((GatewayDispositions.RecordedNotApplied, (PaymentAction?)null, true), (decision.Disposition, decision.Action, decision.ReturnMoney));
        Assert.Equal("99000 VND reported, but 100000 VND is due", decision.Reason);
    }

    [Fact]
    public void TheSameTransactionAgainIsAlreadyAppliedButASecondTransferIsReturned()
    {
        var paid = Payment(status: PaymentStatuses.Succeeded);
        paid.ProviderReference = "FT1";

        Assert.Equal(GatewayDispositions.AlreadyApplied,
            GatewayOutcomePolicy.Decide(paid, "bank", GatewayOutcomeKinds.Succeeded, "FT1", 100_000).Disposition);
        var second = GatewayOutcomePolicy.Decide(paid, "bank", GatewayOutcomeKinds.Succeeded, "FT2", 100_000);
        Assert.True(second.ReturnMoney);
        Assert.Equal(GatewayDispositions.RecordedNotApplied, second.Disposition);
    }

    [Fact]
    public void AFailureThatCannotApplyHoldsNoMoneyAndAnotherProvidersWordMovesNothing()
    {
        var late = GatewayOutcomePolicy.Decide(Payment(status: PaymentStatuses.Succeeded), "bank", GatewayOutcomeKinds.Failed, "FT1", 100_000);
        Assert.False(late.ReturnMoney);

        var foreign = GatewayOutcomePolicy.Decide(Payment(PaymentMethods.ViettelPay), "vnptpay", GatewayOutcomeKinds.Succeeded, "V1", 100_000);
        Assert.Equal((GatewayDispositions.RecordedNotApplied, (PaymentAction?)null), (foreign.Disposition, foreign.Action));
        Assert.False(foreign.ReturnMoney); // an e-wallet refunds only its own orders

        var bankForCash = GatewayOutcomePolicy.Decide(Payment(PaymentMethods.Cash), "bank", GatewayOutcomeKinds.Succeeded, "FT3", 100_000);
        Assert.True(bankForCash.ReturnMoney); // the bank refunds any transfer by its id
    }

    [Fact]
    public void AStatusQueryPaysWithTheTransferOfTheAmountDueAndReturnsEveryOther()
    {
        GatewayPayment Transfer(string id, long amount, GatewayPaymentStatus status) => new("bank", id, "REF", amount, status);
        var (paid, others) = GatewayOutcomePolicy.Classify(
            [Transfer("A", 10_000, GatewayPaymentStatus.Succeeded), Transfer("B", 100_000, GatewayPaymentStatus.Succeeded),
                Transfer("C", 100_000, GatewayPaymentStatus.Succeeded), Transfer("D", 100_000, GatewayPaymentStatus.Failed)],
            100_000);

        Assert.Equal("B", paid?.TransactionId);
        Assert.Equal(["A", "C"], others.Select(o => o.TransactionId));
    }

    [Fact]
    public void ASuccessIsDatedWhenTheProviderSaysItWasPaidButNeverInTheFuture()
    {
        Assert.Equal(Now.AddHours(-3), GatewayOutcomePolicy.PaidAt(Now.AddHours(-3), Now));
        Assert.Equal(Now, GatewayOutcomePolicy.PaidAt(Now.AddMinutes(2), Now));
        Assert.Equal(Now, GatewayOutcomePolicy.PaidAt(null, Now));
    }

    [Fact]
    public void ARefundIsPlannedAgainstWhatIsLeftAndTakesTheLastLineFirst()
    {
        var paid = Payment(status: PaymentStatuses.Succeeded);
        paid.DossierOutcome = DossierOutcomes.Applied;

        var (action, allocation) = RefundRules.Plan(paid, 30_000);
        Assert.Equal(PaymentAction.RefundPartially, action);
        Assert.Equal([5_000L, 25_000], allocation);

        paid.Refunds.Add(new RefundState { Id = "r1", Amount = 30_000, Allocation = [.. allocation] });
        paid.Refunds.Add(new RefundState { Id = "return:bank:FT9", Amount = 500_000, Automatic = true, Unapplied = true, Payee = "bank" });
        paid.Status = PaymentStatuses.PartiallyRefunded;
        Assert.Equal(30_000, RefundRules.RefundedAmount(paid)); // money the payment never took is not refunded of it
        var (rest, restAllocation) = RefundRules.Plan(paid, 70_000);
        Assert.Equal(PaymentAction.RefundInFull, rest);
        Assert.Equal([70_000L, 0], restAllocation);
        var tooMuch = Assert.Throws<DomainException>(() => RefundRules.Plan(paid, 70_001));
        Assert.Equal("validation_failed", tooMuch.Code);
        Assert.Contains("1 to 70000 VND", tooMuch.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void NothingIsRefundedOfAPaymentThatTookNoMoney()
    {
        var ex = Assert.Throws<DomainException>(() => RefundRules.Plan(Payment(status: PaymentStatuses.Cancelled), 10_000));
        Assert.Equal(ErrorCodes.InvalidTransition, ex.Code);
    }

    [Fact]
    public void ATransactionIsReturnedOnceHoweverOftenItIsReported()
    {
        var state = Payment(status: PaymentStatuses.Expired);

        Assert.True(PaymentHistory.AddReturn(state, "bank", "FT9", 100_000, "late", Now));
        Assert.False(PaymentHistory.AddReturn(state, "bank", "FT9", 100_000, "late, found by a query", Now));
        Assert.False(PaymentHistory.AddReturn(state, "bank", "FT0", 0, "nothing", Now));

        var money = Assert.Single(state.Refunds);
        Assert.Equal(("return:bank:FT9", "bank", "FT9", true, true), (money.Id, money.Payee, money.ProviderTransactionId, money.Unapplied, money.Automatic));
        Assert.True(state.RefundDue);
        Assert.Equal("payment.money_returning", state.Events[^1].Type);
        Assert.Equal(RefundPayouts.RefundingAtProvider, RefundRules.Payout(money));
        money.PaidOut = true;
        Assert.Equal(RefundPayouts.RefundedAtProvider, RefundRules.Payout(money));
    }

    [Fact]
    public void EachPayeePaysOutItsOwnWay()
    {
        Assert.Equal(RefundPayouts.CreditingWallet, RefundRules.Payout(new RefundState { Payee = LedgerAccounts.WalletPayee }));
        Assert.Equal(RefundPayouts.PayableByChannel, RefundRules.Payout(new RefundState { Payee = "vnpost:HN-0001" }));
        Assert.Equal(RefundPayouts.RefundingAtProvider, RefundRules.Payout(new RefundState { Payee = "viettelpay", ProviderTransactionId = "VT1" }));
        // Recorded before providers paid refunds back: owed as it was then, never paid a second time by an upgrade.
        var legacy = new RefundState { Payee = "bank", LedgerPosted = true };
        Assert.Equal(RefundPayouts.PayableByChannel, RefundRules.Payout(legacy));
        Assert.False(PaymentSagaPlan.RefundStepDue(legacy, _ => true));
    }

    [Fact]
    public void ReturnedMoneyIsRecognisedAtTheProviderOwedAndClearedWhenPaidBack()
    {
        var state = Payment(status: PaymentStatuses.Cancelled);
        PaymentHistory.AddReturn(state, "bank", "FT9", 120_000, "a success reported while the payment is cancelled", Now);
        var money = state.Refunds[0];

        var owed = PaymentJournal.Refund("pay_1", state, money);
        Assert.Equal(LedgerEntryIds.Refund("pay_1", "return:bank:FT9"), owed.Id);
        Assert.Equal([new Posting("clearing:bank", 120_000), new Posting("refunds-payable:bank", -120_000)], owed.Postings);

        money.ProviderRefundId = "RF1";
        var paidBack = PaymentJournal.ProviderPayout("pay_1", money, Now);
        Assert.Equal("payout:pay_1:return:bank:FT9", paidBack.Id);
        Assert.Equal([new Posting("refunds-payable:bank", 120_000), new Posting("clearing:bank", -120_000)], paidBack.Postings);
        Assert.Equal(0, owed.Postings.Concat(paidBack.Postings).Where(p => p.Account == "clearing:bank").Sum(p => p.Amount));
    }

    [Fact]
    public void APaymentPostsToRevenueByKindOrOwesItAllBackAsADuplicate()
    {
        var cash = Payment(PaymentMethods.Cash, PaymentStatuses.Succeeded);
        cash.DossierOutcome = DossierOutcomes.Applied;
        Assert.Equal([new Posting("clearing:vnpost:HN-0001", 100_000), new Posting("revenue:SXD:charge", -75_000), new Posting("revenue:SXD:fee", -25_000)],
            PaymentJournal.Payment("pay_1", cash, Now).Postings);

        var duplicate = Payment(PaymentMethods.ViettelPay, PaymentStatuses.Refunded);
        duplicate.DossierOutcome = DossierOutcomes.Duplicate;
        Assert.Equal([new Posting("clearing:viettelpay", 100_000), new Posting("refunds-payable:viettelpay", -100_000)],
            PaymentJournal.Payment("pay_2", duplicate, Now).Postings);
        Assert.Equal("pay:pay_2", PaymentJournal.Payment("pay_2", duplicate, Now).Id);
    }

    [Fact]
    public void TheSagaPaysOutAtAProviderOnlyWhenItsGatewayIsConfigured()
    {
        var state = Payment(status: PaymentStatuses.Expired);
        PaymentHistory.AddReturn(state, "bank", "FT9", 100_000, "late", Now);
        state.Refunds[0].LedgerPosted = true;

        Assert.True(PaymentSagaPlan.HasWork(state, providerAsked: true, providerConfigured: _ => true));
        Assert.False(PaymentSagaPlan.HasWork(state, providerAsked: false, providerConfigured: _ => false));
        Assert.True(PaymentSagaPlan.RefundMayRun(state, state.Refunds[0])); // a return needs no payment entry

        state.Refunds[0].PaidOut = true;
        Assert.False(PaymentSagaPlan.HasWork(state, providerAsked: true, providerConfigured: _ => true));
    }

    [Fact]
    public void ARefundOfThePaymentsMoneyWaitsForItsEntryAndTheDossierHearsOfEachLaterStatus()
    {
        var state = Payment(status: PaymentStatuses.Succeeded);
        state.DossierOutcome = DossierOutcomes.Applied;
        var refund = new RefundState { Id = "r1", Amount = 10_000, Payee = "bank", ProviderTransactionId = "FT1", Allocation = [0, 10_000] };
        state.Refunds.Add(refund);
        Assert.False(PaymentSagaPlan.RefundMayRun(state, refund));
        Assert.True(PaymentSagaPlan.SuccessStepsDue(state));

        state.LedgerPosted = true;
        state.ReceiptNumber = "SXD-2026-1";
        Assert.True(PaymentSagaPlan.RefundMayRun(state, refund));
        Assert.Null(PaymentSagaPlan.DossierStatusToSync(state)); // a success is told by the success step

        PaymentHistory.Move(state, PaymentAction.RefundPartially, Actor.System, "10000 VND", Now);
        Assert.Equal(PaymentStatuses.PartiallyRefunded, PaymentSagaPlan.DossierStatusToSync(state)?.To);
        state.DossierSyncedSequence = state.Events[^1].Sequence;
        Assert.Null(PaymentSagaPlan.DossierStatusToSync(state));
    }

    [Fact]
    public void TheStatusQueryScheduleRepeatsItsLastDelayAndWaitsAtLeastAMinute()
    {
        var options = new PaymentOptions { StatusQuerySchedule = [TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(5)] };

        Assert.Equal(TimeSpan.FromMinutes(1), options.StatusQueryDelay(1));
        Assert.Equal(TimeSpan.FromMinutes(5), options.StatusQueryDelay(2));
        Assert.Equal(TimeSpan.FromMinutes(5), options.StatusQueryDelay(9));
        Assert.Equal(TimeSpan.FromDays(1), new PaymentOptions { StatusQuerySchedule = [] }.StatusQueryDelay(1));
    }
}
