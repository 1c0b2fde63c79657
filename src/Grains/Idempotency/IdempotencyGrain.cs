using Microsoft.Extensions.Options;
using MotCua.Grains.Interfaces.Idempotency;
using MotCua.Grains.Interfaces.Storage;

namespace MotCua.Grains.Idempotency;

/// <summary>
/// One idempotency key: the first request's fingerprint and answer. The answer is a row of <see cref="IIdempotencyAnswers"/>
/// with an expiry, read once per activation; the grain keeps no state of its own. The attempt in progress is held in
/// memory: storing it would cost a durable write on every command for what is only a courtesy, because the
/// in-progress answer (409) and the mismatch check while the first attempt runs spare the cluster duplicate work, and
/// the commands themselves are idempotent by operation id, so a second run (after this activation died, or alongside
/// a first that is still going) cannot apply twice. An attempt that never answered (its API node or the silo it was
/// calling died) is given up after <see cref="AbandonAfter"/>, so the caller's retry runs again; the lease is a little
/// longer than an API node's grain-call timeout (10 s).
/// </summary>
[GrainType("idempotency")]
public sealed class IdempotencyGrain(IIdempotencyAnswers answers, IOptions<IdempotencyOptions> options, TimeProvider time)
    : Grain, IIdempotencyGrain
{
    public static readonly TimeSpan AbandonAfter = TimeSpan.FromSeconds(15);

    private bool loaded;
    private IdempotencyAnswer? answer;
    private Attempt? inProgress;

    private string Key => this.GetPrimaryKeyString();

    public async Task<IdempotencyBegin> BeginAsync(string fingerprint)
    {
        var now = time.GetUtcNow();
        if (!loaded)
        {
            answer = await answers.FindAsync(Key, now);
            loaded = true;
        }

        if (answer is { } stored && stored.ExpiresAt > now)
        {
            return stored.Fingerprint == fingerprint
                ? new IdempotencyBegin(IdempotencyDecision.Replay, stored.Response, Guid.Empty)
                : new IdempotencyBegin(IdempotencyDecision.Mismatch, null, Guid.Empty);
        }

        if (inProgress is { } running && now - running.StartedAt < AbandonAfter)
        {
            return new IdempotencyBegin(
                running.Fingerprint == fingerprint ? IdempotencyDecision.InProgress : IdempotencyDecision.Mismatch, null, Guid.Empty);
        }

        inProgress = new Attempt(Guid.NewGuid(), fingerprint, now);
        return new IdempotencyBegin(IdempotencyDecision.Proceed, null, inProgress.Id);
    }

    public async Task CompleteAsync(Guid attempt, StoredResponse response)
    {
        if (inProgress is not { } running || running.Id != attempt)
        {
            return;
        }

        var now = time.GetUtcNow();
        var completed = new IdempotencyAnswer(running.Fingerprint, response, now, now + Retention(options.Value));
        await answers.SaveAsync(Key, completed);
        answer = completed;
        loaded = true;
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

    /// <summary>The configured retention, never under the contract's 24 hours.</summary>
    public static TimeSpan Retention(IdempotencyOptions options) =>
        options.Retention < IdempotencyOptions.MinimumRetention ? IdempotencyOptions.MinimumRetention : options.Retention;

    private sealed record Attempt(Guid Id, string Fingerprint, DateTimeOffset StartedAt);
}
