using Microsoft.Extensions.Logging;
using MotCua.Grains.Interfaces;
using MotCua.Grains.Interfaces.Common;
using MotCua.Grains.Interfaces.Ledger;
using MotCua.Grains.Interfaces.Payments;

namespace MotCua.Grains.Ledger;

/// <summary>
/// One shard of the double-entry ledger. Each call posts one balanced entry in one write; the same entry id again is
/// recognised and changes nothing. It calls no other grain, so any grain may call it without risking a cycle.
/// </summary>
[GrainType("ledger-shard")]
public sealed class LedgerShardGrain(
    [PersistentState(StateNames.LedgerShard, StorageNames.Default)] IPersistentState<LedgerShardState> store,
    ILogger<LedgerShardGrain> logger) : Grain, ILedgerShardGrain
{
    private LedgerShardState State => store.State;

    private int Shard => (int)this.GetPrimaryKeyLong();

    public async Task PostAsync(JournalEntry entry)
    {
        JournalRules.Validate(entry);
        if (LedgerShards.Of(entry.Id) != Shard)
        {
            throw new InvalidOperationException(
                $"Journal entry '{entry.Id}' belongs to shard {LedgerShards.Of(entry.Id)}, not {Shard}.");
        }

        if (State.ShardCount != 0 && State.ShardCount != LedgerShards.Count)
        {
            throw new InvalidOperationException(
                $"Ledger shard {Shard} was written with {State.ShardCount} shards; this build has {LedgerShards.Count}.");
        }

        if (State.Entries.TryGetValue(entry.Id, out var existing))
        {
            if (!JournalRules.SamePostings(existing.Postings, entry.Postings))
            {
                throw new DomainException(DomainErrorKind.Conflict, PaymentErrorCodes.LedgerEntryConflict,
                    $"Journal entry '{entry.Id}' was posted before with other postings.");
            }

            return;
        }

        State.ShardCount = LedgerShards.Count;
        State.Entries[entry.Id] = new LedgerEntryState { Postings = [.. entry.Postings], At = entry.At, Memo = entry.Memo };
        foreach (var posting in entry.Postings)
        {
            State.Balances[posting.Account] = checked(State.Balances.GetValueOrDefault(posting.Account) + posting.Amount);
        }

        try
        {
            await store.WriteStateAsync();
        }
        catch
        {
            // The entry is applied in memory but not stored: drop this activation so the next call starts from storage.
            DeactivateOnIdle();
            throw;
        }

        logger.LogDebug("Ledger shard {Shard} posted {EntryId}", Shard, entry.Id);
    }

    public Task<LedgerShardSummary> GetSummaryAsync() =>
        Task.FromResult(new LedgerShardSummary(Shard, State.Entries.Count, new Dictionary<string, long>(State.Balances)));

    public Task<IReadOnlyList<JournalEntry>> FindByAccountAsync(string account, DateTimeOffset from, DateTimeOffset to) =>
        Task.FromResult<IReadOnlyList<JournalEntry>>([.. State.Entries
            .Where(e => e.Value.At >= from && e.Value.At < to && e.Value.Postings.Exists(p => p.Account == account))
            .Select(e => new JournalEntry(e.Key, e.Value.Postings, e.Value.At, e.Value.Memo))]);

    public Task<JournalEntry?> FindAsync(string entryId) =>
        Task.FromResult(State.Entries.TryGetValue(entryId, out var e) ? new JournalEntry(entryId, e.Postings, e.At, e.Memo) : null);
}
