using System.Globalization;
using Microsoft.Extensions.Logging;
using MotCua.Gateways;
using MotCua.Grains.Interfaces.Common;
using MotCua.Grains.Interfaces.Ledger;
using MotCua.Grains.Interfaces.Payments;
using MotCua.Grains.Interfaces.Reconciliation;
using MotCua.Grains.Interfaces.Storage;
using MotCua.Grains.Payments.Gateways;

namespace MotCua.Grains.Reconciliation;

/// <summary>
/// Matches a provider's daily statement against the ledger, by the provider's transaction id: the payment entries
/// (<c>pay:{paymentId}</c>) debited to <c>clearing:{provider}</c> that Vietnam day, each payment giving the transaction it
/// was paid by. Refunds on the statement are not matched here (MotCua owes them as refunds payable, not by day).
/// </summary>
[GrainType("reconciliation")]
public sealed class ReconciliationGrain(
    IPaymentGateways gateways, IPaymentBook paymentBook, ILedgerJournal journal, TimeProvider time, ILogger<ReconciliationGrain> logger)
    : Grain, IReconciliationGrain
{
    private string Provider => this.GetPrimaryKeyString().Split(':')[0];

    private DateOnly Day => DateOnly.ParseExact(this.GetPrimaryKeyString().Split(':')[1], "yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>The start of the day, Vietnam time.</summary>
    private DateTimeOffset DayStart => new(Day.ToDateTime(TimeOnly.MinValue), VietnamTime.Offset);

    /// <summary>The key of a provider's day.</summary>
    public static string Key(string provider, DateOnly day) => $"{provider}:{day:yyyy-MM-dd}";

    public async Task<ProviderReconciliation> ReconcileAsync()
    {
        var unmatched = await GrainFactory.GetGrain<IGatewayInboxGrain>(GatewayInboxes.Key(Provider, Day)).ListAsync();
        if (!gateways.IsConfigured(Provider))
        {
            return Unavailable($"no {Provider} gateway is configured", unmatched);
        }

        GatewayStatement statement;
        try
        {
            statement = await gateways.GetStatementAsync(Provider, Day);
        }
        catch (GatewayException ex)
        {
            logger.LogWarning("Reconciliation of {Provider} {Day}: statement not fetched ({Failure})", Provider, Day, ex.Failure);
            return Unavailable($"the statement could not be fetched ({ex.Failure})", unmatched);
        }

        var ledger = await LedgeredPaymentsAsync();
        var provided = statement.Entries.Where(e => e.Kind == StatementEntryKind.Payment)
            .GroupBy(e => e.TransactionId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (Amount: g.Sum(e => e.Amount), g.First().Reference), StringComparer.Ordinal);
        var discrepancies = new List<Discrepancy>();
        var matched = 0;
        var matchedAmount = 0L;
        var resolutions = await ResolutionsAsync();
        foreach (var transaction in provided.Keys.Union(ledger.Keys, StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            var atProvider = provided.TryGetValue(transaction, out var p) ? p : ((long Amount, string Reference)?)null;
            var inLedger = ledger.TryGetValue(transaction, out var l) ? l : null;
            if (atProvider is { } both && inLedger is not null && both.Amount == inLedger.Amount)
            {
                matched++;
                matchedAmount += both.Amount;
                continue;
            }

            var resolution = resolutions.GetValueOrDefault(ResolutionEntryId(transaction));
            if (inLedger is null)
            {
                var paymentId = await GrainFactory.FindPaymentByProviderReferenceAsync(atProvider!.Value.Reference);
                discrepancies.Add(new Discrepancy(DiscrepancyKinds.MissingInMotCua, transaction, paymentId, atProvider.Value.Reference,
                    null, atProvider.Value.Amount,
                    paymentId is null
                        ? "the provider booked money for a reference no payment holds"
                        : $"the provider booked money for payment {paymentId}, which did not ledger it (see its unapplied notices or ask the provider)",
                    resolution?.Memo));
            }
            else if (atProvider is null)
            {
                discrepancies.Add(new Discrepancy(DiscrepancyKinds.MissingAtProvider, transaction, inLedger.PaymentId, inLedger.Reference,
                    inLedger.Amount, null, $"payment {inLedger.PaymentId} ledgered money the provider's statement does not show", resolution?.Memo));
            }
            else
            {
                discrepancies.Add(new Discrepancy(DiscrepancyKinds.AmountMismatch, transaction, inLedger.PaymentId, inLedger.Reference,
                    inLedger.Amount, atProvider.Value.Amount,
                    $"payment {inLedger.PaymentId}: {inLedger.Amount} VND ledgered, {atProvider.Value.Amount} VND on the statement", resolution?.Memo));
            }
        }

        return new ProviderReconciliation(Provider, Day, true, null, matched, matchedAmount,
            provided.Values.Sum(v => v.Amount), ledger.Values.Sum(v => v.Amount), discrepancies, unmatched);
    }

    public async Task<ProviderReconciliation> ResolveAsync(ResolveDiscrepancy command)
    {
        var report = await ReconcileAsync();
        var discrepancy = report.Discrepancies.FirstOrDefault(d => d.TransactionId == command.TransactionId)
            ?? throw DomainException.NotFound($"Discrepancy of {Provider} on {Day:yyyy-MM-dd}", command.TransactionId);
        if (discrepancy.Resolution is not null)
        {
            return report;
        }

        // Positive: the provider holds more than MotCua ledgered. It is recognised in clearing and held in suspense.
        var difference = (discrepancy.ProviderAmount ?? 0) - (discrepancy.LedgerAmount ?? 0);
        var memo = $"reconciliation {Provider} {Day:yyyy-MM-dd} {discrepancy.Kind} {command.TransactionId} by {command.Actor.KeyId}: {command.Note}";
        await GrainFactory.PostToLedgerAsync(new JournalEntry(ResolutionEntryId(command.TransactionId),
            [new Posting(LedgerAccounts.Clearing(Provider), difference), new Posting(LedgerAccounts.Suspense(Provider), -difference)],
            time.GetUtcNow(), memo));
        logger.LogInformation("Reconciliation of {Provider} {Day}: {Kind} {TransactionId} resolved, {Difference} VND to suspense",
            Provider, Day, discrepancy.Kind, command.TransactionId, difference);
        return await ReconcileAsync();
    }

    private string ResolutionEntryId(string transactionId) => LedgerEntryIds.Resolution(Provider, Day, transactionId);

    /// <summary>
    /// The resolutions of this provider-day already posted, by entry id: one read of the provider's suspense account
    /// from the day on (resolutions are rare, and each posts there), whatever the number of discrepancies.
    /// </summary>
    private async Task<Dictionary<string, JournalEntry>> ResolutionsAsync()
    {
        var prefix = LedgerEntryIds.ResolutionPrefix(Provider, Day);
        var posted = await journal.FindByAccountAsync(LedgerAccounts.Suspense(Provider), DayStart, time.GetUtcNow().AddMinutes(1));
        return posted.Where(e => e.Id.StartsWith(prefix, StringComparison.Ordinal)).ToDictionary(e => e.Id, StringComparer.Ordinal);
    }

    /// <summary>
    /// The day's payment entries on the provider's clearing account, by the transaction each payment was paid by: one
    /// query over the journal and the paid-payment rows. Only a payment ledgered before those rows were kept (a database
    /// upgraded in place) is read from its grain.
    /// </summary>
    private async Task<Dictionary<string, LedgeredPaymentMatch>> LedgeredPaymentsAsync()
    {
        var entries = await paymentBook.FindLedgeredAsync(LedgerAccounts.Clearing(Provider), DayStart, DayStart.AddDays(1));
        var result = new Dictionary<string, LedgeredPaymentMatch>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            var paid = entry.Payment;
            if (paid is null)
            {
                var view = await GrainFactory.GetGrain<IPaymentGrain>(entry.PaymentId).GetAsync();
                paid = new PaidPayment(entry.PaymentId, view.Reference, view.ProviderReference, view.Amount);
            }

            var transaction = paid.ProviderReference ?? "(none) " + entry.PaymentId;
            result[transaction] = new LedgeredPaymentMatch(entry.PaymentId, paid.Reference, entry.AccountAmount);
        }

        return result;
    }

    private ProviderReconciliation Unavailable(string error, IReadOnlyList<UnmatchedNotice> unmatched) =>
        new(Provider, Day, false, error, 0, 0, 0, 0, [], unmatched);

    private sealed record LedgeredPaymentMatch(string PaymentId, string Reference, long Amount);
}
