namespace MotCua.Grains.Interfaces.Ledger;

/// <summary>Reads every ledger shard and sums them; holds nothing (a stateless worker, key 0).</summary>
public interface ILedgerAuditGrain : IGrainWithIntegerKey
{
    /// <summary>Every account's balance across shards, the entry count and the total (must be 0).</summary>
    Task<LedgerAuditView> AuditAsync();

    /// <summary>One account's balance across shards (debit positive).</summary>
    Task<long> GetBalanceAsync(string account);

    /// <summary>Every entry, across shards, that posts to <paramref name="account"/> with a time in [from, to).</summary>
    Task<IReadOnlyList<JournalEntry>> FindByAccountAsync(string account, DateTimeOffset from, DateTimeOffset to);
}
