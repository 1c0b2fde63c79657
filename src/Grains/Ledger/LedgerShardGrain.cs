using Microsoft.Extensions.Logging;
using MotCua.Grains.Interfaces.Common;
using MotCua.Grains.Interfaces.Ledger;
using MotCua.Grains.Interfaces.Payments;
using MotCua.Grains.Interfaces.Storage;
using MotCua.Grains.Storage;
using Orleans.Concurrency;

namespace MotCua.Grains.Ledger;

/// <summary>
/// One shard of the double-entry ledger: the only writer of the journal entries whose ids hash to it and of its share
/// of every account's balance (<see cref="ILedgerJournal"/>). It keeps no state of its own, so nothing it stores grows
/// with the ledger. Entries that arrive while an append is in flight go out together in the next one
/// (<see cref="GroupAppend{TItem,TResult}"/>), and a call returns only once its entry is committed. The same entry id
/// again is recognised and changes nothing. It calls no other grain, so any grain may call it without risking a cycle.
/// </summary>
[GrainType("ledger-shard"), Reentrant]
public sealed class LedgerShardGrain : Grain, ILedgerShardGrain
{
    private readonly GroupAppend<JournalEntry, JournalAppendResult> appends;
    private readonly ILedgerJournal journal;
    private readonly ILogger<LedgerShardGrain> logger;

    public LedgerShardGrain(ILedgerJournal journal, ILogger<LedgerShardGrain> logger)
    {
        this.journal = journal;
        this.logger = logger;
        appends = new GroupAppend<JournalEntry, JournalAppendResult>(batch => journal.AppendAsync(Shard, batch));
    }

    private int Shard => (int)this.GetPrimaryKeyLong();

    public async Task PostAsync(JournalEntry entry)
    {
        JournalRules.Validate(entry);
        if (LedgerShards.Of(entry.Id) != Shard)
        {
            throw new InvalidOperationException(
                $"Journal entry '{entry.Id}' belongs to shard {LedgerShards.Of(entry.Id)}, not {Shard}.");
        }

        var result = await appends.AddAsync(entry);
        if (!result.Inserted && !JournalRules.SamePostings(result.Stored.Postings, entry.Postings))
        {
            throw new DomainException(DomainErrorKind.Conflict, PaymentErrorCodes.LedgerEntryConflict,
                $"Journal entry '{entry.Id}' was posted before with other postings.");
        }

        if (result.Inserted)
        {
            logger.LogDebug("Ledger shard {Shard} posted {EntryId}", Shard, entry.Id);
        }
    }

    public Task<JournalEntry?> FindAsync(string entryId) => journal.FindAsync(entryId);
}
