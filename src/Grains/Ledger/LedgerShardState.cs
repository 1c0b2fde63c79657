using MotCua.Grains.Interfaces.Ledger;

namespace MotCua.Grains.Ledger;

/// <summary>The persisted state of one ledger shard: its journal entries and the balances they make.</summary>
[GenerateSerializer, Alias("motcua.ledger-shard-state")]
public sealed class LedgerShardState
{
    /// <summary>The shard count this shard was written under (0 before its first entry).</summary>
    [Id(0)] public int ShardCount { get; set; }
    [Id(1)] public Dictionary<string, LedgerEntryState> Entries { get; set; } = new(StringComparer.Ordinal);
    /// <summary>Per account: debits minus credits of this shard's entries.</summary>
    [Id(2)] public Dictionary<string, long> Balances { get; set; } = new(StringComparer.Ordinal);
}

[GenerateSerializer, Alias("motcua.ledger-entry")]
public sealed class LedgerEntryState
{
    [Id(0)] public List<Posting> Postings { get; set; } = [];
    [Id(1)] public DateTimeOffset At { get; set; }
    [Id(2)] public string Memo { get; set; } = "";
}
