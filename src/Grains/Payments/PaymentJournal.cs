using MotCua.Gateways;
using MotCua.Grains.Interfaces.Ledger;
using MotCua.Grains.Interfaces.Payments;

namespace MotCua.Grains.Payments;

/// <summary>
/// Where a payment's money sits and the journal entries it posts. Sign convention as in <see cref="LedgerAccounts"/>:
/// the account that holds the money is debited (positive), revenue and what is owed are credited (negative).
/// </summary>
public static class PaymentJournal
{
    /// <summary>The provider that reports the outcome of a payment made by <paramref name="method"/>; null for cash and wallet.</summary>
    public static string? ExpectedProvider(string method) => method switch
    {
        PaymentMethods.VietQr => GatewayProviders.Bank,
        PaymentMethods.ViettelPay => GatewayProviders.ViettelPay,
        PaymentMethods.VnptPay => GatewayProviders.VnptPay,
        _ => null,
    };

    /// <summary>The account that holds the payment's money: the cash channel's, the wallet payments' or the provider's clearing.</summary>
    public static string SourceAccount(PaymentState state) => state.Method switch
    {
        PaymentMethods.Cash => LedgerAccounts.Clearing(state.ChannelId!),
        PaymentMethods.Wallet => LedgerAccounts.WalletPayments,
        _ => LedgerAccounts.Clearing(state.Provider ?? ExpectedProvider(state.Method)!),
    };

    /// <summary>Who pays a refund of this payment out: the wallet, the cash channel, or the gateway provider.</summary>
    public static string Payee(PaymentState state) => state.Method switch
    {
        PaymentMethods.Wallet => LedgerAccounts.WalletPayee,
        PaymentMethods.Cash => state.ChannelId!,
        _ => state.Provider ?? ExpectedProvider(state.Method)!,
    };

    /// <summary>The payment's entry: from where the money came, to revenue (applied) or to refunds payable (duplicate).</summary>
    public static JournalEntry Payment(string paymentId, PaymentState state, DateTimeOffset at)
    {
        var postings = new List<Posting> { new(SourceAccount(state), state.Amount) };
        if (state.DossierOutcome == DossierOutcomes.Applied)
        {
            postings.AddRange(state.FeeLines
                .GroupBy(l => l.Kind, StringComparer.Ordinal)
                .Select(g => new Posting(LedgerAccounts.Revenue(state.AgencyCode, g.Key), -g.Sum(l => l.Amount))));
        }
        else
        {
            postings.Add(new Posting(LedgerAccounts.RefundsPayable(Payee(state)), -state.Amount));
        }

        return new JournalEntry(LedgerEntryIds.Payment(paymentId), postings, at,
            $"{state.Method} payment {paymentId} of dossier {state.DossierCode} ({state.DossierOutcome})");
    }

    /// <summary>
    /// A refund's entry. Of money the payment took: its fee lines' revenue given back, owed through the payee. Of money it
    /// never took (<see cref="RefundState.Unapplied"/>): recognised where the provider holds it, and owed back at once.
    /// </summary>
    public static JournalEntry Refund(string paymentId, PaymentState state, RefundState refund)
    {
        var postings = new List<Posting>();
        if (refund.Unapplied)
        {
            postings.Add(new Posting(LedgerAccounts.Clearing(refund.Payee), refund.Amount));
        }
        else
        {
            var byKind = new Dictionary<string, long>(StringComparer.Ordinal);
            for (var i = 0; i < state.FeeLines.Count; i++)
            {
                if (refund.Allocation[i] > 0)
                {
                    byKind[state.FeeLines[i].Kind] = checked(byKind.GetValueOrDefault(state.FeeLines[i].Kind) + refund.Allocation[i]);
                }
            }

            postings.AddRange(byKind.Select(k => new Posting(LedgerAccounts.Revenue(state.AgencyCode, k.Key), k.Value)));
        }

        postings.Add(new Posting(LedgerAccounts.RefundsPayable(refund.Payee), -refund.Amount));
        return new JournalEntry(LedgerEntryIds.Refund(paymentId, refund.Id), postings, refund.At,
            refund.Unapplied
                ? $"{refund.Amount} VND {refund.Payee} transaction {refund.ProviderTransactionId} not taken by payment {paymentId}: {refund.Reason}"
                : $"refund of {refund.Amount} VND of payment {paymentId}: {refund.Reason}");
    }

    /// <summary>A refund the provider paid back: no longer owed, and no longer held at the provider.</summary>
    public static JournalEntry ProviderPayout(string paymentId, RefundState refund, DateTimeOffset at) => new(
        LedgerEntryIds.RefundPayout(paymentId, refund.Id),
        [new Posting(LedgerAccounts.RefundsPayable(refund.Payee), refund.Amount), new Posting(LedgerAccounts.Clearing(refund.Payee), -refund.Amount)],
        at,
        $"{refund.Payee} refund {refund.ProviderRefundId} of {refund.Amount} VND for payment {paymentId} (transaction {refund.ProviderTransactionId})");
}
