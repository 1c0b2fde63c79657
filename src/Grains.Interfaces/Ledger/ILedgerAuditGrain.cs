namespace MotCua.Grains.Interfaces.Ledger;

/// <summary>The ledger's sums and statements, read from the journal's tables; holds nothing (a stateless worker, key 0).</summary>
public interface ILedgerAuditGrain : IGrainWithIntegerKey
{
    /// <summary>The total (must be 0), the entry count, and one page of account balances (the first 1,000 by default).</summary>
    Task<LedgerAuditView> AuditAsync(LedgerAuditQuery? query = null);

    /// <summary>One account's balance across shards (debit positive).</summary>
    Task<long> GetBalanceAsync(string account);

    /// <summary>Every entry that posts to <paramref name="account"/> with a time in [from, to).</summary>
    Task<IReadOnlyList<JournalEntry>> FindByAccountAsync(string account, DateTimeOffset from, DateTimeOffset to);
}
