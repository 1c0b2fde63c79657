using Microsoft.AspNetCore.Authorization;
using MotCua.Grains.Interfaces.Common;

namespace MotCua.Api.Auth;

/// <summary>Authorization policies by role, as the API contract lists them per route.</summary>
public static class RolePolicies
{
    public static readonly AuthorizationPolicy AnyRole = For(Roles.Portal, Roles.Officer, Roles.Agent, Roles.Operator);
    public static readonly AuthorizationPolicy Portal = For(Roles.Portal);
    public static readonly AuthorizationPolicy Officer = For(Roles.Officer);
    public static readonly AuthorizationPolicy Agent = For(Roles.Agent);
    public static readonly AuthorizationPolicy Operator = For(Roles.Operator);
    public static readonly AuthorizationPolicy DossierReaders = For(Roles.Portal, Roles.Officer, Roles.Operator);
    public static readonly AuthorizationPolicy PaymentReaders = For(Roles.Portal, Roles.Operator);
    public static readonly AuthorizationPolicy ChannelReaders = For(Roles.Agent, Roles.Operator);
    public static readonly AuthorizationPolicy WalletReaders = For(Roles.Portal, Roles.Operator);

    private static AuthorizationPolicy For(params string[] roles) =>
        new AuthorizationPolicyBuilder(ApiKeyAuthenticationHandler.SchemeName).RequireAuthenticatedUser().RequireRole(roles).Build();
}
