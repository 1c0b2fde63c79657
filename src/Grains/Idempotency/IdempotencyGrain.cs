using MotCua.Grains.Interfaces;
using MotCua.Grains.Interfaces.Idempotency;

namespace MotCua.Grains.Idempotency;

/// <summary>
/// One idempotency key: the first request's fingerprint and answer. Only the answer is stored. The attempt in progress
/// is held in memory: storing it would cost a durable write on every command for what is only a courtesy, because the
/// in-progress answer (409) and the mismatch check while the first attempt runs spare the cluster duplicate work, and
/// the commands themselves are idempotent by operation id, so a second run (after this activation died, or alongside
/// a first that is still going) cannot apply twice. An attempt that never answered (its API node or the silo it was
/// calling died) is given up after <see cref="AbandonAfter"/>, so the caller's retry runs again; the lease is a little
/// longer than an API node's grain-call timeout (10 s).
/// </summary>
[GrainType("idempotency")]
public sealed class IdempotencyGrain(
    [PersistentState(StateNames.Idempotency, StorageNames.Default)] IPersistentState<IdempotencyState> store,
    TimeProvider time) : Grain, IIdempotencyGrain
{
    public static readonly TimeSpan AbandonAfter = TimeSpan.FromSeconds(15);

    private Attempt? inProgress;

    public Task<IdempotencyBegin> BeginAsync(string fingerprint)
    {
        var state = store.State;
        var now = time.GetUtcNow();
        if (state.Response is not null)
        {
            return Task.FromResult(state.Fingerprint == fingerprint
                ? new IdempotencyBegin(IdempotencyDecision.Replay, state.Response, Guid.Empty)
                : new IdempotencyBegin(IdempotencyDecision.Mismatch, null, Guid.Empty));
        }

        if (inProgress is { } running && now - running.StartedAt < AbandonAfter)
        {
            return Task.FromResult(new IdempotencyBegin(
                running.Fingerprint == fingerprint ? IdempotencyDecision.InProgress : IdempotencyDecision.Mismatch, null, Guid.Empty));
        }

        inProgress = new Attempt(Guid.NewGuid(), fingerprint, now);
        return Task.FromResult(new IdempotencyBegin(IdempotencyDecision.Proceed, null, inProgress.Id));
    }

    public async Task CompleteAsync(Guid attempt, StoredResponse response)
    {
        if (inProgress is not { } running || running.Id != attempt || store.State.Response is not null)
        {
            return;
        }

        store.State.Fingerprint = running.Fingerprint;
        store.State.Attempt = running.Id;
        store.State.StartedAt = running.StartedAt;
        store.State.FirstSeenAt ??= running.StartedAt;
        store.State.Response = response;
        store.State.CompletedAt = time.GetUtcNow();
        try
        {
            await store.WriteStateAsync();
        }
        catch
        {
            store.State.Response = null;
            throw;
        }

        inProgress = null;
    }

    public Task AbandonAsync(Guid attempt)
    {
        if (inProgress?.Id == attempt)
        {
            inProgress = null;
        }

        return Task.CompletedTask;
    }

    private sealed record Attempt(Guid Id, string Fingerprint, DateTimeOffset StartedAt);
}

[GenerateSerializer, Alias("motcua.idempotency-state")]
public sealed class IdempotencyState
{
    [Id(0)] public string? Fingerprint { get; set; }
    [Id(1)] public Guid Attempt { get; set; }
    [Id(2)] public DateTimeOffset StartedAt { get; set; }
    [Id(3)] public StoredResponse? Response { get; set; }
    [Id(4)] public DateTimeOffset? CompletedAt { get; set; }
    [Id(5)] public DateTimeOffset? FirstSeenAt { get; set; }
}
