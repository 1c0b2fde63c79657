using MotCua.Grains.Interfaces.Idempotency;

namespace MotCua.Grains.Interfaces.Storage;

/// <summary>
/// The answers given under idempotency keys, one row per key with an expiry (<c>motcua_idempotency</c> in durable
/// mode). The idempotency grain of a key is its only writer; a sweeper deletes expired rows in small batches.
/// </summary>
public interface IIdempotencyAnswers
{
    /// <summary>The answer stored for <paramref name="key"/>, unless there is none or it expired before <paramref name="now"/>.</summary>
    Task<IdempotencyAnswer?> FindAsync(string key, DateTimeOffset now, CancellationToken ct = default);

    /// <summary>
    /// Stores the answer for <paramref name="key"/>. An answer that has not expired stays as it was (the first answer
    /// wins); an expired one is replaced.
    /// </summary>
    Task SaveAsync(string key, IdempotencyAnswer answer, CancellationToken ct = default);

    /// <summary>Deletes at most <paramref name="limit"/> answers expired before <paramref name="now"/>; returns how many.</summary>
    Task<int> SweepAsync(DateTimeOffset now, int limit, CancellationToken ct = default);
}

/// <summary>A request's fingerprint and the answer it got, kept until <see cref="ExpiresAt"/>.</summary>
public sealed record IdempotencyAnswer(string Fingerprint, StoredResponse Response, DateTimeOffset CompletedAt, DateTimeOffset ExpiresAt);
