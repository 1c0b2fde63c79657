using BitFaster.Caching.Lru;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using MotCua.Grains.Interfaces.Access;

namespace MotCua.Api.Auth;

/// <summary>
/// Keys issued through <c>POST /v1/access/keys</c>: <c>mc1_{keyId}_{secret}</c>, where the key id names the grain that
/// holds the SHA-256 of the secret, so authentication reads one grain per key (never a registry). What a grain said
/// is cached for <see cref="ApiKeyOptions.CacheSeconds"/>; that is the bound on how long a revoked key keeps working.
/// Real keys live in a bounded LRU (BitFaster.Caching); ids found not to exist live in a separate small one, so a flood
/// of made-up ids never evicts a real key. Grain reads for ids this node does not know are capped at
/// <see cref="ApiKeyOptions.LookupsPerSecond"/> per node, so such a flood cannot turn into a flood of storage reads;
/// past the cap an unknown id is refused (401), while keys already known keep being refreshed.
/// </summary>
public sealed partial class IssuedApiKeys(IGrainFactory grains, IOptions<ApiKeyOptions> options, TimeProvider time)
{
    private const string Prefix = "mc1";
    private readonly ConcurrentLru<string, CachedCredential> _known =
        new(Environment.ProcessorCount, Math.Max(2, options.Value.CachedKeys), StringComparer.Ordinal);
    private readonly ConcurrentLru<string, DateTimeOffset> _unknown =
        new(Environment.ProcessorCount, Math.Max(2, options.Value.CachedUnknownKeys), StringComparer.Ordinal);
    private readonly TimeSpan _ttl = TimeSpan.FromSeconds(Math.Clamp(options.Value.CacheSeconds, 0, 3600));
    private readonly TokenBucketRateLimiter _lookups = new(new TokenBucketRateLimiterOptions
    {
        TokenLimit = Math.Max(1, options.Value.LookupsPerSecond),
        TokensPerPeriod = Math.Max(1, options.Value.LookupsPerSecond),
        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
        QueueLimit = 0,
        AutoReplenishment = true,
    });

    /// <summary>A new key id and secret, and the key a caller presents.</summary>
    public static (string KeyId, string Secret, string Key) Create(string keyId)
    {
        var secret = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        return (keyId, secret, $"{Prefix}_{keyId}_{secret}");
    }

    /// <summary>A key id derived from the issuing operator's key id and Idempotency-Key, so a retry names the same key.</summary>
    public static string KeyIdFor(string operatorKeyId, string idempotencyKey)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{operatorKeyId}\n{idempotencyKey}"));
        const string alphabet = "abcdefghijklmnopqrstuvwxyz234567";
        var id = new StringBuilder("k", 21);
        for (var i = 0; i < 20; i++)
        {
            id.Append(alphabet[hash[i] & 31]);
        }

        return id.ToString();
    }

    public static bool IsKeyId(string value) => KeyIdPattern().IsMatch(value);

    /// <summary>Splits a presented key of the issued shape; false for anything else (development and configured keys).</summary>
    public static bool TrySplit(string presented, out string keyId, out string secret)
    {
        keyId = secret = "";
        var match = TokenPattern().Match(presented);
        if (!match.Success)
        {
            return false;
        }

        keyId = match.Groups[1].Value;
        secret = match.Groups[2].Value;
        return true;
    }

    /// <summary>The identity of an issued key if the secret matches its stored hash and it is not revoked.</summary>
    public async Task<ApiKeyIdentity?> FindAsync(string keyId, string secret)
    {
        var stored = await CredentialAsync(keyId);
        if (stored is null || stored.Revoked)
        {
            return null;
        }

        var presented = SHA256.HashData(Encoding.UTF8.GetBytes(secret));
        var expected = Convert.FromHexString(stored.SecretSha256);
        return CryptographicOperations.FixedTimeEquals(presented, expected)
            ? new ApiKeyIdentity(stored.KeyId, stored.Role, stored.AgencyCode, stored.ChannelId)
            : null;
    }

    /// <summary>Forgets a key on this node (after issuing or revoking it here), so the change applies here at once.</summary>
    public void Invalidate(string keyId)
    {
        _known.TryRemove(keyId);
        _unknown.TryRemove(keyId);
    }

    /// <summary>
    /// What the key's grain said, at most <see cref="ApiKeyOptions.CacheSeconds"/> old. A key known to exist is read
    /// again when its entry is stale without asking the lookup budget: there are only as many of those as real keys in
    /// use, each at most once per cache period. Only ids this node does not know spend the budget.
    /// </summary>
    private async Task<ApiKeyCredential?> CredentialAsync(string keyId)
    {
        var now = time.GetUtcNow();
        if (_known.TryGet(keyId, out var known))
        {
            if (now - known.ReadAt < _ttl)
            {
                return known.Credential;
            }
        }
        else
        {
            if (_unknown.TryGet(keyId, out var missingSince) && now - missingSince < _ttl)
            {
                return null;
            }

            using var lease = _lookups.AttemptAcquire();
            if (!lease.IsAcquired)
            {
                return null;
            }
        }

        var credential = await grains.GetGrain<IApiKeyGrain>(keyId).GetCredentialAsync();
        if (credential is null)
        {
            _known.TryRemove(keyId);
            _unknown.AddOrUpdate(keyId, now);
        }
        else
        {
            _unknown.TryRemove(keyId);
            _known.AddOrUpdate(keyId, new CachedCredential(credential, now));
        }

        return credential;
    }

    private sealed record CachedCredential(ApiKeyCredential? Credential, DateTimeOffset ReadAt);

    [GeneratedRegex("^k[a-z2-7]{20}$", RegexOptions.CultureInvariant)]
    private static partial Regex KeyIdPattern();

    [GeneratedRegex("^mc1_(k[a-z2-7]{20})_([0-9a-f]{64})$", RegexOptions.CultureInvariant)]
    private static partial Regex TokenPattern();
}
