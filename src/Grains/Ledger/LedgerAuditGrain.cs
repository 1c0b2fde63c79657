using MotCua.Grains.Interfaces.Ledger;
using MotCua.Grains.Interfaces.Storage;
using Orleans.Concurrency;

namespace MotCua.Grains.Ledger;

/// <summary>
/// The ledger's audit: sums kept by the journal's tables (<see cref="ILedgerJournal"/>), never a scan of grain state,
/// and balances a page at a time. Holds no state and no money, so it runs on every silo.
/// </summary>
[StatelessWorker]
[GrainType("ledger-audit")]
public sealed class LedgerAuditGrain(ILedgerJournal journal, TimeProvider time) : Grain, ILedgerAuditGrain
{
    public async Task<LedgerAuditView> AuditAsync(LedgerAuditQuery? query = null)
    {
        query ??= new LedgerAuditQuery();
        var limit = Math.Clamp(query.Limit, 1, LedgerAuditQuery.MaxLimit);
        var totals = await journal.GetTotalsAsync();
        var page = await journal.GetBalancesAsync(query.Prefix, query.After, limit);
        var accounts = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var balance in page)
        {
            accounts[balance.Account] = balance.Balance;
        }

        return new LedgerAuditView(totals.Total, totals.Total == 0 && totals.UnbalancedShards.Count == 0, totals.Entries,
            LedgerShards.Count, accounts, time.GetUtcNow(), page.Count == limit ? page[^1].Account : null);
    }

    public Task<IReadOnlyList<JournalEntry>> FindByAccountAsync(string account, DateTimeOffset from, DateTimeOffset to) =>
        journal.FindByAccountAsync(account, from, to);

    public Task<long> GetBalanceAsync(string account) => journal.GetBalanceAsync(account);
}
