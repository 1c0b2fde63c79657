using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using MotCua.Api.Auth;

namespace MotCua.Api.WebConsole;

/// <summary>
/// <c>/console</c>: the web page for cash agents, officers and operators (static files embedded in this assembly), and
/// <c>GET /v1/me</c>, which tells the page who the signed-in API key is.
/// </summary>
public static class ConsoleEndpoints
{
    /// <summary>
    /// The page may load and call only MotCua itself: no CDN, no outside fonts, no inline script, no framing.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
        + "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public static IEndpointRouteBuilder MapConsoleEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/me", GetMe).RequireAuthorization(RolePolicies.AnyRole).WithTags("Console").WithName("GetMe")
            .WithDescription("The calling API key: its id (never the secret), role, and the agency or channel it is bound to.");

        // One route for /console, /console/ and every file: routing ignores a trailing slash, so /console is told
        // apart from /console/ here (the page's relative links need the slash).
        app.MapGet("/console/{**path}", Serve).AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    private static Ok<MeView> GetMe(HttpContext http)
    {
        var caller = http.User.ToActor();
        return TypedResults.Ok(new MeView(caller.KeyId, caller.Role, caller.AgencyCode, caller.ChannelId));
    }

    private static IResult Serve(string? path, HttpContext http)
    {
        if (string.IsNullOrEmpty(path))
        {
            if (http.Request.Path.Value?.EndsWith('/') != true)
            {
                return TypedResults.Redirect("/console/");
            }

            path = "index.html";
        }

        var asset = ConsoleAssets.Find(path);
        if (asset is null)
        {
            return TypedResults.NotFound();
        }

        var headers = http.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers.CacheControl = "no-cache";
        headers.ETag = asset.ETag;
        if (http.Request.Headers.IfNoneMatch.Contains(asset.ETag))
        {
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }

        return TypedResults.Bytes(asset.Content, asset.ContentType);
    }
}

/// <summary>The signed-in API key as the console sees it: id, role, and its agency (officer) or channel (agent).</summary>
public sealed record MeView(string KeyId, string Role, string? AgencyCode, string? ChannelId);
