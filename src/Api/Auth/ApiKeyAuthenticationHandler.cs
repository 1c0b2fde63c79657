using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MotCua.Api.Problems;

namespace MotCua.Api.Auth;

/// <summary>Authenticates <c>Authorization: Bearer &lt;api key&gt;</c>; answers 401 and 403 as problems.</summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyStore store,
    IssuedApiKeys issued) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string KeyIdClaim = "motcua:key_id";
    public const string AgencyClaim = "motcua:agency";
    public const string ChannelClaim = "motcua:channel";

    /// <summary>The longest Authorization value looked at; anything longer is refused unread.</summary>
    private const int MaxHeaderLength = 512;

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var headers = Request.Headers.Authorization;
        if (headers.Count == 0)
        {
            return AuthenticateResult.NoResult();
        }

        if (headers.Count > 1)
        {
            return AuthenticateResult.Fail("More than one Authorization header.");
        }

        var value = headers[0] ?? "";
        const string prefix = "Bearer ";
        if (!value.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) || value.Length == prefix.Length
            || value.Length > MaxHeaderLength)
        {
            return AuthenticateResult.Fail("The Authorization header is not a bearer API key.");
        }

        var presented = value[prefix.Length..].Trim();
        var identity = IssuedApiKeys.TrySplit(presented, out var keyId, out var secret)
            ? await issued.FindAsync(keyId, secret)
            : store.Find(presented);
        if (identity is null)
        {
            return AuthenticateResult.Fail("Unknown or revoked API key.");
        }

        var claims = new List<Claim>
        {
            new(KeyIdClaim, identity.KeyId),
            new(ClaimTypes.NameIdentifier, identity.KeyId),
            new(ClaimTypes.Role, identity.Role),
        };
        if (identity.AgencyCode is not null)
        {
            claims.Add(new Claim(AgencyClaim, identity.AgencyCode));
        }

        if (identity.ChannelId is not null)
        {
            claims.Add(new Claim(ChannelClaim, identity.ChannelId));
        }

        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        ApiProblems.WriteAsync(Context, StatusCodes.Status401Unauthorized, "unauthorized",
            "Unauthorized", "A valid API key is required: Authorization: Bearer <api key>.");

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        ApiProblems.WriteAsync(Context, StatusCodes.Status403Forbidden, "forbidden",
            "Forbidden", "This API key's role may not use this route.");
}
