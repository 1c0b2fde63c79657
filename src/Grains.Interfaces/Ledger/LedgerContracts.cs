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

/// <summary>
/// The ledger's audit. <see cref="Total"/> is the sum of every account's balance and must be 0; <see cref="Balanced"/>
/// also requires every shard's own sum to be 0. <see cref="Accounts"/> is one page of balances in account order
/// (debit positive, credit negative); <see cref="NextAfter"/> is the last account of a full page, to pass as
/// <c>after</c> for the next one, and null on the last page.
/// </summary>
[GenerateSerializer, Immutable, Alias("motcua.ledger-audit-view")]
public sealed record LedgerAuditView(
    [property: Id(0)] long Total,
    [property: Id(1)] bool Balanced,
    [property: Id(2)] long Entries,
    [property: Id(3)] int Shards,
    [property: Id(4)] IReadOnlyDictionary<string, long> Accounts,
    [property: Id(5)] DateTimeOffset At,
    [property: Id(6)] string? NextAfter = null);

/// <summary>A page of the audit's balances: accounts after <see cref="After"/>, starting with <see cref="Prefix"/>, at most <see cref="Limit"/>.</summary>
[GenerateSerializer, Immutable, Alias("motcua.ledger-audit-query")]
public sealed record LedgerAuditQuery(
    [property: Id(0)] string? Prefix = null,
    [property: Id(1)] string? After = null,
    [property: Id(2)] int Limit = LedgerAuditQuery.DefaultLimit)
{
    public const int DefaultLimit = 1000;
    public const int MaxLimit = 5000;
}
