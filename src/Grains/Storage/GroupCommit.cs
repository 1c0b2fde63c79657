using Orleans.Serialization;

namespace MotCua.Grains.Storage;

/// <summary>
/// Group commit for one grain's persistent state, for the few grains that every payment or dossier of an agency goes
/// through (receipt series, daily counters, ledger shards, the agency index). Such a grain is <c>[Reentrant]</c>: each
/// call changes <see cref="State"/> without awaiting anything in between, then awaits <see cref="CommitAsync"/>. One
/// write is in flight at a time; the changes of every call that arrives meanwhile go out together in the next write,
/// and a call completes only when a write that started after its change has succeeded. A grain that wrote once per
/// call, one call after another, now writes once per batch: its ceiling goes from 1 / write latency to batch size /
/// write latency, and nothing is answered before it is stored.
/// </summary>
/// <remarks>
/// <para>
/// Each write stores a deep copy of <see cref="State"/> taken when the write starts, on the grain's scheduler: the
/// storage provider serializes off that scheduler, while later calls are already changing the live state.
/// </para>
/// <para>
/// A failed write fails its batch and every call queued behind it, and the commit stays broken: memory is then ahead
/// of storage, so the grain must stop answering from it (<see cref="ThrowIfBroken"/>) and deactivate
/// (<c>onBroken</c>); the next activation reads what was stored, and callers retry their idempotent operations.
/// </para>
/// </remarks>
/// <param name="linger">
/// How long a write waits for more calls before it starts. Zero (the default) starts at once, which is right where
/// calls pile up behind a write anyway; a grain whose few callers each wait for their own call (a projection fed by
/// the stream partitions, one event at a time each) sees few calls overlap a write, and lingering lets them share it.
/// </param>
public sealed class GroupCommit<T>(IPersistentState<T> store, DeepCopier<T> copier, Action onBroken, TimeSpan linger = default)
{
    private T? working;
    private TaskCompletionSource? waiting;
    private bool writing;
    private Exception? broken;

    /// <summary>The live state: every change made so far, stored or not. Throws once a write has failed (see remarks).</summary>
    public T State
    {
        get
        {
            ThrowIfBroken();
            return Live;
        }
    }

    private T Live => working ??= store.State;

    /// <summary>Whether some change in memory is not yet known to be stored (a write is in flight or queued).</summary>
    public bool HasUnstoredChanges => writing || waiting is not null;

    /// <summary>Throws if an earlier write failed: memory may hold changes that were never stored.</summary>
    public void ThrowIfBroken()
    {
        if (broken is not null)
        {
            throw new InvalidOperationException("An earlier write of this grain's state failed; it is being deactivated. Retry.", broken);
        }
    }

    /// <summary>
    /// Completes when everything in memory now is stored: at once if nothing is waiting for a write. For reads that must
    /// not show what may yet fail to be stored, and for a repeated call whose first may still be waiting.
    /// </summary>
    public Task StoredAsync()
    {
        ThrowIfBroken();
        return HasUnstoredChanges ? CommitAsync() : Task.CompletedTask;
    }

    /// <summary>Completes when a write that started after this call, and so carries the caller's change, has succeeded.</summary>
    public Task CommitAsync()
    {
        ThrowIfBroken();
        var batch = waiting ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!writing)
        {
            writing = true;
            _ = DrainAsync();
        }

        return batch.Task;
    }

    private async Task DrainAsync()
    {
        while (waiting is not null)
        {
            if (linger > TimeSpan.Zero && broken is null)
            {
                await Task.Delay(linger);
            }

            var batch = waiting;
            waiting = null;
            if (broken is not null)
            {
                batch.SetException(broken);
                continue;
            }

            try
            {
                store.State = copier.Copy(Live)!;
                await store.WriteStateAsync();
                batch.SetResult();
            }
            catch (Exception ex)
            {
                broken = ex;
                batch.SetException(ex);
                onBroken();
            }
        }

        writing = false;
    }
}
