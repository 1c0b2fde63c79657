namespace MotCua.Grains.Interfaces.Ledger;

/// <summary>
/// One shard of the double-entry ledger (key 0..<see cref="LedgerShards.Count"/>−1): the journal entries whose ids hash
/// to it and its per-account balances. It calls no other grain.
/// </summary>
public interface ILedgerShardGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// Posts one balanced entry (debits = credits) in one write; idempotent by entry id. The same id with other postings
    /// is refused with <c>ledger_entry_conflict</c>; an entry sent to the wrong shard is refused.
    /// </summary>
    Task PostAsync(JournalEntry entry);

    /// <summary>The shard's entry count and per-account balances.</summary>
    Task<LedgerShardSummary> GetSummaryAsync();

    /// <summary>One entry, or null.</summary>
    Task<JournalEntry?> FindAsync(string entryId);

    /// <summary>The shard's entries that post to <paramref name="account"/> with a time in [from, to).</summary>
    Task<IReadOnlyList<JournalEntry>> FindByAccountAsync(string account, DateTimeOffset from, DateTimeOffset to);
}
