using System.Security.Cryptography;
using System.Text;
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
public sealed class ApiKeyStore
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

        foreach (var key in settings.Keys)
        {
            if (key.Role is not (Roles.Portal or Roles.Officer or Roles.Agent or Roles.Operator)
                || (key.Role == Roles.Officer && string.IsNullOrEmpty(key.AgencyCode))
                || (key.Role == Roles.Agent && string.IsNullOrEmpty(key.ChannelId))
                || key.Sha256.Length != 64 || string.IsNullOrEmpty(key.Id))
            {
                throw new InvalidOperationException(
                    $"API key '{key.Id}' is misconfigured: it needs an id, a 64-hex-digit sha256, a role, and an agency (officer) or channel (agent).");
            }

            _byHash[key.Sha256.ToLowerInvariant()] = new ApiKeyIdentity(key.Id, key.Role, key.AgencyCode, key.ChannelId);
        }
    }

    public ApiKeyIdentity? Find(string presentedSecret) => _byHash.GetValueOrDefault(Hash(presentedSecret));

    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private void Add(string secret, ApiKeyIdentity identity) => _byHash[Hash(secret)] = identity;
}
