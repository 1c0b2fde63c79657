using System.Text;
using MotCua.Gateways.Notifications;
using MotCua.Gateways.Tests.Infrastructure;

namespace MotCua.Gateways.Tests;

public sealed class NotificationVerifierTests
{
    // Computed independently: Python hmac.new(b"whsec_test", b"1751342400." + body, sha256).hexdigest()
    private const string Secret = "whsec_test";
    private const string Body = """{"eventId":"evt_1","amount":50000}""";
    private const string Hex = "4866ae34d5f838c1e2f8930d582c1bb3f9849c0b8263526a9f9127308562779f";
    private const string Header = "t=1751342400,v1=" + Hex;
    private static readonly DateTimeOffset SignedAt = DateTimeOffset.FromUnixTimeSeconds(1751342400);

    private readonly FixedTimeProvider clock = new(SignedAt.AddSeconds(30));

    private NotificationVerifier Verifier => new(clock);

    [Fact]
    public void TheSignerProducesTheIndependentlyComputedHeader() =>
        Assert.Equal(Header, NotificationSignature.Create(Body, Secret, SignedAt));

    [Fact]
    public void AGenuineNotificationIsValid()
    {
        var result = Verifier.Verify(Header, Body, Secret);

        Assert.Equal(SignatureStatus.Valid, result.Status);
        Assert.True(result.IsValid);
        Assert.Equal(SignedAt, result.SignedAt);
    }

    [Fact]
    public void TheRawBytesAreSignedSoVietnameseTextVerifiesFromBytesOrString()
    {
        const string body = """{"description":"Lệ phí"}""";
        const string header = "t=1751342400,v1=6e7199db44d78408168feb55d87cf87354ccd7f87942f9557dbfa4d90c82454c";

        Assert.True(Verifier.Verify(header, Encoding.UTF8.GetBytes(body), "whsec_sandbox_bank").IsValid);
        Assert.True(Verifier.Verify(header, body, "whsec_sandbox_bank").IsValid);
    }

    [Fact]
    public void ATamperedBodyHasABadSignature() =>
        Assert.Equal(SignatureStatus.BadSignature, Verifier.Verify(Header, Body.Replace("50000", "5000000"), Secret).Status);

    [Fact]
    public void AnotherSecretGivesABadSignature() =>
        Assert.Equal(SignatureStatus.BadSignature, Verifier.Verify(Header, Body, "whsec_other").Status);

    [Fact]
    public void AChangedTimestampBreaksTheSignature() =>
        Assert.Equal(SignatureStatus.BadSignature, Verifier.Verify("t=1751342401,v1=" + Hex, Body, Secret).Status);

    [Fact]
    public void AGenuineButOldNotificationIsStale()
    {
        clock.Now = SignedAt + TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1);

        Assert.Equal(SignatureStatus.Stale, Verifier.Verify(Header, Body, Secret).Status);
    }

    [Fact]
    public void ANotificationExactlyAtTheToleranceIsStillValid()
    {
        clock.Now = SignedAt + TimeSpan.FromMinutes(5);

        Assert.True(Verifier.Verify(Header, Body, Secret).IsValid);
    }

    [Fact]
    public void ANotificationFromTheFutureBeyondTheToleranceIsStale()
    {
        clock.Now = SignedAt - TimeSpan.FromMinutes(6);

        Assert.Equal(SignatureStatus.Stale, Verifier.Verify(Header, Body, Secret).Status);
    }

    [Fact]
    public void TheToleranceCanBeWidened()
    {
        clock.Now = SignedAt + TimeSpan.FromMinutes(8);

        Assert.True(new NotificationVerifier(clock, TimeSpan.FromMinutes(10)).Verify(Header, Body, Secret).IsValid);
    }

    [Fact]
    public void AnOldForgeryIsABadSignatureNotStale()
    {
        clock.Now = SignedAt + TimeSpan.FromHours(1);

        Assert.Equal(SignatureStatus.BadSignature, Verifier.Verify(Header, Body, "whsec_other").Status);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void NoHeaderIsMissing(string? header) =>
        Assert.Equal(SignatureStatus.Missing, Verifier.Verify(header, Body, Secret).Status);

    [Theory]
    [InlineData("garbage")]
    [InlineData("v1=" + Hex)]
    [InlineData("t=1751342400")]
    [InlineData("t=abc,v1=" + Hex)]
    [InlineData("t=-1751342400,v1=" + Hex)]
    [InlineData("t=1751342400,t=1751342400,v1=" + Hex)]
    [InlineData("t=1751342400,v1=abcd")]
    [InlineData("t=1751342400,v1=" + Hex + "00")]
    [InlineData("t=1751342400,v1=zz66ae34d5f838c1e2f8930d582c1bb3f9849c0b8263526a9f9127308562779f")]
    [InlineData("t=1751342400;v1=" + Hex)]
    [InlineData("=1751342400,v1=" + Hex)]
    [InlineData("t=99999999999999999999,v1=" + Hex)]
    public void AHeaderNotInTheSchemeIsMalformed(string header) =>
        Assert.Equal(SignatureStatus.Malformed, Verifier.Verify(header, Body, Secret).Status);

    [Fact]
    public void OneMatchingSignatureAmongSeveralIsEnoughDuringSecretRotation()
    {
        var old = NotificationSignature.Create(Body, "whsec_old", SignedAt).Split(",v1=")[1];

        Assert.True(Verifier.Verify($"t=1751342400,v1={old},v1={Hex}", Body, Secret).IsValid);
    }

    [Fact]
    public void UnknownSchemesBesideV1AreIgnored() =>
        Assert.True(Verifier.Verify($"t=1751342400, v0=deadbeef, v1={Hex}", Body, Secret).IsValid);
}
