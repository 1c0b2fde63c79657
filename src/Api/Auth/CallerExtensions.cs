using System.Security.Claims;
using MotCua.Grains.Interfaces.Common;

namespace MotCua.Api.Auth;

/// <summary>Reads the authenticated key from a principal.</summary>
public static class CallerExtensions
{
    public static Actor ToActor(this ClaimsPrincipal user) => new(
        user.FindFirstValue(ClaimTypes.Role) ?? throw new InvalidOperationException("The caller has no role."),
        user.FindFirstValue(ApiKeyAuthenticationHandler.KeyIdClaim) ?? throw new InvalidOperationException("The caller has no key id."),
        user.FindFirstValue(ApiKeyAuthenticationHandler.AgencyClaim),
        user.FindFirstValue(ApiKeyAuthenticationHandler.ChannelClaim));
}
