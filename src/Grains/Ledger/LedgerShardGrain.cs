using Microsoft.Extensions.Logging;
using MotCua.Grains.Interfaces;
using MotCua.Grains.Interfaces.Common;
using MotCua.Grains.Interfaces.Ledger;
using MotCua.Grains.Interfaces.Payments;
using MotCua.Grains.Storage;
using Orleans.Concurrency;
using Orleans.Serialization;

namespace MotCua.Grains.Ledger;

/// <summary>
/// One shard of the double-entry ledger. Each call posts one balanced entry; the same entry id again is recognised and
/// changes nothing. Entries that arrive while a write is in flight are stored together in the next write
/// (<see cref="GroupCommit{T}"/>), and a call returns only once its entry is stored. It calls no other grain, so any
/// grain may call it without risking a cycle.
/// </summary>
[GrainType("ledger-shard"), Reentrant]
public sealed class LedgerShardGrain : Grain, ILedgerShardGrain
{
    private readonly GroupCommit<LedgerShardState> commit;
    private readonly ILogger<LedgerShardGrain> logger;

    public LedgerShardGrain(
        [PersistentState(StateNames.LedgerShard, StorageNames.Default)] IPersistentState<LedgerShardState> store,
        DeepCopier<LedgerShardState> copier,
        ILogger<LedgerShardGrain> logger)
    {
        commit = new GroupCommit<LedgerShardState>(store, copier, DeactivateOnIdle);
        this.logger = logger;
    }

    private LedgerShardState State => commit.State;

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

            await commit.StoredAsync(); // the first call for it may still be waiting for its write

            return;
        }

        State.ShardCount = LedgerShards.Count;
        State.Entries[entry.Id] = new LedgerEntryState { Postings = [.. entry.Postings], At = entry.At, Memo = entry.Memo };
        foreach (var posting in entry.Postings)
        {
            State.Balances[posting.Account] = checked(State.Balances.GetValueOrDefault(posting.Account) + posting.Amount);
        }

        await commit.CommitAsync();
        logger.LogDebug("Ledger shard {Shard} posted {EntryId}", Shard, entry.Id);
    }

    // Reads wait until what they would show is stored: the ledger never reports an entry that may yet be lost.

    public async Task<LedgerShardSummary> GetSummaryAsync()
    {
        await commit.StoredAsync();
        return new LedgerShardSummary(Shard, State.Entries.Count, new Dictionary<string, long>(State.Balances));
    }

    public async Task<IReadOnlyList<JournalEntry>> FindByAccountAsync(string account, DateTimeOffset from, DateTimeOffset to)
    {
        await commit.StoredAsync();
        return [.. State.Entries
            .Where(e => e.Value.At >= from && e.Value.At < to && e.Value.Postings.Exists(p => p.Account == account))
            .Select(e => new JournalEntry(e.Key, e.Value.Postings, e.Value.At, e.Value.Memo))];
    }

    public async Task<JournalEntry?> FindAsync(string entryId)
    {
        await commit.StoredAsync();
        return State.Entries.TryGetValue(entryId, out var e) ? new JournalEntry(entryId, e.Postings, e.At, e.Memo) : null;
    }
}
