using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using MotCua.Api.Auth;
using MotCua.Api.Idempotency;
using MotCua.Api.Problems;
using MotCua.Api.Validation;
using MotCua.Grains.Interfaces.Common;
using MotCua.Grains.Interfaces.Events;

namespace MotCua.Api.Endpoints;

/// <summary>Body of <c>POST /v1/webhook-endpoints</c>: where to POST and which event types (exact, <c>*</c> or <c>prefix.*</c>).</summary>
public sealed record RegisterWebhookRequest(string? Url, IReadOnlyList<string?>? Events);

/// <summary>Webhook endpoints: registration (the answer carries the signing secret, once) and the list of deliveries.</summary>
public static partial class WebhookEndpoints
{
    private const int MaxEvents = 32;

    public static IEndpointRouteBuilder MapWebhookEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/webhook-endpoints").WithTags("Webhooks").AddEndpointFilter<DomainExceptionFilter>();
        group.MapPost("/", RegisterAsync).RequireAuthorization(RolePolicies.PaymentReaders)
            .WithMetadata(new RequiresIdempotencyKey()).WithName("RegisterWebhookEndpoint");
        group.MapGet("/{id}", GetAsync).RequireAuthorization(RolePolicies.PaymentReaders).WithName("GetWebhookEndpoint");
        group.MapGet("/{id}/deliveries", ListDeliveriesAsync).RequireAuthorization(RolePolicies.PaymentReaders)
            .WithName("ListWebhookDeliveries");
        return app;
    }

    private static async Task<Results<Created<WebhookEndpointView>, ValidationProblem, ProblemHttpResult>> RegisterAsync(
        [FromBody] RegisterWebhookRequest body, HttpContext http, IGrainFactory grains)
    {
        var v = new Validator();
        var url = body.Url?.Trim();
        if (url is null || url.Length > 2048 || !Uri.TryCreate(url, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            v.Add("url", "must be an absolute https URL of at most 2048 characters.");
        }

        var events = body.Events?.Select(e => e?.Trim()).ToList();
        if (events is null || events.Count == 0 || events.Count > MaxEvents)
        {
            v.Add("events", $"must list 1–{MaxEvents} event types, e.g. payment.succeeded, dossier.status_changed, wallet.* or *.");
        }
        else if (events.Any(e => e is null || e.Length > 64 || !EventPattern().IsMatch(e)))
        {
            v.Add("events", "each event type is lower-case words joined by dots, like payment.succeeded, optionally ending in .* (or just *).");
        }

        if (!v.IsValid)
        {
            return ApiProblems.Validation(v.Errors);
        }

        var operationId = IdempotencyMiddleware.OperationId(http);
        var id = "we_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(operationId)))[..24];
        var view = await grains.GetGrain<IWebhookEndpointGrain>(id).RegisterAsync(
            new RegisterWebhookEndpoint(operationId, http.User.ToActor(), url!, [.. events!.Distinct().Select(e => e!)]));
        return TypedResults.Created($"/v1/webhook-endpoints/{id}", view);
    }

    private static async Task<Results<Ok<WebhookEndpointView>, ProblemHttpResult>> GetAsync(
        string id, HttpContext http, IGrainFactory grains)
    {
        var endpoint = await FindAsync(id, grains);
        if (endpoint is null)
        {
            return ApiProblems.NotFound("Webhook endpoint", id);
        }

        return MayRead(http, endpoint) ? TypedResults.Ok(endpoint) : NotOwner();
    }

    private static async Task<Results<Ok<IReadOnlyList<WebhookDeliveryView>>, ProblemHttpResult>> ListDeliveriesAsync(
        string id, HttpContext http, IGrainFactory grains, int? limit)
    {
        var endpoint = await FindAsync(id, grains);
        if (endpoint is null)
        {
            return ApiProblems.NotFound("Webhook endpoint", id);
        }

        if (!MayRead(http, endpoint))
        {
            return NotOwner();
        }

        return TypedResults.Ok(await grains.GetGrain<IWebhookEndpointGrain>(id).ListDeliveriesAsync(Math.Clamp(limit ?? 100, 1, 1000)));
    }

    private static async Task<WebhookEndpointView?> FindAsync(string id, IGrainFactory grains) =>
        id.Length <= 64 ? await grains.GetGrain<IWebhookEndpointGrain>(id).GetAsync() : null;

    /// <summary>The portal key that registered the endpoint, or an operator.</summary>
    private static bool MayRead(HttpContext http, WebhookEndpointView endpoint)
    {
        var caller = http.User.ToActor();
        return caller.Role == Roles.Operator || caller.KeyId == endpoint.OwnerKeyId;
    }

    private static ProblemHttpResult NotOwner() => ApiProblems.Forbidden("A portal may only see the webhook endpoints it registered.");

    [GeneratedRegex(@"^(\*|[a-z_]+(\.[a-z_]+)*(\.\*)?)$")]
    private static partial Regex EventPattern();
}
