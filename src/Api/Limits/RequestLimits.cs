using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Timeouts;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MotCua.Api.Auth;
using MotCua.Api.Problems;

namespace MotCua.Api.Limits;

/// <summary>
/// Rate limits per API key (a token bucket per key id; callers without a valid key share one per client address),
/// a bound on request bodies and a time limit per request. Each refusal is a problem: 429 <c>rate_limited</c> with
/// <c>Retry-After</c>, 413 <c>request_too_large</c>, 504 <c>request_timeout</c>.
/// </summary>
public static class RequestLimits
{
    public static IServiceCollection AddMotCuaRequestLimits(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<RequestLimitsOptions>(configuration.GetSection(RequestLimitsOptions.Section));
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<RequestLimitsOptions>>((o, limits) =>
        {
            var settings = limits.Value;
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            {
                var keyId = context.User.Identity?.IsAuthenticated == true
                    ? context.User.FindFirst(ApiKeyAuthenticationHandler.KeyIdClaim)?.Value
                    : null;
                if (keyId is null && context.Request.Path.StartsWithSegments("/v1/gateways", out var rest))
                {
                    // Providers authenticate by signature, not by key: one bucket per provider path, sized for a bank's volume.
                    return RateLimitPartition.GetTokenBucketLimiter("gateway:" + rest.Value?.Split('/', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault(),
                        _ => Bucket(settings.GatewayNotificationPermits, settings.GatewayNotificationPermitsPerSecond));
                }

                if (keyId is null && (context.Request.Path.StartsWithSegments("/console") || context.Request.Path.StartsWithSegments("/health")))
                {
                    // The console's page and modules (a dozen files per load, from memory) and the probes need no key;
                    // they get a bucket of their own per address so an agent's reloads never meet the anonymous API limit.
                    return RateLimitPartition.GetTokenBucketLimiter("static:" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown"),
                        _ => Bucket(settings.StaticPermits, settings.StaticPermitsPerSecond));
                }

                return keyId is not null
                    ? RateLimitPartition.GetTokenBucketLimiter("key:" + keyId, _ => Bucket(settings.PermitsPerKey, settings.PermitsPerKeyPerSecond))
                    : RateLimitPartition.GetTokenBucketLimiter("ip:" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown"),
                        _ => Bucket(settings.AnonymousPermits, settings.AnonymousPermitsPerSecond));
            });
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = async (rejected, _) =>
            {
                var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait)
                    ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds))
                    : 1;
                rejected.HttpContext.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
                await ApiProblems.WriteAsync(rejected.HttpContext, StatusCodes.Status429TooManyRequests, "rate_limited", "Too many requests",
                    $"This API key sent more requests than it may; retry after {retryAfter} s.");
            };
        });
        services.AddRequestTimeouts(_ => { });
        services.AddOptions<RequestTimeoutOptions>().Configure<IOptions<RequestLimitsOptions>>((o, limits) =>
            o.DefaultPolicy = new RequestTimeoutPolicy
            {
                Timeout = TimeSpan.FromSeconds(Math.Max(1, limits.Value.RequestTimeoutSeconds)),
                TimeoutStatusCode = StatusCodes.Status504GatewayTimeout,
                WriteTimeoutResponse = context => ApiProblems.WriteAsync(context, StatusCodes.Status504GatewayTimeout, "request_timeout",
                    "Request timed out", "The request took longer than this API allows. Retrying with the same Idempotency-Key is safe."),
            });
        return services;
    }

    /// <summary>The body bound runs first (before anything reads a body); rate limits and timeouts after authentication.</summary>
    public static WebApplication UseMotCuaBodyLimit(this WebApplication app)
    {
        app.UseMiddleware<RequestBodyLimitMiddleware>();
        return app;
    }

    public static WebApplication UseMotCuaRateLimitsAndTimeouts(this WebApplication app)
    {
        app.UseRateLimiter();
        app.UseRequestTimeouts();
        return app;
    }

    private static TokenBucketRateLimiterOptions Bucket(int size, int perSecond) => new()
    {
        TokenLimit = Math.Max(1, size),
        TokensPerPeriod = Math.Max(1, perSecond),
        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
        QueueLimit = 0,
        AutoReplenishment = true,
    };
}
