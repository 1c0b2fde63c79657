using System.Security.Cryptography;
using Microsoft.AspNetCore.WebUtilities;
using MotCua.Api.StatusLinks;

namespace MotCua.Api.Tests.StatusLinks;

/// <summary>The rules of status-link tokens, on the plain class, without a host.</summary>
public sealed class StatusTokensTests
{
    private static readonly string KeyA = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private static readonly string KeyB = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    private static StatusTokens With(string current, params (string Id, string Secret)[] keys)
    {
        var options = new StatusLinkOptions { CurrentKeyId = current };
        foreach (var (id, secret) in keys)
        {
            options.Keys[id] = secret;
        }

        return new StatusTokens(options, development: false);
    }

    [Fact]
    public void ATokenReadsBackAsItsDossierGenerationAndKey()
    {
        var tokens = With("k1", ("k1", KeyA));

        var token = tokens.Issue("HN-TTHCC-260302-0001", 3);

        Assert.True(tokens.TryRead(token, out var claims));
        Assert.Equal(new StatusTokenClaims("k1", "HN-TTHCC-260302-0001", 3), claims);
        Assert.Matches("^[A-Za-z0-9_-]+$", token);
    }

    [Fact]
    public void ATokenCarriesAMacOfAtLeast128Bits()
    {
        var tokens = With("k1", ("k1", KeyA));
        var bytes = WebEncoders.Base64UrlDecode(tokens.Issue("HN-TTHCC-260302-0001", 0));

        // version, key id length, "k1", code length, the code, the generation: the rest is the MAC.
        Assert.True(bytes.Length - (1 + 1 + 2 + 1 + "HN-TTHCC-260302-0001".Length + 4) >= 16);
    }

    [Fact]
    public void ASlipSignedWithTheOldKeyStillOpensAfterRotation()
    {
        var before = With("k1", ("k1", KeyA));
        var printed = before.Issue("HN-TTHCC-260302-0001", 0);

        var after = With("k2", ("k1", KeyA), ("k2", KeyB));

        Assert.True(after.TryRead(printed, out var claims));
        Assert.Equal("k1", claims.KeyId);
        Assert.True(after.TryRead(after.Issue("HN-TTHCC-260302-0001", 0), out var fresh));
        Assert.Equal("k2", fresh.KeyId);
    }

    [Fact]
    public void ARetiredKeyOrAnotherSecretOpensNothing()
    {
        var printed = With("k1", ("k1", KeyA)).Issue("HN-TTHCC-260302-0001", 0);

        Assert.False(With("k2", ("k2", KeyB)).TryRead(printed, out _));
        Assert.False(With("k1", ("k1", KeyB)).TryRead(printed, out _));
    }

    [Fact]
    public void AnyChangedByteOfATokenOpensNothing()
    {
        var tokens = With("k1", ("k1", KeyA));
        var bytes = WebEncoders.Base64UrlDecode(tokens.Issue("HN-TTHCC-260302-0001", 0));

        for (var i = 0; i < bytes.Length; i++)
        {
            var spoiled = (byte[])bytes.Clone();
            spoiled[i] ^= 0x01;
            Assert.False(tokens.TryRead(WebEncoders.Base64UrlEncode(spoiled), out _), $"byte {i} changed and the token still opened");
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("not a token")]
    [InlineData("AAAA")]
    [InlineData("%00")]
    public void MalformedTokensOpenNothing(string token) =>
        Assert.False(With("k1", ("k1", KeyA)).TryRead(token, out _));

    [Fact]
    public void TheDevelopmentKeyIsRefusedOutsideDevelopment()
    {
        var refused = Assert.Throws<InvalidOperationException>(() => new StatusTokens(new StatusLinkOptions(), development: false));
        Assert.Contains("MotCua:StatusLinks:Keys", refused.Message, StringComparison.Ordinal);

        var development = new StatusTokens(new StatusLinkOptions(), development: true);
        Assert.Equal(StatusTokens.DevelopmentKeyId, development.CurrentKeyId);
    }

    [Fact]
    public void ShortKeysAndAnUnknownCurrentKeyAreRefused()
    {
        Assert.Throws<InvalidOperationException>(() => With("k1", ("k1", Convert.ToBase64String(new byte[16]))));
        Assert.Throws<InvalidOperationException>(() => With("k9", ("k1", KeyA)));
    }

    [Fact]
    public void TheAuditNameIsShortAndNotTheToken()
    {
        var token = With("k1", ("k1", KeyA)).Issue("HN-TTHCC-260302-0001", 0);

        var name = StatusTokens.AuditName(token);

        Assert.Matches("^st-[0-9a-f]{16}$", name);
        Assert.DoesNotContain(token, name, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Nguyễn Văn An", "Nguyễn V. A.")]
    [InlineData("Trần Thị Bình", "Trần T. B.")]
    [InlineData("  Lê   Ánh ", "Lê Á.")]
    [InlineData("Đức", "Đ.")]
    public void TheApplicantsNameIsMasked(string fullName, string masked) =>
        Assert.Equal(masked, PublicStatus.MaskName(fullName));
}
