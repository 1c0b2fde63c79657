using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using MotCua.Sandbox.Configuration;
using MotCua.Sandbox.Faults;

namespace MotCua.Sandbox.Protocol;

/// <summary>
/// What every provider API call goes through, outermost first: credentials, then injected faults (latency, failures,
/// hangs), then, for POSTs, idempotency keys.
/// </summary>
public static class ProviderFilters
{
    /// <summary>The header carrying the idempotency key.</summary>
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    /// <summary>The header carrying the merchant id.</summary>
    public const string MerchantIdHeader = "X-Merchant-Id";

    /// <summary>Adds the credential check and fault injection to a provider's route group.</summary>
    public static RouteGroupBuilder WithProviderProtocol(this RouteGroupBuilder group, string provider)
    {
        group.AddEndpointFilter((context, next) => Authenticate(provider, context, next));
        group.AddEndpointFilter((context, next) => InjectFaults(provider, context, next));
        return group;
    }

    /// <summary>Makes a provider POST idempotent by its <c>Idempotency-Key</c> header.</summary>
    public static RouteHandlerBuilder WithIdempotencyKey(this RouteHandlerBuilder endpoint, string provider) =>
        endpoint.AddEndpointFilter((context, next) => Idempotent(provider, context, next));

    private static ValueTask<object?> Authenticate(string provider, EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var request = context.HttpContext.Request;
        var account = context.HttpContext.RequestServices.GetRequiredService<IOptionsMonitor<SandboxOptions>>().CurrentValue.Account(provider);
        var authorized = FixedEquals(request.Headers.Authorization.ToString(), $"Bearer {account.ApiKey}")
            && request.Headers[MerchantIdHeader].ToString() == account.MerchantId;
        return authorized
            ? next(context)
            : ValueTask.FromResult<object?>(ProviderErrors.Error(provider, 401, "unauthorized", "Unknown API key or merchant id."));
    }

    private static async ValueTask<object?> InjectFaults(string provider, EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var faults = http.RequestServices.GetRequiredService<FaultBook>().For(provider);
        if (faults.Current.LatencyMs > 0)
        {
            await Task.Delay(faults.Current.LatencyMs, http.RequestAborted);
        }

        var (fault, status) = faults.NextCall();
        switch (fault)
        {
            case CallFault.Fail:
                return ProviderErrors.Error(provider, status, "sandbox_injected_failure", "Injected by the sandbox.");
            case CallFault.HangBeforeProcessing:
                await HangAsync(http);
                return Results.Empty;
            case CallFault.HangAfterProcessing:
                await next(context);
                await HangAsync(http);
                return Results.Empty;
            default:
                return await next(context);
        }
    }

    private static async ValueTask<object?> Idempotent(string provider, EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var request = context.HttpContext.Request;
        var key = request.Headers[IdempotencyKeyHeader].ToString();
        if (key.Length is 0 or > 255)
        {
            return ProviderErrors.Error(provider, 400, "idempotency_key_required", "Send an Idempotency-Key of 1–255 characters.");
        }

        var store = context.HttpContext.RequestServices.GetRequiredService<IdempotencyStore>();
        var scope = $"{provider}|{request.Headers[MerchantIdHeader]}|{key}";
        var fingerprint = await FingerprintAsync(request);
        var (claimed, existing) = store.TryClaim(scope, fingerprint);
        if (!claimed)
        {
            if (existing!.Fingerprint != fingerprint)
            {
                return ProviderErrors.Error(provider, 422, "idempotency_key_reused", "This key was used for a different request.");
            }

            if (existing.Result is null)
            {
                return ProviderErrors.Error(provider, 409, "idempotency_key_in_use", "A request with this key is still running.");
            }

            context.HttpContext.Response.Headers["Idempotent-Replayed"] = "true";
            return existing.Result;
        }

        try
        {
            var result = await next(context);
            if (result is WireResult { StatusCode: < 500 } answer)
            {
                store.Complete(scope, fingerprint, answer);
            }
            else
            {
                store.Release(scope);
            }

            return result;
        }
        catch
        {
            store.Release(scope);
            throw;
        }
    }

    private static async Task<string> FingerprintAsync(HttpRequest request)
    {
        request.Body.Position = 0;
        using var reader = new StreamReader(request.Body, Encoding.UTF8, leaveOpen: true);
        var body = await reader.ReadToEndAsync(request.HttpContext.RequestAborted);
        request.Body.Position = 0;
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes($"{request.Method} {request.Path}\n{body}")));
    }

    private static async Task HangAsync(HttpContext http)
    {
        // Never answer: wait until the caller gives up (or the sandbox stops).
        var stopping = http.RequestServices.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        using var either = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, stopping);
        try
        {
            await Task.Delay(Timeout.Infinite, either.Token);
        }
        catch (OperationCanceledException)
        {
            http.Abort();
        }
    }

    private static bool FixedEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));
}
