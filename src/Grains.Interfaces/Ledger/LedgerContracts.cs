namespace MotCua.Grains.Interfaces.Ledger;

/// <summary>
/// One line of a journal entry. Sign convention: a positive <see cref="Amount"/> is a debit, a negative one a credit,
/// so every entry sums to 0 and so does the whole ledger.
/// </summary>
[GenerateSerializer, Immutable, Alias("motcua.ledger-posting")]
public sealed record Posting(
    [property: Id(0)] string Account,
    [property: Id(1)] long Amount);

/// <summary>A balanced journal entry, idempotent by <see cref="Id"/> (the operation that moved the money).</summary>
[GenerateSerializer, Immutable, Alias("motcua.journal-entry")]
public sealed record JournalEntry(
    [property: Id(0)] string Id,
    [property: Id(1)] IReadOnlyList<Posting> Postings,
    [property: Id(2)] DateTimeOffset At,
    [property: Id(3)] string Memo)
{
    /// <summary>A two-line entry: <paramref name="amount"/> debited to one account and credited to another.</summary>
    public static JournalEntry Transfer(string id, string debit, string credit, long amount, DateTimeOffset at, string memo) =>
        new(id, [new Posting(debit, amount), new Posting(credit, -amount)], at, memo);
}

/// <summary>One shard's figures, for the audit.</summary>
[GenerateSerializer, Immutable, Alias("motcua.ledger-shard-summary")]
public sealed record LedgerShardSummary(
    [property: Id(0)] int Shard,
    [property: Id(1)] int EntryCount,
    [property: Id(2)] IReadOnlyDictionary<string, long> Balances);

/// <summary>
/// The ledger summed over every shard. <see cref="Total"/> is the sum of every account's balance and must be 0;
/// <see cref="Accounts"/> holds each account's balance (debit positive, credit negative).
/// </summary>
[GenerateSerializer, Immutable, Alias("motcua.ledger-audit-view")]
public sealed record LedgerAuditView(
    [property: Id(0)] long Total,
    [property: Id(1)] bool Balanced,
    [property: Id(2)] int Entries,
    [property: Id(3)] int Shards,
    [property: Id(4)] IReadOnlyDictionary<string, long> Accounts,
    [property: Id(5)] DateTimeOffset At);
