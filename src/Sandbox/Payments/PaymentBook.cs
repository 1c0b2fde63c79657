using System.Collections.Immutable;
using System.Globalization;
using MotCua.Gateways;

namespace MotCua.Sandbox.Payments;

/// <summary>
/// Every payment, transfer and refund of every sandbox provider, in memory. Ids come from counters, so a run is
/// repeatable: <c>FT000001</c> (bank), <c>VTP000001</c> (ViettelPay), <c>VNPT000001</c> (VNPT Pay), refunds <c>RF000001</c>.
/// </summary>
public sealed class PaymentBook(TimeProvider time)
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, PaymentRecord> byTransaction = new(StringComparer.Ordinal);
    private long sequence;

    /// <summary>Opens an e-wallet payment; its reference (order id) must be new for the provider.</summary>
    public Outcome<PaymentRecord> Create(string provider, string reference, long amount, string description, string? returnUrl)
    {
        lock (gate)
        {
            if (byTransaction.Values.Any(p => p.Provider == provider && p.Reference == reference))
            {
                return new SandboxError(400, "duplicate_order", $"Order '{reference}' exists.");
            }

            return Add(new PaymentRecord(provider, NextId(provider), reference, amount, description, returnUrl,
                PaymentState.Pending, time.GetUtcNow(), null, []));
        }
    }

    /// <summary>Books a transfer credited to the bank account, as a citizen's VietQR payment would.</summary>
    public PaymentRecord CreditTransfer(string billNumber, long amount, string description)
    {
        lock (gate)
        {
            var now = time.GetUtcNow();
            return Add(new PaymentRecord(GatewayProviders.Bank, NextId(GatewayProviders.Bank), billNumber, amount, description, null,
                PaymentState.Succeeded, now, now, []));
        }
    }

    /// <summary>The payment with this transaction id or (for e-wallets, unique) reference.</summary>
    public PaymentRecord? Find(string provider, string idOrReference)
    {
        lock (gate)
        {
            return FindLocked(provider, idOrReference);
        }
    }

    /// <summary>All payments of a provider carrying a reference, oldest first.</summary>
    public IReadOnlyList<PaymentRecord> FindByReference(string provider, string reference) =>
        All(provider).Where(p => p.Reference == reference).ToList();

    /// <summary>All payments of a provider, oldest first.</summary>
    public IReadOnlyList<PaymentRecord> All(string provider)
    {
        lock (gate)
        {
            return byTransaction.Values.Where(p => p.Provider == provider).OrderBy(p => p.TransactionId, StringComparer.Ordinal).ToList();
        }
    }

    /// <summary>The citizen paid: pending or failed becomes succeeded.</summary>
    public Outcome<PaymentRecord> MarkPaid(string provider, string id) => Change(provider, id, p => p.State == PaymentState.Succeeded
        ? new SandboxError(409, "already_paid", $"Payment '{id}' is already paid.")
        : p with { State = PaymentState.Succeeded, PaidAt = time.GetUtcNow() });

    /// <summary>The citizen's attempt failed: only a pending payment can fail.</summary>
    public Outcome<PaymentRecord> MarkFailed(string provider, string id) => Change(provider, id, p => p.State != PaymentState.Pending
        ? new SandboxError(409, "not_pending", $"Payment '{id}' is {p.State.ToString().ToLowerInvariant()}.")
        : p with { State = PaymentState.Failed });

    /// <summary>Gives back (part of) a paid payment.</summary>
    public Outcome<(PaymentRecord Payment, RefundRecord Refund)> Refund(string provider, string id, long amount, string reason)
    {
        lock (gate)
        {
            if (FindLocked(provider, id) is not { } payment)
            {
                return SandboxError.NotFound(id);
            }

            if (payment.State != PaymentState.Succeeded)
            {
                return new SandboxError(400, "not_refundable", $"Payment '{id}' is not paid.");
            }

            if (amount <= 0 || amount > payment.Refundable)
            {
                return new SandboxError(400, "refund_exceeds_amount", $"At most {payment.Refundable} may be refunded.");
            }

            var refund = new RefundRecord(string.Create(CultureInfo.InvariantCulture, $"RF{++sequence:D6}"), amount, reason, time.GetUtcNow());
            var updated = payment with { Refunds = payment.Refunds.Add(refund) };
            byTransaction[updated.TransactionId] = updated;
            return (updated, refund);
        }
    }

    /// <summary>Forgets everything.</summary>
    public void Clear()
    {
        lock (gate)
        {
            byTransaction.Clear();
            sequence = 0;
        }
    }

    private Outcome<PaymentRecord> Change(string provider, string id, Func<PaymentRecord, Outcome<PaymentRecord>> change)
    {
        lock (gate)
        {
            if (FindLocked(provider, id) is not { } payment)
            {
                return SandboxError.NotFound(id);
            }

            var outcome = change(payment);
            if (outcome.Value is { } updated)
            {
                byTransaction[updated.TransactionId] = updated;
            }

            return outcome;
        }
    }

    private PaymentRecord? FindLocked(string provider, string idOrReference) =>
        byTransaction.TryGetValue(idOrReference, out var p) && p.Provider == provider
            ? p
            : byTransaction.Values.FirstOrDefault(p => p.Provider == provider && p.Reference == idOrReference);

    private PaymentRecord Add(PaymentRecord payment)
    {
        byTransaction.Add(payment.TransactionId, payment);
        return payment;
    }

    private string NextId(string provider) => string.Create(CultureInfo.InvariantCulture, $"{provider switch
    {
        GatewayProviders.Bank => "FT",
        GatewayProviders.ViettelPay => "VTP",
        _ => "VNPT",
    }}{++sequence:D6}");
}
