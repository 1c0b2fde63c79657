using MotCua.Grains.Interfaces.Ledger;
using MotCua.Grains.Interfaces.Storage;

namespace MotCua.Grains.Storage.Memory;

/// <summary>The embedded default's journal: the same rules as PostgreSQL's, held in this process (lost when it stops).</summary>
public sealed class MemoryLedgerJournal : ILedgerJournal
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, (int Shard, JournalEntry Entry)> entries = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Account, int Shard), long> balances = [];

    public Task<IReadOnlyList<JournalAppendResult>> AppendAsync(int shard, IReadOnlyList<JournalEntry> batch, CancellationToken ct = default)
    {
        var results = new List<JournalAppendResult>(batch.Count);
        lock (gate)
        {
            foreach (var entry in batch)
            {
                if (entries.TryGetValue(entry.Id, out var stored))
                {
                    results.Add(new JournalAppendResult(stored.Entry, false));
                    continue;
                }

                entries[entry.Id] = (shard, entry);
                foreach (var posting in entry.Postings)
                {
                    balances[(posting.Account, shard)] = checked(balances.GetValueOrDefault((posting.Account, shard)) + posting.Amount);
                }

                results.Add(new JournalAppendResult(entry, true));
            }
        }

        return Task.FromResult<IReadOnlyList<JournalAppendResult>>(results);
    }

    public Task<JournalEntry?> FindAsync(string entryId, CancellationToken ct = default)
    {
        lock (gate)
        {
            return Task.FromResult(entries.TryGetValue(entryId, out var stored) ? stored.Entry : null);
        }
    }

    public Task<IReadOnlyList<JournalEntry>> FindByAccountAsync(string account, DateTimeOffset from, DateTimeOffset to, CancellationToken ct = default)
    {
        lock (gate)
        {
            return Task.FromResult<IReadOnlyList<JournalEntry>>([.. entries.Values
                .Select(e => e.Entry)
                .Where(e => e.At >= from && e.At < to && e.Postings.Any(p => p.Account == account))
                .OrderBy(e => e.At).ThenBy(e => e.Id, StringComparer.Ordinal)]);
        }
    }

    public Task<long> GetBalanceAsync(string account, CancellationToken ct = default)
    {
        lock (gate)
        {
            return Task.FromResult(balances.Where(b => b.Key.Account == account).Aggregate(0L, (sum, b) => checked(sum + b.Value)));
        }
    }

    public Task<LedgerTotals> GetTotalsAsync(CancellationToken ct = default)
    {
        lock (gate)
        {
            var total = balances.Values.Aggregate(0L, (sum, b) => checked(sum + b));
            var unbalanced = balances.GroupBy(b => b.Key.Shard)
                .Where(g => g.Aggregate(0L, (sum, b) => checked(sum + b.Value)) != 0)
                .Select(g => g.Key).Order().ToList();
            return Task.FromResult(new LedgerTotals(total, entries.Count, unbalanced));
        }
    }

    public Task<IReadOnlyList<AccountBalance>> GetBalancesAsync(string? prefix, string? after, int limit, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        lock (gate)
        {
            return Task.FromResult<IReadOnlyList<AccountBalance>>([.. balances
                .GroupBy(b => b.Key.Account, StringComparer.Ordinal)
                .Where(g => prefix is null || g.Key.StartsWith(prefix, StringComparison.Ordinal))
                .Where(g => after is null || string.CompareOrdinal(g.Key, after) > 0)
                .OrderBy(g => g.Key, StringComparer.Ordinal)
                .Take(limit)
                .Select(g => new AccountBalance(g.Key, g.Aggregate(0L, (sum, b) => checked(sum + b.Value))))]);
        }
    }
}
