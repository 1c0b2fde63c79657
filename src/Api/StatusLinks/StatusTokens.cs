using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace MotCua.Api.StatusLinks;

/// <summary>What a valid token says: the dossier, the link generation it was issued for, and the key that signed it.</summary>
public sealed record StatusTokenClaims(string KeyId, string DossierCode, int Generation);

/// <summary>
/// Signs and reads the tokens of public status links. A token is base64url of
/// <c>[version 1][key id length][key id][code length][dossier code][generation, 4 bytes big-endian][MAC, 16 bytes]</c>,
/// the MAC being HMAC-SHA256 over a domain label and everything before it, truncated to 128 bits. The token binds one
/// dossier and one generation: an officer revokes a slip by moving the dossier's generation on. A token is read only
/// when its key is configured and its MAC matches (compared in constant time); anything else reads as nothing.
/// </summary>
public sealed partial class StatusTokens
{
    /// <summary>The development key (Development only), so a local run prints working slips without configuration.</summary>
    public const string DevelopmentKeyId = "dev";

    private const byte Version = 1;
    private const int MacBytes = 16;
    private const int MinKeyBytes = 32;
    private const int MaxTokenChars = 200;
    private static readonly byte[] Label = Encoding.ASCII.GetBytes("motcua.status-link.v1\n");
    private static readonly byte[] DevelopmentKey = SHA256.HashData(Encoding.ASCII.GetBytes("motcua development status-link key; never in production"));

    private readonly Dictionary<string, byte[]> _keys = new(StringComparer.Ordinal);
    private readonly string _currentKeyId;

    public StatusTokens(IOptions<StatusLinkOptions> options, IHostEnvironment environment)
        : this(options.Value, environment.IsDevelopment())
    {
    }

    /// <summary>The keys of <paramref name="options"/>; with none configured, the development key where that is allowed.</summary>
    public StatusTokens(StatusLinkOptions options, bool development)
    {
        foreach (var (id, secret) in options.Keys)
        {
            if (!KeyIdPattern().IsMatch(id))
            {
                throw new InvalidOperationException($"Status-link key id '{id}' must be 1–16 characters: letters, digits, '-' or '_'.");
            }

            byte[] key;
            try
            {
                key = Convert.FromBase64String(secret ?? "");
            }
            catch (FormatException)
            {
                throw new InvalidOperationException($"Status-link key '{id}' must be base64.");
            }

            if (key.Length < MinKeyBytes)
            {
                throw new InvalidOperationException($"Status-link key '{id}' must be at least {MinKeyBytes} bytes.");
            }

            _keys[id] = key;
        }

        if (_keys.Count == 0)
        {
            if (!development)
            {
                throw new InvalidOperationException(
                    $"No status-link keys: set {StatusLinkOptions.Section}:Keys and {StatusLinkOptions.Section}:CurrentKeyId "
                    + "(the development key is used only in the Development environment).");
            }

            _keys[DevelopmentKeyId] = DevelopmentKey;
        }

        _currentKeyId = options.CurrentKeyId ?? (_keys.Count == 1 ? _keys.Keys.Single() : "");
        if (!_keys.ContainsKey(_currentKeyId))
        {
            throw new InvalidOperationException(
                $"{StatusLinkOptions.Section}:CurrentKeyId must name one of the configured keys ({string.Join(", ", _keys.Keys)}).");
        }
    }

    public string CurrentKeyId => _currentKeyId;

    /// <summary>A token for this dossier and generation, signed with the current key.</summary>
    public string Issue(string dossierCode, int generation)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(generation);
        var kid = Encoding.ASCII.GetBytes(_currentKeyId);
        var code = Encoding.UTF8.GetBytes(dossierCode);
        if (code.Length is 0 or > 64)
        {
            throw new ArgumentException("A dossier code is 1–64 bytes.", nameof(dossierCode));
        }

        var body = new byte[1 + 1 + kid.Length + 1 + code.Length + 4];
        var at = 0;
        body[at++] = Version;
        body[at++] = (byte)kid.Length;
        kid.CopyTo(body, at);
        at += kid.Length;
        body[at++] = (byte)code.Length;
        code.CopyTo(body, at);
        at += code.Length;
        BinaryPrimitives.WriteInt32BigEndian(body.AsSpan(at), generation);
        var token = new byte[body.Length + MacBytes];
        body.CopyTo(token, 0);
        Mac(_keys[_currentKeyId], body).CopyTo(token, body.Length);
        return WebEncoders.Base64UrlEncode(token);
    }

    /// <summary>The claims of a well-formed token signed by a configured key; false for anything else, with no reason given.</summary>
    public bool TryRead(string? token, out StatusTokenClaims claims)
    {
        claims = null!;
        if (string.IsNullOrEmpty(token) || token.Length > MaxTokenChars || !Base64UrlPattern().IsMatch(token))
        {
            return false;
        }

        byte[] bytes;
        try
        {
            bytes = WebEncoders.Base64UrlDecode(token);
        }
        catch (FormatException)
        {
            return false;
        }

        if (bytes.Length < 1 + 1 + 1 + 1 + 4 + MacBytes || bytes[0] != Version)
        {
            return false;
        }

        var at = 1;
        int kidLength = bytes[at++];
        if (at + kidLength + 1 > bytes.Length - MacBytes)
        {
            return false;
        }

        var kid = Encoding.ASCII.GetString(bytes, at, kidLength);
        at += kidLength;
        int codeLength = bytes[at++];
        if (at + codeLength + 4 != bytes.Length - MacBytes || !_keys.TryGetValue(kid, out var key))
        {
            return false;
        }

        var body = bytes.AsSpan(0, bytes.Length - MacBytes);
        if (!CryptographicOperations.FixedTimeEquals(Mac(key, body), bytes.AsSpan(bytes.Length - MacBytes)))
        {
            return false;
        }

        var code = Encoding.UTF8.GetString(bytes, at, codeLength);
        var generation = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(at + codeLength));
        if (generation < 0)
        {
            return false;
        }

        claims = new StatusTokenClaims(kid, code, generation);
        return true;
    }

    /// <summary>A short, stable, non-reversible name for a token, for the audit log (never the token itself).</summary>
    public static string AuditName(string token) =>
        "st-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)))[..16];

    private static byte[] Mac(byte[] key, ReadOnlySpan<byte> body)
    {
        var message = new byte[Label.Length + body.Length];
        Label.CopyTo(message, 0);
        body.CopyTo(message.AsSpan(Label.Length));
        return HMACSHA256.HashData(key, message)[..MacBytes];
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,16}$", RegexOptions.CultureInvariant)]
    private static partial Regex KeyIdPattern();

    [GeneratedRegex("^[A-Za-z0-9_-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex Base64UrlPattern();
}
