namespace MotCua.Grains.Interfaces.Ledger;

/// <summary>
/// One shard of the double-entry ledger (key 0..<see cref="LedgerShards.Count"/>−1): the only writer of the journal
/// entries whose ids hash to it and of its share of the balances. It calls no other grain.
/// </summary>
public interface ILedgerShardGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// Posts one balanced entry (debits = credits), committed with its balances; idempotent by entry id. The same id
    /// with other postings is refused with <c>ledger_entry_conflict</c>; an entry sent to the wrong shard is refused.
    /// </summary>
    Task PostAsync(JournalEntry entry);

    /// <summary>One entry, or null.</summary>
    Task<JournalEntry?> FindAsync(string entryId);
}
