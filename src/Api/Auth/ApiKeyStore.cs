using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using MotCua.Grains.Interfaces.Common;

namespace MotCua.Api.Auth;

/// <summary>An authenticated key: its id (never the secret), role and binding.</summary>
public sealed record ApiKeyIdentity(string KeyId, string Role, string? AgencyCode, string? ChannelId)
{
    public Actor ToActor() => new(Role, KeyId, AgencyCode, ChannelId);
}

/// <summary>Looks keys up by the hash of the presented secret.</summary>
public sealed partial class ApiKeyStore
{
    private readonly Dictionary<string, ApiKeyIdentity> _byHash = new(StringComparer.Ordinal);

    public ApiKeyStore(IOptions<ApiKeyOptions> options, IHostEnvironment environment)
    {
        var settings = options.Value;
        var developmentKeys = settings.DevelopmentKeys ?? environment.IsDevelopment();
        if (developmentKeys && !environment.IsDevelopment())
        {
            throw new InvalidOperationException(
                $"The development API keys are refused outside the Development environment (this is '{environment.EnvironmentName}'). "
                + "Remove MotCua:Auth:DevelopmentKeys and issue real keys.");
        }

        if (developmentKeys)
        {
            Add("dev-portal", new ApiKeyIdentity("kid-dev-portal", Roles.Portal, null, null));
            Add("dev-officer-SXD", new ApiKeyIdentity("kid-dev-officer-sxd", Roles.Officer, "SXD", null));
            Add("dev-agent-vnpost-HN0001", new ApiKeyIdentity("kid-dev-agent-vnpost-hn0001", Roles.Agent, null, "vnpost:HN-0001"));
            Add("dev-operator", new ApiKeyIdentity("kid-dev-operator", Roles.Operator, null, null));
        }

        var ids = new HashSet<string>(_byHash.Values.Select(k => k.KeyId), StringComparer.OrdinalIgnoreCase);
        foreach (var key in settings.Keys)
        {
            var problem = Check(key, ids);
            if (problem is not null)
            {
                throw new InvalidOperationException($"API key '{key.Id}' is misconfigured: {problem}");
            }

            ids.Add(key.Id);
            _byHash[key.Sha256.ToLowerInvariant()] = new ApiKeyIdentity(key.Id, key.Role, key.AgencyCode, key.ChannelId);
        }
    }

    /// <summary>
    /// What is wrong with a configured key, or null. Ids are 1–64 characters of letters, digits, <c>.</c>, <c>_</c> and
    /// <c>-</c> (no <c>:</c>, which separates the key id in operation ids <c>{keyId}:{key}</c>), unique (ignoring
    /// case), and not of the issued keys' shape; secrets' hashes are unique too.
    /// </summary>
    private string? Check(ApiKeyEntry key, IReadOnlySet<string> idsSoFar)
    {
        if (!ConfiguredKeyId().IsMatch(key.Id ?? ""))
        {
            return "the id must be 1–64 characters: letters, digits, '.', '_' or '-', starting with a letter or digit (no ':').";
        }

        if (IssuedApiKeys.IsKeyId(key.Id!))
        {
            return "the id has the shape of an issued key's id (k and 20 characters a–z, 2–7); choose another.";
        }

        if (idsSoFar.Contains(key.Id!))
        {
            return "another key has the same id.";
        }

        if (key.Sha256 is null || !Sha256Hex().IsMatch(key.Sha256))
        {
            return "sha256 must be the 64 hexadecimal digits of the secret's SHA-256.";
        }

        if (_byHash.ContainsKey(key.Sha256.ToLowerInvariant()))
        {
            return "another key has the same secret.";
        }

        if (key.Role is not (Roles.Portal or Roles.Officer or Roles.Agent or Roles.Operator))
        {
            return "the role must be portal, officer, agent or operator.";
        }

        if (key.Role == Roles.Officer && string.IsNullOrEmpty(key.AgencyCode))
        {
            return "an officer key needs an agencyCode.";
        }

        if (key.Role == Roles.Agent && string.IsNullOrEmpty(key.ChannelId))
        {
            return "an agent key needs a channelId.";
        }

        return null;
    }

    public ApiKeyIdentity? Find(string presentedSecret) => _byHash.GetValueOrDefault(Hash(presentedSecret));

    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private void Add(string secret, ApiKeyIdentity identity) => _byHash[Hash(secret)] = identity;

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex ConfiguredKeyId();

    [GeneratedRegex("^[0-9A-Fa-f]{64}$", RegexOptions.CultureInvariant)]
    private static partial Regex Sha256Hex();
}
