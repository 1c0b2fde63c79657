using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using MotCua.Api.Auth;
using MotCua.Grains.Interfaces.Access;

namespace MotCua.Api.Audit;

/// <summary>
/// Records who did what for every <c>/v1</c> and <c>/dashboard</c> request that reached this point: the key id and
/// role (never the key), the method and route pattern, the id the route acts on, and how it ended. Requests refused
/// by the rate limiter are counted in metrics, not audited one by one.
/// </summary>
public sealed partial class AuditMiddleware(RequestDelegate next, AuditWriter writer, TimeProvider time)
{
    private static readonly string[] TargetNames = ["code", "id", "channelId", "citizenId", "reference", "keyId", "provider"];

    public async Task InvokeAsync(HttpContext context)
    {
        var path = context.Request.Path;
        if (!path.StartsWithSegments("/v1") && !path.StartsWithSegments("/dashboard"))
        {
            await next(context);
            return;
        }

        try
        {
            await next(context);
        }
        catch (BadHttpRequestException ex)
        {
            writer.Record(Entry(context, ex.StatusCode is >= 400 and < 500 ? ex.StatusCode : StatusCodes.Status400BadRequest));
            throw;
        }
        catch
        {
            writer.Record(Entry(context, StatusCodes.Status500InternalServerError));
            throw;
        }

        writer.Record(Entry(context, context.Response.StatusCode));
    }

    private AuditEntry Entry(HttpContext context, int status)
    {
        var user = context.User;
        string keyId, role;
        if (user.Identity?.IsAuthenticated == true)
        {
            keyId = user.FindFirst(ApiKeyAuthenticationHandler.KeyIdClaim)?.Value ?? "unknown";
            role = user.FindFirst(System.Security.Claims.ClaimTypes.Role)?.Value ?? "unknown";
        }
        else
        {
            // The key id of an issued key is public; a secret or an unknown key is never recorded.
            var header = context.Request.Headers.Authorization.Count == 1 ? context.Request.Headers.Authorization[0] : null;
            keyId = header is not null && header.Length > 7 && IssuedApiKeys.TrySplit(header[7..].Trim(), out var presentedId, out _)
                ? presentedId
                : "anonymous";
            role = "none";
        }

        var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "(no route)";
        return new AuditEntry(Guid.NewGuid(), time.GetUtcNow(), keyId, role, context.Request.Method, route, Target(context), status,
            Outcome(status), context.TraceIdentifier);
    }

    private const string TargetItem = "motcua.audit.target";

    /// <summary>Names the target of this request for the audit log in place of its route values (e.g. a hash of a secret token).</summary>
    public static void SetTarget(HttpContext context, string target) => context.Items[TargetItem] = target;

    private static string? Target(HttpContext context)
    {
        if (context.Items.TryGetValue(TargetItem, out var named) && named is string set)
        {
            return set;
        }

        foreach (var name in TargetNames)
        {
            if (context.Request.RouteValues.TryGetValue(name, out var value) && value is string text)
            {
                return text.Length <= 64 && SafeTarget().IsMatch(text) ? text : "(malformed)";
            }
        }

        return null;
    }

    public static string Outcome(int status) => status switch
    {
        >= 200 and < 300 => "ok",
        400 => "invalid",
        401 => "unauthenticated",
        403 => "forbidden",
        404 => "not_found",
        409 => "conflict",
        413 => "too_large",
        422 => "rejected",
        429 => "rate_limited",
        >= 500 => "error",
        _ => "refused",
    };

    [GeneratedRegex("^[A-Za-z0-9:_.-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex SafeTarget();
}
