using System.Text;

namespace MotCua.Grains.Interfaces.Ledger;

/// <summary>
/// The ledger is split over <see cref="Count"/> shard grains (keys 0..Count−1) so that no grain sits on every money
/// movement. An entry goes to the shard its id hashes to, so a retry of the same entry reaches the same shard and is
/// recognised. The count is part of the data: changing it would send old entry ids elsewhere, so it is a constant,
/// and each shard refuses to work under another count than the one it was written with.
/// </summary>
public static class LedgerShards
{
    public const int Count = 16;

    /// <summary>The shard of an entry id: FNV-1a (32 bit) of its UTF-8 bytes, modulo <see cref="Count"/>; stable across processes.</summary>
    public static int Of(string entryId)
    {
        ArgumentNullException.ThrowIfNull(entryId);
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(entryId))
        {
            hash = unchecked((hash ^ b) * 16777619u);
        }

        return (int)(hash % Count);
    }
}

/// <summary>Posting to the right shard.</summary>
public static class LedgerGrainFactoryExtensions
{
    /// <summary>Posts <paramref name="entry"/> to the shard its id hashes to.</summary>
    /// <summary>The entry with this id, from the shard it lives in; null if never posted.</summary>
    public static Task<JournalEntry?> FindLedgerEntryAsync(this IGrainFactory grains, string entryId) =>
        grains.GetGrain<ILedgerShardGrain>(LedgerShards.Of(entryId)).FindAsync(entryId);

    public static Task PostToLedgerAsync(this IGrainFactory grains, JournalEntry entry) =>
        grains.GetGrain<ILedgerShardGrain>(LedgerShards.Of(entry.Id)).PostAsync(entry);
}
