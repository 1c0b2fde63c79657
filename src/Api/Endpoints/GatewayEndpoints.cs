using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MotCua.Api.Problems;
using MotCua.Gateways;
using MotCua.Gateways.Notifications;
using MotCua.Grains.Interfaces.Common;
using MotCua.Grains.Interfaces.Payments;

namespace MotCua.Api.Endpoints;

/// <summary>
/// Signed notifications from the payment providers. They authenticate by signature only (no API key): a missing, bad or
/// stale signature is 401 and changes nothing. A notification is applied by the payment it names, which deduplicates
/// by notification id and records, without applying, whatever contradicts it; one that names no payment is kept for
/// reconciliation.
/// </summary>
public static class GatewayEndpoints
{
    /// <summary>The largest notification body read (providers send a few hundred bytes).</summary>
    public const int MaxBodyBytes = 16 * 1024;

    public static IEndpointRouteBuilder MapGatewayEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/v1/gateways").WithTags("Gateways").AddEndpointFilter<DomainExceptionFilter>()
            .MapPost("/{provider}/notifications", ReceiveAsync).AllowAnonymous().WithName("ReceiveGatewayNotification")
            .WithDescription("For the providers only (bank, viettelpay, vnptpay). Header Gateway-Signature: t=<unix>,v1=<hex HMAC-SHA256 of "
                + "\"t.body\"> with the provider's webhook secret; more than 5 minutes off is stale. 200 {disposition: applied | "
                + "already_applied | recorded_not_applied | unmatched, paymentId, status}. 401 on a missing, malformed, bad or stale "
                + "signature; 400 when the signed body is not a notification of that provider.");
        return app;
    }

    private static async Task<Results<Ok<NotificationReceipt>, ProblemHttpResult>> ReceiveAsync(
        string provider, HttpContext http, IGrainFactory grains, NotificationVerifier verifier,
        IOptionsMonitor<GatewayOptions> gateways, TimeProvider time, ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger(typeof(GatewayEndpoints));
        if (!GatewayProviders.All.Contains(provider))
        {
            return ApiProblems.NotFound("Payment provider", provider);
        }

        var secret = gateways.Get(provider).WebhookSecret;
        if (string.IsNullOrEmpty(secret))
        {
            logger.LogError("A {Provider} notification arrived, but no webhook secret is configured for it (Gateways section)", provider);
            return ApiProblems.Problem(StatusCodes.Status503ServiceUnavailable, "gateway_not_configured", "Provider not configured",
                $"Notifications from {provider} cannot be verified here.");
        }

        var body = await ReadBodyAsync(http.Request, http.RequestAborted);
        if (body is null)
        {
            return ApiProblems.Problem(StatusCodes.Status413PayloadTooLarge, "payload_too_large", "Payload too large",
                $"A notification body is at most {MaxBodyBytes} bytes.");
        }

        var verification = verifier.Verify(http.Request.Headers[NotificationSignature.HeaderName].ToString(), body, secret);
        if (!verification.IsValid)
        {
            logger.LogWarning("Rejected a {Provider} notification: signature {Status}", provider, verification.Status);
            return ApiProblems.Problem(StatusCodes.Status401Unauthorized, "invalid_signature", "Signature not accepted",
                verification.Status switch
                {
                    SignatureStatus.Missing => $"The {NotificationSignature.HeaderName} header is missing.",
                    SignatureStatus.Stale => "The signature's timestamp is outside the tolerance window.",
                    SignatureStatus.Malformed => $"The {NotificationSignature.HeaderName} header is malformed.",
                    _ => "The signature does not match the body.",
                });
        }

        if (!PaymentNotification.TryParse(provider, body, out var notice))
        {
            return ApiProblems.Problem(StatusCodes.Status400BadRequest, "invalid_notification", "Not a notification",
                $"The signed body is not a {provider} payment notification.");
        }

        var notificationId = $"{provider}:{notice.EventId}";
        var outcome = notice.Status == GatewayPaymentStatus.Succeeded ? GatewayOutcomeKinds.Succeeded : GatewayOutcomeKinds.Failed;
        var paymentId = await grains.FindPaymentByProviderReferenceAsync(notice.Reference);
        if (paymentId is null)
        {
            var day = DateOnly.FromDateTime(notice.OccurredAt.ToVietnam().DateTime);
            await grains.GetGrain<IGatewayInboxGrain>(GatewayInboxes.Key(provider, day)).KeepAsync(new UnmatchedNotice(
                notificationId, provider, outcome, notice.TransactionId, notice.Reference, notice.Amount, notice.OccurredAt, time.GetUtcNow()));
            return TypedResults.Ok(new NotificationReceipt("unmatched", null, null));
        }

        var result = await grains.GetGrain<IPaymentGrain>(paymentId).RecordGatewayOutcomeAsync(new RecordGatewayOutcome(
            notificationId, new Actor(Roles.System, "gateway:" + provider), provider, outcome, notice.TransactionId, notice.Amount,
            notice.OccurredAt));
        return TypedResults.Ok(new NotificationReceipt(result.Disposition, paymentId, result.Payment.Status));
    }

    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[4096];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}

/// <summary>What MotCua did with a gateway notification.</summary>
/// <param name="Disposition"><c>applied</c>, <c>already_applied</c>, <c>recorded_not_applied</c>, or <c>unmatched</c> (no such payment: kept for reconciliation).</param>
public sealed record NotificationReceipt(string Disposition, string? PaymentId, string? Status);
