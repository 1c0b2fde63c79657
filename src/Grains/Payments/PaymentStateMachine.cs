using MotCua.Grains.Interfaces.Payments;

namespace MotCua.Grains.Payments;

/// <summary>
/// The payment lifecycle as a table. <c>pending</c> and <c>processing</c> are open; <c>succeeded</c> and
/// <c>partially_refunded</c> are settled with money kept, and can only move on by refunds; <c>failed</c>,
/// <c>cancelled</c>, <c>expired</c> and <c>refunded</c> are final. A payment therefore settles exactly once:
/// no path leads from one of succeeded/failed/cancelled/expired to another.
/// </summary>
public static class PaymentStateMachine
{
    private static readonly Dictionary<(string From, PaymentAction Action), string> Transitions = new()
    {
        [(PaymentStatuses.Pending, PaymentAction.Process)] = PaymentStatuses.Processing,
        [(PaymentStatuses.Pending, PaymentAction.Succeed)] = PaymentStatuses.Succeeded,
        [(PaymentStatuses.Processing, PaymentAction.Succeed)] = PaymentStatuses.Succeeded,
        [(PaymentStatuses.Pending, PaymentAction.Fail)] = PaymentStatuses.Failed,
        [(PaymentStatuses.Processing, PaymentAction.Fail)] = PaymentStatuses.Failed,
        [(PaymentStatuses.Pending, PaymentAction.Cancel)] = PaymentStatuses.Cancelled,
        [(PaymentStatuses.Pending, PaymentAction.Expire)] = PaymentStatuses.Expired,
        // Only when the provider, asked after the lifetime, says nothing was paid.
        [(PaymentStatuses.Processing, PaymentAction.Expire)] = PaymentStatuses.Expired,
        [(PaymentStatuses.Succeeded, PaymentAction.RefundPartially)] = PaymentStatuses.PartiallyRefunded,
        [(PaymentStatuses.PartiallyRefunded, PaymentAction.RefundPartially)] = PaymentStatuses.PartiallyRefunded,
        [(PaymentStatuses.Succeeded, PaymentAction.RefundInFull)] = PaymentStatuses.Refunded,
        [(PaymentStatuses.PartiallyRefunded, PaymentAction.RefundInFull)] = PaymentStatuses.Refunded,
    };

    /// <summary>Every action, for exhaustive tests.</summary>
    public static readonly IReadOnlyList<PaymentAction> Actions = Enum.GetValues<PaymentAction>();

    /// <summary>The status <paramref name="action"/> leads to from <paramref name="from"/>, or null if it is not allowed.</summary>
    public static string? Next(string from, PaymentAction action) =>
        Transitions.TryGetValue((from, action), out var to) ? to : null;

    /// <summary>Whether no action leads anywhere from <paramref name="status"/>.</summary>
    public static bool IsFinal(string status) => Actions.All(a => Next(status, a) is null);

    /// <summary>Whether the payment is no longer waiting for its money (it succeeded, failed, was cancelled or expired).</summary>
    public static bool IsSettled(string status) => status is not (PaymentStatuses.Pending or PaymentStatuses.Processing);

    /// <summary>What a caller may ask for in <paramref name="status"/>, by API name: <c>cancel</c>, <c>refund</c>.</summary>
    public static IReadOnlyList<string> AllowedActions(string status)
    {
        var allowed = new List<string>(2);
        if (Next(status, PaymentAction.Cancel) is not null)
        {
            allowed.Add("cancel");
        }

        if (Next(status, PaymentAction.RefundPartially) is not null || Next(status, PaymentAction.RefundInFull) is not null)
        {
            allowed.Add("refund");
        }

        return allowed;
    }

    /// <summary>The history event type of a transition into <paramref name="to"/>.</summary>
    public static string EventType(string to) => "payment." + to;
}
