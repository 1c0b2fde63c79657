using MotCua.Grains.Interfaces.Common;

namespace MotCua.Grains.Payments;

/// <summary>A payment's history: every transition and notable step is an event, numbered, in the same write as the change.</summary>
public static class PaymentHistory
{
    public static void Record(PaymentState state, string type, Actor actor, string? from, string? to, string? detail, DateTimeOffset at)
    {
        var sequence = state.Events.Count == 0 ? 1 : state.Events[^1].Sequence + 1;
        state.Events.Add(new PaymentEvent(sequence, type, at, actor, from, to, detail));
    }

    /// <summary>Moves the payment by <paramref name="action"/> (<see cref="PaymentStateMachine"/>) and records it; refuses a move the table forbids.</summary>
    public static void Move(PaymentState state, PaymentAction action, Actor actor, string? detail, DateTimeOffset at)
    {
        var to = PaymentStateMachine.Next(state.Status, action)
            ?? throw new InvalidOperationException($"A payment cannot {action} from {state.Status}.");
        Record(state, PaymentStateMachine.EventType(to), actor, state.Status, to, detail, at);
        state.Status = to;
        state.RefundDue = RefundRules.RefundOwed(state);
    }

    /// <summary>
    /// Adds money the payment does not take to its refunds, to be returned through the provider; false when that
    /// transaction is already being returned.
    /// </summary>
    public static bool AddReturn(PaymentState state, string provider, string transactionId, long amount, string reason, DateTimeOffset at)
    {
        if (RefundRules.Return(state, provider, transactionId, amount, reason, at) is not { } money)
        {
            return false;
        }

        state.Refunds.Add(money);
        state.RefundDue = true;
        Record(state, "payment.money_returning", Actor.System, null, null,
            $"{amount} VND of {provider} transaction {transactionId} to be returned: {reason}", at);
        return true;
    }
}
