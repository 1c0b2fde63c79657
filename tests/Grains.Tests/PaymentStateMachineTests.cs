using FsCheck;
using FsCheck.Xunit;
using MotCua.Grains.Interfaces.Payments;
using MotCua.Grains.Payments;

namespace MotCua.Grains.Tests;

public sealed class PaymentStateMachineTests
{
    // Written out by hand from the issue, independently of the table in PaymentStateMachine:
    // "status + action → status", and every pair not listed here must be refused.
    private static readonly Dictionary<string, string> Expected = new(StringComparer.Ordinal)
    {
        ["pending + Process"] = "processing",
        ["pending + Succeed"] = "succeeded",
        ["pending + Fail"] = "failed",
        ["pending + Cancel"] = "cancelled",
        ["pending + Expire"] = "expired",
        ["processing + Expire"] = "expired",
        ["processing + Succeed"] = "succeeded",
        ["processing + Fail"] = "failed",
        ["succeeded + RefundPartially"] = "partially_refunded",
        ["succeeded + RefundInFull"] = "refunded",
        ["partially_refunded + RefundPartially"] = "partially_refunded",
        ["partially_refunded + RefundInFull"] = "refunded",
    };

    private static readonly string[] Statuses =
        ["pending", "processing", "succeeded", "failed", "cancelled", "expired", "partially_refunded", "refunded"];

    public static TheoryData<string, PaymentAction> EveryPair()
    {
        var data = new TheoryData<string, PaymentAction>();
        foreach (var status in Statuses)
        {
            foreach (var action in Enum.GetValues<PaymentAction>())
            {
                data.Add(status, action);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryPair))]
    public void EveryStatusAndActionLeadsWhereTheExpectationTableSays(string status, PaymentAction action)
    {
        var expected = Expected.GetValueOrDefault($"{status} + {action}");

        Assert.Equal(expected, PaymentStateMachine.Next(status, action));
    }

    [Fact]
    public void TheApiStatusNamesAreExactlyTheEightOfTheContract()
    {
        Assert.Equal(Statuses, PaymentStatuses.All);
        Assert.Equal(56, EveryPair().Count);
    }

    [Fact]
    public void FailedCancelledExpiredAndRefundedAreFinal()
    {
        Assert.Equal(["failed", "cancelled", "expired", "refunded"], Statuses.Where(PaymentStateMachine.IsFinal));
    }

    [Fact]
    public void CallersMayCancelOnlyWhilePendingAndRefundOnlyMoneyKept()
    {
        var allowed = Statuses.ToDictionary(s => s, s => string.Join(",", PaymentStateMachine.AllowedActions(s)));

        Assert.Equal("cancel", allowed["pending"]);
        Assert.Equal("", allowed["processing"]);
        Assert.Equal("refund", allowed["succeeded"]);
        Assert.Equal("refund", allowed["partially_refunded"]);
        Assert.All(["failed", "cancelled", "expired", "refunded"], s => Assert.Equal("", allowed[s]));
    }

    [Property(MaxTest = 2000)]
    public bool NoSequenceOfActionsSettlesAPaymentTwice(PaymentAction[] actions)
    {
        // Whatever is tried in whatever order, at most one of succeeded/failed/cancelled/expired is ever entered,
        // refunds follow a success, and a final status is never left.
        var status = PaymentStatuses.Pending;
        var settlements = 0;
        var succeeded = false;
        foreach (var action in actions)
        {
            var next = PaymentStateMachine.Next(status, action);
            if (next is null)
            {
                continue;
            }

            if (PaymentStateMachine.IsFinal(status))
            {
                return false;
            }

            if (next is "succeeded" or "failed" or "cancelled" or "expired")
            {
                settlements++;
            }

            if (next is "partially_refunded" or "refunded" && !succeeded)
            {
                return false;
            }

            succeeded |= next == "succeeded";
            status = next;
        }

        return settlements <= 1;
    }

    [Fact]
    public void ARefundTakesFromTheLastFeeLineFirst()
    {
        Assert.Equal([0L, 10_000], RefundAllocation.Allocate([50_000, 25_000], [0, 0], 10_000));
        Assert.Equal([5_000L, 25_000], RefundAllocation.Allocate([50_000, 25_000], [0, 0], 30_000));
        Assert.Equal([20_000L, 15_000], RefundAllocation.Allocate([50_000, 25_000], [0, 10_000], 35_000));
    }

    [Fact]
    public void ARefundBeyondWhatTheLinesHaveLeftIsRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => RefundAllocation.Allocate([50_000, 25_000], [50_000, 0], 25_001));
    }

    [Property(MaxTest = 1000)]
    public bool RefundsAddUpAndNeverTakeMoreThanALineHasLeft(PositiveInt[] lines, NonNegativeInt[] cuts)
    {
        var amounts = lines.Take(6).Select(l => (long)l.Get).ToArray();
        if (amounts.Length == 0)
        {
            return true;
        }

        var refunded = new long[amounts.Length];
        foreach (var cut in cuts.Take(10))
        {
            var left = amounts.Sum() - refunded.Sum();
            if (left == 0)
            {
                break;
            }

            var amount = 1 + (cut.Get % left);
            var taken = RefundAllocation.Allocate(amounts, refunded, amount);
            if (taken.Sum() != amount || taken.Any(t => t < 0))
            {
                return false;
            }

            for (var i = 0; i < amounts.Length; i++)
            {
                refunded[i] += taken[i];
                if (refunded[i] > amounts[i])
                {
                    return false;
                }
            }
        }

        return true;
    }
}
