using MotCua.Grains.Interfaces.Ledger;

namespace MotCua.Grains.Interfaces.Storage;

/// <summary>
/// The ledger's journal: one insert-only row per entry (with its postings) and per-account balances kept beside it,
/// written together. Each ledger shard grain is the only writer of the entries whose ids hash to it and of its own
/// share of every balance, so two shards never contend for a row. Implemented in memory (embedded default) and in
/// PostgreSQL (durable mode); the contract tests in <c>tests/Storage.Tests</c> hold both to the same rules.
/// </summary>
public interface ILedgerJournal
{
    /// <summary>
    /// Stores the entries that are new and applies their postings to the shard's balances, all in one commit; an entry
    /// whose id is already stored changes nothing. Returns, per entry in order, the entry as stored: the same postings
    /// mean the same entry, other postings are the caller's conflict to report.
    /// </summary>
    Task<IReadOnlyList<JournalAppendResult>> AppendAsync(int shard, IReadOnlyList<JournalEntry> entries, CancellationToken ct = default);

    /// <summary>One entry, or null if never posted.</summary>
    Task<JournalEntry?> FindAsync(string entryId, CancellationToken ct = default);

    /// <summary>The entries that post to <paramref name="account"/> with a time in [from, to), oldest first.</summary>
    Task<IReadOnlyList<JournalEntry>> FindByAccountAsync(string account, DateTimeOffset from, DateTimeOffset to, CancellationToken ct = default);

    /// <summary>One account's balance over every shard (debits minus credits; 0 for an unknown account).</summary>
    Task<long> GetBalanceAsync(string account, CancellationToken ct = default);

    /// <summary>The sum of every balance (0 when the ledger balances), the entry count, and the shards whose own sum is not 0.</summary>
    Task<LedgerTotals> GetTotalsAsync(CancellationToken ct = default);

    /// <summary>Balances in account order, after <paramref name="after"/> (exclusive), at most <paramref name="limit"/>, optionally only accounts starting with <paramref name="prefix"/>.</summary>
    Task<IReadOnlyList<AccountBalance>> GetBalancesAsync(string? prefix, string? after, int limit, CancellationToken ct = default);
}

/// <summary>What <see cref="ILedgerJournal.AppendAsync"/> did with one entry.</summary>
/// <param name="Stored">The entry as stored (the caller's if <paramref name="Inserted"/>, else the one stored before).</param>
/// <param name="Inserted">Whether this call stored it (false: it was stored before).</param>
public sealed record JournalAppendResult(JournalEntry Stored, bool Inserted);

/// <summary>The ledger's sums.</summary>
public sealed record LedgerTotals(long Total, long Entries, IReadOnlyList<int> UnbalancedShards);

/// <summary>One account's balance over every shard.</summary>
[GenerateSerializer, Immutable, Alias("motcua.account-balance")]
public sealed record AccountBalance([property: Id(0)] string Account, [property: Id(1)] long Balance);
