using MotCua.Grains.Interfaces.Ledger;
using Orleans.Concurrency;

namespace MotCua.Grains.Ledger;

/// <summary>Sums the ledger shards for the audit. Holds no state and no money, so it runs on every silo.</summary>
[StatelessWorker]
[GrainType("ledger-audit")]
public sealed class LedgerAuditGrain(TimeProvider time) : Grain, ILedgerAuditGrain
{
    public async Task<LedgerAuditView> AuditAsync()
    {
        var summaries = await Task.WhenAll(Enumerable.Range(0, LedgerShards.Count)
            .Select(shard => GrainFactory.GetGrain<ILedgerShardGrain>(shard).GetSummaryAsync()));
        var accounts = new SortedDictionary<string, long>(StringComparer.Ordinal);
        long total = 0;
        var entries = 0;
        var everyShardBalanced = true;
        foreach (var summary in summaries)
        {
            entries += summary.EntryCount;
            long shardTotal = 0;
            foreach (var (account, balance) in summary.Balances)
            {
                accounts[account] = checked(accounts.GetValueOrDefault(account) + balance);
                shardTotal = checked(shardTotal + balance);
            }

            total = checked(total + shardTotal);
            everyShardBalanced &= shardTotal == 0;
        }

        return new LedgerAuditView(total, total == 0 && everyShardBalanced, entries, LedgerShards.Count, accounts, time.GetUtcNow());
    }

    public async Task<IReadOnlyList<JournalEntry>> FindByAccountAsync(string account, DateTimeOffset from, DateTimeOffset to)
    {
        var shards = await Task.WhenAll(Enumerable.Range(0, LedgerShards.Count)
            .Select(i => GrainFactory.GetGrain<ILedgerShardGrain>(i).FindByAccountAsync(account, from, to)));
        return [.. shards.SelectMany(s => s).OrderBy(e => e.At)];
    }

    public async Task<long> GetBalanceAsync(string account)
    {
        var summaries = await Task.WhenAll(Enumerable.Range(0, LedgerShards.Count)
            .Select(shard => GrainFactory.GetGrain<ILedgerShardGrain>(shard).GetSummaryAsync()));
        return summaries.Aggregate(0L, (sum, s) => checked(sum + s.Balances.GetValueOrDefault(account)));
    }
}
