using System.Collections.Immutable;

namespace MotCua.Sandbox.Payments;

/// <summary>Where a sandbox payment stands.</summary>
public enum PaymentState
{
    /// <summary>Created, not paid.</summary>
    Pending,

    /// <summary>Paid (for the bank: a credited transfer).</summary>
    Succeeded,

    /// <summary>The last attempt failed; the citizen may still pay.</summary>
    Failed,
}

/// <summary>A payment as the sandbox's provider holds it; immutable, replaced on every change.</summary>
public sealed record PaymentRecord(
    string Provider,
    string TransactionId,
    string Reference,
    long Amount,
    string Description,
    string? ReturnUrl,
    PaymentState State,
    DateTimeOffset CreatedAt,
    DateTimeOffset? PaidAt,
    ImmutableList<RefundRecord> Refunds)
{
    /// <summary>Whole đồng refunded so far.</summary>
    public long RefundedAmount => Refunds.Sum(r => r.Amount);

    /// <summary>Whole đồng that may still be refunded.</summary>
    public long Refundable => State == PaymentState.Succeeded ? Amount - RefundedAmount : 0;
}

/// <summary>A refund of (part of) a payment.</summary>
public sealed record RefundRecord(string RefundId, long Amount, string Reason, DateTimeOffset CreatedAt);
