using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using MotCua.Api.Auth;
using MotCua.Api.Idempotency;
using MotCua.Api.Problems;
using MotCua.Api.Validation;
using MotCua.Grains.Interfaces.Access;
using MotCua.Api.Audit;
using MotCua.Grains.Interfaces.Storage;
using MotCua.Grains.Interfaces.Common;

namespace MotCua.Api.Endpoints;

/// <summary>
/// Operator routes for API keys (issue, list, read, revoke) and the audit log. An issued key's secret is answered
/// once and stored nowhere: the key grain keeps its SHA-256, and the answer is not kept for idempotent replay.
/// </summary>
public static class AccessEndpoints
{
    private const int MaxLabelLength = 100;
    private const int MaxReasonLength = 500;
    private const int DefaultAuditLimit = 100;
    private const int MaxAuditLimit = 1000;

    private static readonly string[] Outcomes =
        ["ok", "invalid", "unauthenticated", "forbidden", "not_found", "conflict", "too_large", "rejected", "rate_limited", "error", "refused"];

    public static IEndpointRouteBuilder MapAccessEndpoints(this IEndpointRouteBuilder app)
    {
        var keys = app.MapGroup("/v1/access/keys").WithTags("Access").AddEndpointFilter<DomainExceptionFilter>()
            .RequireAuthorization(RolePolicies.Operator);
        keys.MapPost("/", IssueAsync).WithName("IssueApiKey")
            .WithSummary("Issue an API key bound to a role (and, for officers and agents, to one agency or channel)")
            .WithDescription("Body: `role` (portal, officer, agent, operator), `agencyCode` (officers only, required), `channelId` "
                + "(agents only, required), optional `label`. Needs an Idempotency-Key. → 201 with `keyId` and `key`: the key is shown "
                + "in this answer only and stored only as a SHA-256 hash. Sending the same request again is 409 "
                + "api_key_already_issued (the secret cannot be shown twice: revoke that key and issue another).");
        keys.MapGet("/", ListAsync).WithName("ListApiKeys").WithSummary("Every issued key (never a secret or hash)");
        keys.MapGet("/{keyId}", GetAsync).WithName("GetApiKey");
        keys.MapPost("/{keyId}/revoke", RevokeAsync).WithMetadata(new RequiresIdempotencyKey()).WithName("RevokeApiKey")
            .WithDescription("Optional body: `reason`. The key is refused at once on this API node and within "
                + "MotCua:Auth:CacheSeconds (30 s by default) on every other one.");
        app.MapGet("/v1/audit", QueryAuditAsync).RequireAuthorization(RolePolicies.Operator).WithTags("Access")
            .AddEndpointFilter<DomainExceptionFilter>().WithName("QueryAudit")
            .WithSummary("Who did what: the audit log of one day (Vietnam time)")
            .WithDescription("Query: `date` (yyyy-MM-dd, required), optional `hour` (0–23), `keyId`, `outcome` (ok, invalid, "
                + "unauthenticated, forbidden, not_found, conflict, too_large, rejected, rate_limited, error, refused), `target` "
                + "(the id the route acted on), `limit` (1–1000, default 100) and `before` (the `next` of the previous page). Newest "
                + "first; `next` is set when the page is full and more may follow. Entries are stored within about two "
                + "seconds of the request.");
        return app;
    }

