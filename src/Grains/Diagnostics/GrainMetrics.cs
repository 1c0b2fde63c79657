using System.Diagnostics.Metrics;
using TagList = System.Diagnostics.TagList;
using MotCua.Grains.Interfaces.Dossiers;
using MotCua.Grains.Interfaces.Payments;
using MotCua.Grains.Payments;

namespace MotCua.Grains.Diagnostics;

/// <summary>
/// MotCua's own instruments recorded inside grains, on the meter <see cref="MeterName"/> (the hosts register it with
/// OpenTelemetry; Prometheus shows <c>motcua_payments_total</c>, <c>motcua_payment_amount_VND_total</c> and
/// <c>motcua_dossier_transitions_total</c>). They count changes as the grain applies them, just before its state write:
/// if that write fails the grain deactivates and a retry applies (and counts) the change again, so after a storage
/// fault a counter can run ahead of the stored truth. For money, the ledger audit is the truth; these are for watching.
/// </summary>
public static class GrainMetrics
{
    /// <summary>The name of MotCua's meter (shared with the gateway and API instruments).</summary>
    public const string MeterName = "MotCua";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Counter<long> Payments = Meter.CreateCounter<long>(
        "motcua.payments", "{payment}", "Payments that reached a new status, by method and outcome (the new status).");

    private static readonly Counter<long> PaymentAmount = Meter.CreateCounter<long>(
        "motcua.payment.amount", "VND", "Money that succeeded or was refunded, in đồng, by method and outcome.");

    private static readonly Counter<long> DossierTransitions = Meter.CreateCounter<long>(
        "motcua.dossier.transitions", "{transition}", "Dossier status changes, by from and to status (from 'none' when filed).");

    /// <summary>
    /// Counts a payment that has just moved to <see cref="PaymentState.Status"/>; for <c>succeeded</c> adds its amount, for
    /// <c>refunded</c> and <c>partially_refunded</c> the amount of the refund just added.
    /// </summary>
    public static void PaymentTransitioned(PaymentState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var tags = new TagList { { "method", state.Method }, { "outcome", state.Status } };
        Payments.Add(1, tags);
        var amount = state.Status switch
        {
            PaymentStatuses.Succeeded => state.Amount,
            PaymentStatuses.Refunded or PaymentStatuses.PartiallyRefunded when state.Refunds.Count > 0 => state.Refunds[^1].Amount,
            _ => 0,
        };
        if (amount > 0)
        {
            PaymentAmount.Add(amount, tags);
        }
    }

    /// <summary>Counts a dossier event that changes its status (<paramref name="to"/> set); other events are ignored.</summary>
    public static void DossierEventRecorded(DossierStatus? from, DossierStatus? to)
    {
        if (to is { } next)
        {
            DossierTransitions.Add(1, new TagList { { "from", from?.ToApiName() ?? "none" }, { "to", next.ToApiName() } });
        }
    }
}
