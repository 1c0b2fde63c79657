namespace MotCua.Grains.Storage;

/// <summary>
/// Group commit for a grain that appends to a history table (the ledger shard's journal, a receipt series, a unit's
/// dossier numbers). Such a grain is <c>[Reentrant]</c>: calls that arrive while an append is in flight wait together,
/// and the next append takes them all in one round trip and one commit. Each caller gets its own item's result once the
/// commit that holds it has succeeded; a failed append fails only the calls in it, and since the table, not memory, is
/// the truth, nothing needs to be rolled back: the callers retry (every item is idempotent by its key).
/// </summary>
/// <remarks>Runs on the grain's scheduler: every member is called from grain turns only.</remarks>
public sealed class GroupAppend<TItem, TResult>(Func<IReadOnlyList<TItem>, Task<IReadOnlyList<TResult>>> append, int maxBatch = 500)
{
    private readonly Queue<(TItem Item, TaskCompletionSource<TResult> Done)> waiting = new();
    private bool writing;

    /// <summary>Adds one item to the next append and completes with its result once that append is committed.</summary>
    public Task<TResult> AddAsync(TItem item)
    {
        var done = new TaskCompletionSource<TResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        waiting.Enqueue((item, done));
        if (!writing)
        {
            writing = true;
            _ = DrainAsync();
        }

        return done.Task;
    }

    private async Task DrainAsync()
    {
        while (waiting.Count > 0)
        {
            var batch = new List<(TItem Item, TaskCompletionSource<TResult> Done)>(Math.Min(waiting.Count, maxBatch));
            while (batch.Count < maxBatch && waiting.TryDequeue(out var next))
            {
                batch.Add(next);
            }

            try
            {
                var results = await append([.. batch.Select(b => b.Item)]);
                if (results.Count != batch.Count)
                {
                    throw new InvalidOperationException($"An append of {batch.Count} items answered {results.Count} results.");
                }

                for (var i = 0; i < batch.Count; i++)
                {
                    batch[i].Done.SetResult(results[i]);
                }
            }
            catch (Exception ex)
            {
                foreach (var (_, done) in batch)
                {
                    done.TrySetException(ex);
                }
            }
        }

        writing = false;
    }
}
