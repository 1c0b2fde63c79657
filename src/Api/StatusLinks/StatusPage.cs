using System.Collections.Frozen;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using MotCua.Api.WebConsole;

namespace MotCua.Api.StatusLinks;

/// <summary>
/// <c>/s/{token}</c>: the citizen's mobile status page (embedded files under <c>StatusLinks/page</c>), which reads
/// <c>GET /v1/public/status/{token}</c> from the browser. The page is the same for every token: it holds no data itself.
/// </summary>
public static class StatusPage
{
    private const string Prefix = "statuspage/";

    private static readonly Lazy<FrozenDictionary<string, (byte[] Content, string ContentType)>> Files = new(Load);

    public static IEndpointRouteBuilder MapStatusPage(this IEndpointRouteBuilder app)
    {
        app.MapGet("/s/assets/{file}", (string file, HttpContext http) => Serve(file, http)).AllowAnonymous().ExcludeFromDescription();
        app.MapGet("/s/{token}", (string token, HttpContext http) => Serve("status.html", http)).AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    private static IResult Serve(string file, HttpContext http)
    {
        if (!Files.Value.TryGetValue(file, out var asset))
        {
            return TypedResults.NotFound();
        }

        var headers = http.Response.Headers;
        headers.ContentSecurityPolicy = ConsoleEndpoints.ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        // The page's address holds the token: no referrer leaves it, and no cache keeps it.
        headers["Referrer-Policy"] = "no-referrer";
        headers.CacheControl = "no-store";
        return TypedResults.Bytes(asset.Content, asset.ContentType);
    }

    private static FrozenDictionary<string, (byte[] Content, string ContentType)> Load()
    {
        var assembly = typeof(StatusPage).Assembly;
        var files = new Dictionary<string, (byte[], string)>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            var file = name[Prefix.Length..];
            var type = Path.GetExtension(file) switch
            {
                ".html" => "text/html; charset=utf-8",
                ".js" => "text/javascript; charset=utf-8",
                ".css" => "text/css; charset=utf-8",
                _ => "application/octet-stream",
            };
            files[file] = (copy.ToArray(), type);
        }

        return files.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
