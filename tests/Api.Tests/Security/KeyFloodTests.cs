using System.Net;
using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Options;
using MotCua.Api.Auth;
using MotCua.Api.Tests.Infrastructure;
using MotCua.Grains.Tests;

namespace MotCua.Api.Tests.Security;

/// <summary>The key cache: a flood of made-up key ids never locks a real key out; configured key ids are checked.</summary>
[Collection(SecurityCollection.Name)]
public sealed class KeyFloodTests(SecurityFixture fixture)
{
    [Fact]
    public async Task FiftyThousandMadeUpKeyIdsNeverLockARealKeyOut()
    {
        var op = fixture.As(SecurityFactory.OperatorKey);
        var issued = await ApiClient.JsonAsync(await op.PostAsync("/v1/access/keys", new { role = "portal" }), HttpStatusCode.Created);
        Assert.True(IssuedApiKeys.TrySplit((string)issued["key"]!, out var keyId, out var secret));

        // A node with a small lookup budget and a small cache for unknown ids; its cache period passes three times
        // during the flood (the clock moves 1 s per 500 made-up ids: 100 s in all, against 30 s of cache).
        var clock = new DossierTestClock(DateTimeOffset.UtcNow);
        var node = new IssuedApiKeys(fixture.Factory.Services.GetRequiredService<Orleans.IGrainFactory>(),
            Options.Create(new ApiKeyOptions { CacheSeconds = 30, LookupsPerSecond = 20, CachedUnknownKeys = 64 }), clock);
        Assert.NotNull(await node.FindAsync(keyId, secret));

        var refusedRealKey = 0;
        var acceptedMadeUp = 0;
        for (var i = 1; i <= 50_000; i++)
        {
            if (await node.FindAsync(RandomKeyId(), Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32))) is not null)
            {
                acceptedMadeUp++;
            }

            if (i % 100 == 0 && await node.FindAsync(keyId, secret) is null)
            {
                refusedRealKey++; // the real key, at its normal rate: once per 100 made-up ids
            }

            if (i % 500 == 0)
            {
                clock.Advance(TimeSpan.FromSeconds(1));
            }
        }

        Assert.Equal(0, acceptedMadeUp);
        Assert.Equal(0, refusedRealKey);
    }

    [Fact]
    public async Task ARevokedKeyIsStillRefusedDuringAFlood()
    {
        var op = fixture.As(SecurityFactory.OperatorKey);
        var issued = await ApiClient.JsonAsync(await op.PostAsync("/v1/access/keys", new { role = "portal" }), HttpStatusCode.Created);
        Assert.True(IssuedApiKeys.TrySplit((string)issued["key"]!, out var keyId, out var secret));
        var clock = new DossierTestClock(DateTimeOffset.UtcNow);
        var node = new IssuedApiKeys(fixture.Factory.Services.GetRequiredService<Orleans.IGrainFactory>(),
            Options.Create(new ApiKeyOptions { CacheSeconds = 30, LookupsPerSecond = 1 }), clock);
        Assert.NotNull(await node.FindAsync(keyId, secret));
        await ApiClient.JsonAsync(await op.PostAsync($"/v1/access/keys/{keyId}/revoke", null), HttpStatusCode.OK);

        for (var i = 0; i < 1000; i++)
        {
            await node.FindAsync(RandomKeyId(), new string('0', 64)); // the budget of lookups is spent
        }

        clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Null(await node.FindAsync(keyId, secret)); // refreshed despite the spent budget: revoked
    }

    [Theory]
    [InlineData("kid:portal", "no ':'")]
    [InlineData("", "1–64 characters")]
    [InlineData("-portal", "starting with a letter or digit")]
    [InlineData("kabcdefghijklmnopqrst", "issued key's id")]
    public void AConfiguredKeyIdOfTheWrongShapeStopsTheStart(string id, string expected)
    {
        var error = Assert.Throws<InvalidOperationException>(() => Store(Entry(id, "secret-1")));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TwoConfiguredKeysWithOneIdOrOneSecretStopTheStart()
    {
        var sameId = Assert.Throws<InvalidOperationException>(() => Store(Entry("kid-a", "secret-1"), Entry("KID-A", "secret-2")));
        Assert.Contains("same id", sameId.Message, StringComparison.Ordinal);
        var sameSecret = Assert.Throws<InvalidOperationException>(() => Store(Entry("kid-a", "secret-1"), Entry("kid-b", "secret-1")));
        Assert.Contains("same secret", sameSecret.Message, StringComparison.Ordinal);
        var devId = Assert.Throws<InvalidOperationException>(() => Store(true, Entry("kid-dev-portal", "secret-3")));
        Assert.Contains("same id", devId.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WellFormedConfiguredKeysAreFoundByTheirSecret()
    {
        var store = Store(Entry("kid-a", "secret-1"), Entry("ops.b_2", "secret-2"));
        Assert.Equal("kid-a", store.Find("secret-1")?.KeyId);
        Assert.Equal("ops.b_2", store.Find("secret-2")?.KeyId);
        Assert.Null(store.Find("secret-3"));
    }

    private static ApiKeyEntry Entry(string id, string secret) =>
        new() { Id = id, Sha256 = ApiKeyStore.Hash(secret), Role = "portal" };

    private static ApiKeyStore Store(params ApiKeyEntry[] keys) => Store(false, keys);

    private static ApiKeyStore Store(bool development, params ApiKeyEntry[] keys) =>
        new(Options.Create(new ApiKeyOptions { DevelopmentKeys = development, Keys = [.. keys] }),
            new HostingEnvironment { EnvironmentName = development ? "Development" : "Production" });

    private static string RandomKeyId()
    {
        const string alphabet = "abcdefghijklmnopqrstuvwxyz234567";
        return "k" + string.Create(20, 0, (span, _) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)];
            }
        });
    }
}
