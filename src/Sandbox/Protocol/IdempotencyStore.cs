using System.Collections.Concurrent;

namespace MotCua.Sandbox.Protocol;

/// <summary>
/// Answers already given per (provider, merchant, idempotency key), as the real providers keep them:
/// a replay gets the first answer, a different request with the same key 422, a concurrent one 409.
/// </summary>
public sealed class IdempotencyStore
{
    private readonly ConcurrentDictionary<string, Entry> entries = new(StringComparer.Ordinal);

    /// <summary>Claims the key for a request with <paramref name="fingerprint"/>, or says why it cannot be claimed.</summary>
    public (bool Claimed, Entry? Existing) TryClaim(string key, string fingerprint)
    {
        var fresh = new Entry(fingerprint, null);
        var entry = entries.GetOrAdd(key, fresh);
        return ReferenceEquals(entry, fresh) ? (true, null) : (false, entry);
    }

    /// <summary>Keeps the answer for replays.</summary>
    public void Complete(string key, string fingerprint, WireResult result) => entries[key] = new Entry(fingerprint, result);

    /// <summary>Lets the key be used again (the request failed before doing anything).</summary>
    public void Release(string key) => entries.TryRemove(key, out _);

    /// <summary>Forgets every key.</summary>
    public void Clear() => entries.Clear();

    /// <summary>A claimed key: the request's fingerprint, and its answer once there is one.</summary>
    public sealed record Entry(string Fingerprint, WireResult? Result);
}
