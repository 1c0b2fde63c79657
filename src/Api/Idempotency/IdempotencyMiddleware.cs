using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using MotCua.Api.Auth;
using MotCua.Api.Diagnostics;
using MotCua.Api.Problems;
using MotCua.Grains.Interfaces.Idempotency;

namespace MotCua.Api.Idempotency;

/// <summary>Marks a route whose POST needs an <c>Idempotency-Key</c>.</summary>
public sealed class RequiresIdempotencyKey;

/// <summary>
/// <c>Idempotency-Key</c> for routes that create or move something: a replay with the same body gets the first
/// status and body again; the same key with another body is 422 <c>idempotency_key_reused</c>; while the first is
/// still running, 409 <c>idempotency_key_in_use</c>. Keys are scoped to the API key that sent them. The key also
/// becomes the operation id the grains deduplicate by, so even a retry after a lost answer applies once.
/// </summary>
public sealed class IdempotencyMiddleware(RequestDelegate next, IGrainFactory cluster, ILogger<IdempotencyMiddleware> logger)
{
    public const string HeaderName = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";
    public const int MaxKeyLength = 255;
    private const string OperationItem = "motcua.operation-id";

    /// <summary>The operation id of the current request (the caller's key id and its idempotency key).</summary>
    public static string OperationId(HttpContext context) =>
        context.Items[OperationItem] as string
        ?? throw new InvalidOperationException("This route has no idempotency metadata.");

    public async Task InvokeAsync(HttpContext context)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<RequiresIdempotencyKey>() is null
            || context.User.Identity?.IsAuthenticated != true)
        {
            await next(context);
            return;
        }

        var values = context.Request.Headers[HeaderName];
        var key = values.Count == 1 ? values[0] : null;
        if (values.Count > 1 || string.IsNullOrEmpty(key) || key.Length > MaxKeyLength || key.Any(c => c < 0x20 || c > 0x7E))
        {
            await ApiProblems.WriteAsync(context, StatusCodes.Status400BadRequest, "idempotency_key_required", "Idempotency-Key required",
                $"Send exactly one {HeaderName} header of 1–{MaxKeyLength} printable ASCII characters with this request.");
            return;
        }

        var keyId = context.User.ToActor().KeyId;
        var operationId = $"{keyId}:{key}";
        context.Items[OperationItem] = operationId;

        context.Request.EnableBuffering();
        var fingerprint = await FingerprintAsync(context.Request);
        var grain = cluster.GetGrain<IIdempotencyGrain>(operationId);
        var begin = await grain.BeginAsync(fingerprint);
        switch (begin.Decision)
        {
            case IdempotencyDecision.Mismatch:
                await ApiProblems.WriteAsync(context, StatusCodes.Status422UnprocessableEntity, "idempotency_key_reused",
                    "Idempotency-Key reused", "This Idempotency-Key was already used with a different request.");
                return;
            case IdempotencyDecision.InProgress:
                await ApiProblems.WriteAsync(context, StatusCodes.Status409Conflict, "idempotency_key_in_use",
                    "Idempotency-Key in use", "The first request with this Idempotency-Key is still being processed; retry shortly.");
                return;
            case IdempotencyDecision.Replay:
                await ReplayAsync(context, begin.Response!);
                return;
        }

        var original = context.Response.Body;
        using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        try
        {
            await next(context);
        }
        catch
        {
            context.Response.Body = original;
            await grain.AbandonAsync(begin.Attempt);
            throw;
        }

        context.Response.Body = original;
        var status = context.Response.StatusCode;
        if (status >= 500)
        {
            await grain.AbandonAsync(begin.Attempt);
        }
        else
        {
            var location = context.Response.Headers.Location.Count > 0 ? context.Response.Headers.Location[0] : null;
            await grain.CompleteAsync(begin.Attempt, new StoredResponse(status, context.Response.ContentType, buffer.ToArray(), location));
        }

        buffer.Position = 0;
        await buffer.CopyToAsync(original, context.RequestAborted);
    }

    private async Task ReplayAsync(HttpContext context, StoredResponse response)
    {
        logger.LogInformation("Idempotent replay of {Method} {Path}", context.Request.Method, context.Request.Path);
        ApiMetrics.IdempotentReplay(context);
        context.Response.StatusCode = response.StatusCode;
        context.Response.ContentType = response.ContentType;
        if (response.Location is not null)
        {
            context.Response.Headers.Location = response.Location;
        }

        context.Response.Headers[ReplayedHeader] = "true";
        await context.Response.Body.WriteAsync(response.Body, context.RequestAborted);
    }

    private static async Task<string> FingerprintAsync(HttpRequest request)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(System.Text.Encoding.UTF8.GetBytes($"{request.Method}\n{request.Path}\n"));
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
        {
            hash.AppendData(chunk, 0, read);
        }

        request.Body.Position = 0;
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
