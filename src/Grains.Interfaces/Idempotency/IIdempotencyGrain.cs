namespace MotCua.Grains.Interfaces.Idempotency;

/// <summary>What became of an attempt to start a request under an idempotency key.</summary>
public enum IdempotencyDecision
{
    /// <summary>First time (or an abandoned attempt): run the request.</summary>
    Proceed = 0,
    /// <summary>Already answered: return <see cref="IdempotencyBegin.Response"/>.</summary>
    Replay = 1,
    /// <summary>The first request with this key is still running.</summary>
    InProgress = 2,
    /// <summary>The key was used with a different request.</summary>
    Mismatch = 3,
}

/// <summary>A stored answer to a request.</summary>
[GenerateSerializer, Immutable, Alias("motcua.stored-response")]
public sealed record StoredResponse(
    [property: Id(0)] int StatusCode,
    [property: Id(1)] string? ContentType,
    [property: Id(2)] byte[] Body,
    [property: Id(3)] string? Location);

/// <summary>The answer to <see cref="IIdempotencyGrain.BeginAsync"/>.</summary>
[GenerateSerializer, Immutable, Alias("motcua.idempotency-begin")]
public sealed record IdempotencyBegin(
    [property: Id(0)] IdempotencyDecision Decision,
    [property: Id(1)] StoredResponse? Response,
    [property: Id(2)] Guid Attempt);

/// <summary>
/// One idempotency key of one API key, keyed <c>{apiKeyId}:{idempotencyKey}</c>: the fingerprint of the first
/// request and its answer, kept at least 24 hours.
/// </summary>
public interface IIdempotencyGrain : IGrainWithStringKey
{
    /// <summary>Starts a request with this fingerprint (a hash of method, route and body).</summary>
    Task<IdempotencyBegin> BeginAsync(string fingerprint);

    /// <summary>Stores the answer of the attempt that <see cref="BeginAsync"/> let through.</summary>
    Task CompleteAsync(Guid attempt, StoredResponse response);

    /// <summary>Forgets an attempt that failed without an answer worth keeping (a 5xx), so a retry runs again.</summary>
    Task AbandonAsync(Guid attempt);
}
