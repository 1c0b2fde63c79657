using MotCua.Grains.Dossiers;
using MotCua.Grains.Interfaces.Common;
using MotCua.Grains.Interfaces.Dossiers;
using MotCua.Grains.Interfaces.Payments;

namespace MotCua.Grains.Tests;

/// <summary>A dossier's side of one fee paid once, as a plain class: no cluster.</summary>
public sealed class DossierPaymentsTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 5, 9, 0, 0, TimeSpan.FromHours(7));

    private static DossierState AwaitingFees()
    {
        var state = new DossierState { Code = "HN-1", Status = DossierStatus.PaymentRequested };
        state.Fees.Add(new FeeItemState { Id = 1, Name = "Lệ phí", Amount = 50_000 });
        DossierPayments.Register(state, new RegisterPayment("p1", PaymentMethods.Cash, At), () => []);
        DossierPayments.Register(state, new RegisterPayment("p2", PaymentMethods.VietQr, At), () => []);
        return state;
    }

    [Fact]
    public void TheFirstSuccessPaysTheFeeAndNamesThePendingOnesToCancelTheNextIsADuplicate()
    {
        var state = AwaitingFees();

        var first = DossierPayments.RecordSuccess(state, "p1", [1]);
        Assert.Equal(PaymentRecordOutcome.Applied, first.Outcome);
        Assert.Equal(["p2"], first.PendingToCancel);
        Assert.Equal(first.Outcome, DossierPayments.RecordSuccess(state, "p1", [1]).Outcome); // the same answer again

        var second = DossierPayments.RecordSuccess(state, "p2", [1]);
        Assert.Equal(PaymentRecordOutcome.Duplicate, second.Outcome);
        Assert.Empty(second.PendingToCancel);
        Assert.Equal("p1", state.Fees[0].PaidByPaymentId);
    }

    [Fact]
    public void NoMoneyIsTakenForAPaidFeeOrAWithdrawnDossierAndSuccessThenIsRefunded()
    {
        var state = AwaitingFees();
        Assert.Null(DossierPayments.WhyNotPayable(state, "p2"));
        DossierPayments.RecordSuccess(state, "p1", [1]);
        Assert.Equal(ErrorCodes.FeeAlreadyPaid, DossierPayments.WhyNotPayable(state, "p2")?.Code);
        Assert.Null(DossierPayments.WhyNotPayable(state, "p1"));

        var withdrawn = AwaitingFees();
        withdrawn.Status = DossierStatus.Withdrawn;
        Assert.Equal(ErrorCodes.DossierNotAwaitingPayment, DossierPayments.WhyNotPayable(withdrawn, "p1")?.Code);
        Assert.Equal(PaymentRecordOutcome.Duplicate, DossierPayments.RecordSuccess(withdrawn, "p1", [1]).Outcome);
        Assert.Null(withdrawn.Fees[0].PaidByPaymentId);
        Assert.Equal(["p2"], DossierPayments.Pending(withdrawn));
    }
}