    private static async Task<Results<Created<IssuedApiKeyView>, ValidationProblem, ProblemHttpResult>> IssueAsync(
        [FromBody] IssueKeyRequest body, HttpContext http, IGrainFactory grains, [FromServices] IssuedApiKeys issued)
    {
        var idempotency = http.Request.Headers[IdempotencyMiddleware.HeaderName];
        var idempotencyKey = idempotency.Count == 1 ? idempotency[0] : null;
        if (idempotency.Count > 1 || string.IsNullOrEmpty(idempotencyKey) || idempotencyKey.Length > IdempotencyMiddleware.MaxKeyLength
            || idempotencyKey.Any(c => c < 0x20 || c > 0x7E))
        {
            return ApiProblems.Problem(StatusCodes.Status400BadRequest, "idempotency_key_required", "Idempotency-Key required",
                $"Send exactly one {IdempotencyMiddleware.HeaderName} header of 1–{IdempotencyMiddleware.MaxKeyLength} printable ASCII characters with this request.");
        }

        var v = new Validator();
        var role = v.OneOf("role", body.Role, [Roles.Portal, Roles.Officer, Roles.Agent, Roles.Operator]);
        string? agencyCode = null, channelId = null;
        if (role == Roles.Officer)
        {
            agencyCode = v.Code("agencyCode", body.AgencyCode);
        }
        else if (body.AgencyCode is not null)
        {
            v.Add("agencyCode", "only an officer key is bound to an agency.");
        }

        if (role == Roles.Agent)
        {
            channelId = v.Id("channelId", body.ChannelId, Validator.IsChannelId, "a channel id such as vnpost:HN-0001");
        }
        else if (body.ChannelId is not null)
        {
            v.Add("channelId", "only an agent key is bound to a channel.");
        }

        var label = v.Text("label", body.Label, MaxLabelLength, required: false);
        if (!v.IsValid)
        {
            return ApiProblems.Validation(v.Errors);
        }

        var caller = http.User.ToActor();
        var keyId = IssuedApiKeys.KeyIdFor(caller.KeyId, idempotencyKey);
        var fingerprint = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
            string.Join('\n', role, agencyCode ?? "", channelId ?? "", label ?? ""))));
        var (_, secret, key) = IssuedApiKeys.Create(keyId);
        var result = await grains.GetGrain<IApiKeyGrain>(keyId).IssueAsync(new IssueApiKey(
            caller, fingerprint, ApiKeyStore.Hash(secret), role!, agencyCode, channelId, label));
        issued.Invalidate(keyId);
        switch (result.Decision)
        {
            case IssueDecision.Mismatch:
                return ApiProblems.Problem(StatusCodes.Status422UnprocessableEntity, "idempotency_key_reused", "Idempotency-Key reused",
                    "This Idempotency-Key was already used with a different request.");
            case IssueDecision.AlreadyIssued:
                return ApiProblems.Problem(StatusCodes.Status409Conflict, "api_key_already_issued", "API key already issued",
                    $"This request already issued key {keyId}; its secret was shown once and is not stored. Revoke it and issue another if it was lost.");
        }

        var summary = result.Key!;
        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.Created($"/v1/access/keys/{keyId}", new IssuedApiKeyView(
            keyId, key, summary.Role, summary.AgencyCode, summary.ChannelId, summary.Label, summary.IssuedAt.ToVietnam()));
    }

    private static async Task<Ok<IReadOnlyList<ApiKeySummary>>> ListAsync(IGrainFactory grains) =>
        TypedResults.Ok(await grains.GetGrain<IApiKeyDirectoryGrain>(IApiKeyDirectoryGrain.Key).ListAsync());

    private static async Task<Results<Ok<ApiKeySummary>, ValidationProblem, ProblemHttpResult>> GetAsync(
        string keyId, IGrainFactory grains)
    {
        if (!IssuedApiKeys.IsKeyId(keyId))
        {
            return MalformedKeyId();
        }

        var summary = await grains.GetGrain<IApiKeyGrain>(keyId).GetSummaryAsync();
        return summary is null ? ApiProblems.NotFound("API key", keyId) : TypedResults.Ok(summary);
    }

    private static async Task<Results<Ok<ApiKeySummary>, ValidationProblem>> RevokeAsync(
        string keyId, [FromBody] RevokeKeyRequest? body, HttpContext http, IGrainFactory grains, [FromServices] IssuedApiKeys issued)
    {
        if (!IssuedApiKeys.IsKeyId(keyId))
        {
            return MalformedKeyId();
        }

        var v = new Validator();
        var reason = v.Text("reason", body?.Reason, MaxReasonLength, required: false);
        if (!v.IsValid)
        {
            return ApiProblems.Validation(v.Errors);
        }

        var summary = await grains.GetGrain<IApiKeyGrain>(keyId).RevokeAsync(new RevokeApiKey(http.User.ToActor(), reason));
        issued.Invalidate(keyId);
        return TypedResults.Ok(summary);
    }

    private static async Task<Results<Ok<AuditPage>, ValidationProblem>> QueryAuditAsync(
        IAuditTrail trail, [FromQuery] string? date = null, [FromQuery] string? hour = null, [FromQuery] string? keyId = null,
        [FromQuery] string? outcome = null, [FromQuery] string? target = null, [FromQuery] string? limit = null,
        [FromQuery] string? before = null, CancellationToken ct = default)
    {
        var v = new Validator();
        var day = v.Date("date", date);
        int? onlyHour = null;
        if (hour is not null)
        {
            if (int.TryParse(hour, NumberStyles.None, CultureInfo.InvariantCulture, out var h) && h is >= 0 and <= 23)
            {
                onlyHour = h;
            }
            else
            {
                v.Add("hour", "must be a whole number from 0 to 23.");
            }
        }

        if (keyId is not null)
        {
            v.Id("keyId", keyId, IsAuditText, "a key id");
        }

        if (target is not null)
        {
            v.Id("target", target, IsAuditText, "an id (letters, digits, ':', '_', '.', '-')");
        }

        if (outcome is not null)
        {
            v.OneOf("outcome", outcome, Outcomes);
        }

        var max = DefaultAuditLimit;
        if (limit is not null && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out max) || max is < 1 or > MaxAuditLimit))
        {
            v.Add("limit", $"must be a whole number from 1 to {MaxAuditLimit}.");
        }

        AuditPosition? position = null;
        if (before is not null && !AuditCursor.TryParse(before, out position))
        {
            v.Add("before", "must be the `next` of a previous page.");
        }

        if (!v.IsValid)
        {
            return ApiProblems.Validation(v.Errors);
        }

        var start = new DateTimeOffset(day!.Value.ToDateTime(TimeOnly.MinValue), VietnamTime.Offset);
        var (from, to) = onlyHour is { } one ? (start.AddHours(one), start.AddHours(one + 1)) : (start, start.AddDays(1));
        var found = await trail.QueryAsync(new AuditTrailQuery(from, to, keyId, outcome, target, max, position), ct);
        var entries = found.Select(e => e with { At = e.At.ToVietnam() }).ToList();
        var next = entries.Count == max ? AuditCursor.Format(new AuditPosition(found[^1].At, found[^1].Id)) : null;
        return TypedResults.Ok(new AuditPage(day.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), onlyHour, entries.Count, entries, next));
    }
    private static bool IsAuditText(string value) =>
        value.Length <= 64 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is ':' or '_' or '.' or '-');

    private static ValidationProblem MalformedKeyId() =>
        ApiProblems.Validation(new Dictionary<string, string[]> { ["keyId"] = ["must be a key id: k and 20 characters a–z, 2–7."] });
}

/// <summary>Body of <c>POST /v1/access/keys</c>.</summary>
public sealed record IssueKeyRequest(string? Role, string? AgencyCode, string? ChannelId, string? Label);

/// <summary>Body of <c>POST /v1/access/keys/{keyId}/revoke</c> (optional).</summary>
public sealed record RevokeKeyRequest(string? Reason);

/// <summary>A newly issued key: <see cref="Key"/> is shown here once and never again.</summary>
public sealed record IssuedApiKeyView(
    string KeyId, string Key, string Role, string? AgencyCode, string? ChannelId, string? Label, DateTimeOffset IssuedAt);

/// <summary>A page of the audit log, newest first; <see cref="Next"/> is the <c>before</c> of the next page, if any.</summary>
public sealed record AuditPage(string Date, int? Hour, int Count, IReadOnlyList<AuditEntry> Entries, string? Next);
