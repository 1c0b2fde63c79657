using MotCua.Gateways;
using MotCua.Grains.Interfaces.Payments;

namespace MotCua.Grains.Payments;

/// <summary>What a payment does with a provider's word about its money: apply it, know it already, or record it and return the money.</summary>
/// <param name="Disposition">One of <see cref="GatewayDispositions"/>.</param>
/// <param name="Reason">Why it was not applied; null when it was.</param>
/// <param name="Action">The transition to make, when applied.</param>
/// <param name="ReturnMoney">Money reached the provider that the payment does not take: it is to be returned through the provider.</param>
public sealed record GatewayOutcomeDecision(string Disposition, string? Reason, PaymentAction? Action, bool ReturnMoney);

/// <summary>
/// The rules for a provider's outcome of a payment, from a notification or a status query. Only the provider the payment
/// goes through moves it, only while it is open, and only with the amount due. A success that cannot be applied (late,
/// extra, a wrong amount, after a failure, a cancellation or an expiry) is money the provider holds for no fee: it is
/// returned through the provider that took it. A failure that cannot be applied moves nothing and holds no money.
/// </summary>
public static class GatewayOutcomePolicy
{
    /// <summary>Decides what a payment in <paramref name="state"/> does with an outcome reported by a provider.</summary>
    public static GatewayOutcomeDecision Decide(PaymentState state, string provider, string outcome, string transactionId, long amount)
    {
        var open = state.Status is PaymentStatuses.Pending or PaymentStatuses.Processing;
        var succeeded = outcome == GatewayOutcomeKinds.Succeeded;
        var expected = PaymentJournal.ExpectedProvider(state.Method);
        // The bank refunds by its transaction id, whatever reference the transfer carried; an e-wallet refunds an order of its own.
        var returnable = succeeded && (provider == expected || provider == GatewayProviders.Bank);
        if (expected is null)
        {
            return NotApplied($"a {state.Method} payment takes no gateway outcome", returnable);
        }

        if (provider != expected)
        {
            return NotApplied($"reported by {provider}, but this payment goes through {expected}", returnable);
        }

        if (!succeeded)
        {
            return open
                ? new GatewayOutcomeDecision(GatewayDispositions.Applied, null, PaymentAction.Fail, false)
                : NotApplied($"a failure reported while the payment is {state.Status}", false);
        }

        if (open)
        {
            return amount == state.Amount
                ? new GatewayOutcomeDecision(GatewayDispositions.Applied, null, PaymentAction.Succeed, false)
                : NotApplied($"{amount} VND reported, but {state.Amount} VND is due", true);
        }

        return state.ProviderReference == transactionId && PaymentStatuses.MoneyReceived(state.Status)
            ? new GatewayOutcomeDecision(GatewayDispositions.AlreadyApplied, null, null, false)
            : NotApplied($"a success reported while the payment is {state.Status}", true);
    }

    /// <summary>
    /// Of what a status query found, the transaction that pays the payment (money received, the amount due), and every
    /// other transaction with money received: each of those is returned.
    /// </summary>
    public static (GatewayPayment? Paid, IReadOnlyList<GatewayPayment> Others) Classify(IReadOnlyList<GatewayPayment> found, long amountDue)
    {
        var received = found.Where(p => p.Status is GatewayPaymentStatus.Succeeded or GatewayPaymentStatus.PartiallyRefunded
            or GatewayPaymentStatus.Refunded).ToList();
        var paid = received.Find(p => p.Amount == amountDue);
        return (paid, [.. received.Where(p => p != paid)]);
    }

    /// <summary>When the money moved, as the provider says, but never later than <paramref name="now"/> (a provider's clock ahead).</summary>
    public static DateTimeOffset PaidAt(DateTimeOffset? providerTime, DateTimeOffset now) =>
        providerTime is { } at && at <= now ? at : now;

    private static GatewayOutcomeDecision NotApplied(string reason, bool returnMoney) =>
        new(GatewayDispositions.RecordedNotApplied, reason, null, returnMoney);
}
