using MotCua.Gateways;
using MotCua.Grains.Interfaces.Common;
using MotCua.Grains.Interfaces.Ledger;
using MotCua.Grains.Interfaces.Payments;

namespace MotCua.Grains.Payments;

/// <summary>
/// What may be refunded of a payment and how each refund reaches the citizen. A refund is paid out by its payee: the
/// wallet (credited back), the gateway provider that holds the money (through its refund API, with one idempotency
/// key per refund, so a retry after an unknown outcome asks the provider for the first answer instead of paying twice),
/// or the cash channel (owed by the channel, ledgered as refunds payable).
/// Money the payment never took (late, extra or a wrong amount) is a refund too, marked <see cref="RefundState.Unapplied"/>:
/// it is not part of what was refunded of the payment, and it goes back through the provider that took it.
/// </summary>
public static class RefundRules
{
    /// <summary>The refund id of money from <paramref name="provider"/>'s transaction that the payment did not take.</summary>
    public static string ReturnId(string provider, string transactionId) => $"return:{provider}:{transactionId}";

    /// <summary>The refund's operation id where it is paid out (the wallet's credit, the provider's idempotency key): the same on every attempt.</summary>
    public static string OperationKey(string paymentId, RefundState refund) => $"refund:{paymentId}:{refund.Id}";

    /// <summary>What was refunded of the money the payment took.</summary>
    public static long RefundedAmount(PaymentState state) =>
        state.Refunds.Where(r => !r.Unapplied).Aggregate(0L, (sum, r) => checked(sum + r.Amount));

    /// <summary>Whether some refund is owed to the citizen and not yet in their hands.</summary>
    public static bool RefundOwed(PaymentState state) => state.Refunds.Exists(r => !r.PaidOut);

    /// <summary>Whether <paramref name="payee"/> is a gateway provider.</summary>
    public static bool IsProvider(string payee) => GatewayProviders.All.Contains(payee);

    /// <summary>
    /// Whether the provider pays the refund back through its refund API: a provider payee, and the transaction to refund
    /// known. A refund recorded before this release has none: it stays owed by the channel as it was then (it may have been
    /// paid back by hand), so an upgrade never pays it a second time.
    /// </summary>
    public static bool PaidByProvider(RefundState refund) => IsProvider(refund.Payee) && refund.ProviderTransactionId is not null;

    /// <summary>
    /// Checks a refund of <paramref name="amount"/> against what the payment holds, and plans it: the transition it makes
    /// and what it takes from each fee line (<see cref="RefundAllocation"/>). Throws the caller's error when it may not.
    /// </summary>
    public static (PaymentAction Action, long[] Allocation) Plan(PaymentState state, long amount)
    {
        var remaining = state.Amount - RefundedAmount(state);
        if (amount <= 0 || amount > remaining)
        {
            if (remaining == 0)
            {
                throw DomainException.InvalidTransition("refund", state.Status, PaymentStateMachine.AllowedActions(state.Status));
            }

            throw DomainException.InvalidField("amount",
                $"A refund of this payment is 1 to {remaining} VND (paid {state.Amount}, refunded {state.Amount - remaining}).");
        }

        var action = amount == remaining ? PaymentAction.RefundInFull : PaymentAction.RefundPartially;
        if (PaymentStateMachine.Next(state.Status, action) is null)
        {
            throw DomainException.InvalidTransition("refund", state.Status, PaymentStateMachine.AllowedActions(state.Status));
        }

        var lineRefunded = new long[state.FeeLines.Count];
        foreach (var earlier in state.Refunds.Where(r => !r.Automatic))
        {
            for (var i = 0; i < lineRefunded.Length; i++)
            {
                lineRefunded[i] += earlier.Allocation[i];
            }
        }

        return (action, RefundAllocation.Allocate([.. state.FeeLines.Select(l => l.Amount)], lineRefunded, amount));
    }

    /// <summary>
    /// Money <paramref name="provider"/> took in <paramref name="transactionId"/> that the payment does not take, to be
    /// returned; null when it is already being returned (the same transaction reported again, or also found by a query).
    /// </summary>
    public static RefundState? Return(PaymentState state, string provider, string transactionId, long amount, string reason, DateTimeOffset at)
    {
        var id = ReturnId(provider, transactionId);
        if (amount <= 0 || state.Refunds.Exists(r => r.Id == id))
        {
            return null;
        }

        return new RefundState
        {
            Id = id,
            Amount = amount,
            Reason = reason,
            Automatic = true,
            Unapplied = true,
            At = at,
            Payee = provider,
            ProviderTransactionId = transactionId,
        };
    }

    /// <summary>How the refund reaches the citizen, as the API names it (<see cref="RefundPayouts"/>).</summary>
    public static string Payout(RefundState refund) =>
        refund.Payee == LedgerAccounts.WalletPayee ? refund.PaidOut ? RefundPayouts.CreditedToWallet : RefundPayouts.CreditingWallet
        : PaidByProvider(refund) ? refund.PaidOut ? RefundPayouts.RefundedAtProvider : RefundPayouts.RefundingAtProvider
        : RefundPayouts.PayableByChannel;
}
