using MotCua.Grains.Interfaces;
using MotCua.Grains.Interfaces.Idempotency;

namespace MotCua.Grains.Idempotency;

/// <summary>
/// One idempotency key: the first request's fingerprint and answer. An attempt that started but never answered
/// (its API node or the silo it was calling died) is given up after <see cref="AbandonAfter"/>, so the caller's
/// retry runs again. The in-progress answer (409) only spares the cluster duplicate work: the commands themselves
/// are idempotent by operation id, so a second run, even alongside a first that is still going, cannot apply twice.
/// The lease is therefore short: a little longer than an API node's grain-call timeout (10 s).
/// </summary>
[GrainType("idempotency")]
public sealed class IdempotencyGrain(
    [PersistentState(StateNames.Idempotency, StorageNames.Default)] IPersistentState<IdempotencyState> store,
    TimeProvider time) : Grain, IIdempotencyGrain
{
    public static readonly TimeSpan AbandonAfter = TimeSpan.FromSeconds(15);

    public async Task<IdempotencyBegin> BeginAsync(string fingerprint)
    {
        var state = store.State;
        var now = time.GetUtcNow();
        if (state.Fingerprint is not null)
        {
            if (state.Fingerprint != fingerprint)
            {
                return new IdempotencyBegin(IdempotencyDecision.Mismatch, null, Guid.Empty);
            }

            if (state.Response is not null)
            {
                return new IdempotencyBegin(IdempotencyDecision.Replay, state.Response, Guid.Empty);
            }

            if (now - state.StartedAt < AbandonAfter)
            {
                return new IdempotencyBegin(IdempotencyDecision.InProgress, null, Guid.Empty);
            }
        }

        state.Fingerprint = fingerprint;
        state.Attempt = Guid.NewGuid();
        state.StartedAt = now;
        state.FirstSeenAt ??= now;
        await store.WriteStateAsync();
        return new IdempotencyBegin(IdempotencyDecision.Proceed, null, state.Attempt);
    }

    public async Task CompleteAsync(Guid attempt, StoredResponse response)
    {
        if (store.State.Attempt != attempt || store.State.Response is not null)
        {
            return;
        }

        store.State.Response = response;
        store.State.CompletedAt = time.GetUtcNow();
        await store.WriteStateAsync();
    }

    public async Task AbandonAsync(Guid attempt)
    {
        if (store.State.Attempt == attempt && store.State.Response is null)
        {
            await store.ClearStateAsync();
        }
    }
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
