using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace MotCua.Gateways.Notifications;

/// <summary>
/// Checks the <see cref="NotificationSignature"/> of an inbound provider notification: constant-time comparison,
/// and a tolerance window (default five minutes, either side of now) against replays.
/// The signature is checked before the time, so a forged header is <see cref="SignatureStatus.BadSignature"/> whatever its timestamp.
/// </summary>
public sealed class NotificationVerifier
{
    /// <summary>The default tolerance window: five minutes either side of now.</summary>
    public static readonly TimeSpan DefaultTolerance = TimeSpan.FromMinutes(5);

    private const int SignatureBytes = 32;
    private readonly TimeProvider timeProvider;

    /// <summary>A verifier reading the time from <paramref name="timeProvider"/> (default: the system clock).</summary>
    public NotificationVerifier(TimeProvider? timeProvider = null, TimeSpan? tolerance = null)
    {
        this.timeProvider = timeProvider ?? TimeProvider.System;
        Tolerance = tolerance ?? DefaultTolerance;
        ArgumentOutOfRangeException.ThrowIfLessThan(Tolerance, TimeSpan.Zero, nameof(tolerance));
    }

    /// <summary>How far the signed time may be from now, past or future.</summary>
    public TimeSpan Tolerance { get; }

    /// <summary>Checks <paramref name="signatureHeader"/> against the exact bytes received and the provider's secret.</summary>
    public SignatureVerification Verify(string? signatureHeader, ReadOnlySpan<byte> rawBody, string secret)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        if (string.IsNullOrWhiteSpace(signatureHeader))
        {
            return new(SignatureStatus.Missing);
        }

        if (!TryParse(signatureHeader, out var timestamp, out var candidates))
        {
            return new(SignatureStatus.Malformed);
        }

        var signedAt = DateTimeOffset.FromUnixTimeSeconds(timestamp);
        var expected = NotificationSignature.Compute(timestamp, rawBody, secret);
        var matched = false;
        foreach (var candidate in candidates)
        {
            // Every candidate is compared in full, so the time taken says nothing about which bytes matched.
            matched |= CryptographicOperations.FixedTimeEquals(expected, candidate);
        }

        if (!matched)
        {
            return new(SignatureStatus.BadSignature, signedAt);
        }

        var age = timeProvider.GetUtcNow() - signedAt;
        return age.Duration() > Tolerance ? new(SignatureStatus.Stale, signedAt) : new(SignatureStatus.Valid, signedAt);
    }

    /// <summary>Checks a signature over a body received as text (UTF-8 on the wire).</summary>
    public SignatureVerification Verify(string? signatureHeader, string rawBody, string secret) =>
        Verify(signatureHeader, Encoding.UTF8.GetBytes(rawBody), secret);

    private static bool TryParse(string header, out long timestamp, out List<byte[]> candidates)
    {
        timestamp = 0;
        candidates = [];
        var sawTimestamp = false;
        foreach (var part in header.Split(',', StringSplitOptions.TrimEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                return false;
            }

            var (key, value) = (part[..equals], part[(equals + 1)..]);
            switch (key)
            {
                case "t" when !sawTimestamp && IsUnixSeconds(value, out timestamp):
                    sawTimestamp = true;
                    break;
                case "t":
                    return false;
                case "v1" when value.Length == SignatureBytes * 2 && value.All(char.IsAsciiHexDigit):
                    candidates.Add(Convert.FromHexString(value));
                    break;
                case "v1":
                    return false;
                default:
                    break; // other schemes (a future v2) are ignored, as the scheme promises
            }
        }

        return sawTimestamp && candidates.Count > 0;
    }

    private static bool IsUnixSeconds(string value, out long seconds) =>
        long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out seconds)
        && seconds <= DateTimeOffset.MaxValue.ToUnixTimeSeconds();
}
