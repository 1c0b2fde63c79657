using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using MotCua.Api.Auth;
using MotCua.Api.Idempotency;
using MotCua.Api.Problems;
using MotCua.Api.Validation;
using MotCua.Grains.Interfaces.Payments;

namespace MotCua.Api.Endpoints;

public static class PaymentEndpoints
{
    private const int MaxReasonLength = 2000;

    public static IEndpointRouteBuilder MapPaymentEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/payments").WithTags("Payments").AddEndpointFilter<DomainExceptionFilter>();
        group.MapPost("/", CreateAsync).RequireAuthorization(RolePolicies.Portal).WithMetadata(new RequiresIdempotencyKey())
            .WithName("CreatePayment");
        group.MapGet("/", ListAsync).RequireAuthorization(RolePolicies.Operator).WithName("ListPayments")
            .WithDescription("Operator: ?status=processing lists gateway payments whose outcome is unknown and is being asked of the "
                + "provider (oldest first): {items:[{id, dossierCode, method, amount, reference, since}]}. No other status is listed.");
        group.MapGet("/{id}", GetAsync).RequireAuthorization(RolePolicies.PaymentReaders).WithName("GetPayment");
        group.MapGet("/{id}/qr.png", GetQrAsync).RequireAuthorization(RolePolicies.Portal).WithName("GetPaymentQr")
            .WithDescription("The dynamic VietQR of a vietqr payment as a PNG image (image/png); 409 not_a_vietqr_payment for other methods.");
        group.MapPost("/{id}/status-query", QueryStatusAsync).RequireAuthorization(RolePolicies.Operator)
            .WithMetadata(new RequiresIdempotencyKey()).WithName("QueryPaymentStatus")
            .WithDescription("Operator: ask the provider now what became of a pending or processing gateway payment and apply a known "
                + "answer; an unknown one keeps it processing with the next query scheduled (statusQuery). Optional body: reason. Safe to repeat.");
        group.MapGet("/by-reference/{reference}", GetByReferenceAsync).RequireAuthorization(RolePolicies.Agent)
            .WithName("GetPaymentByReference");
        group.MapPost("/{id}/cancel", CancelAsync).RequireAuthorization(RolePolicies.Portal).WithMetadata(new RequiresIdempotencyKey())
            .WithName("CancelPayment")
            .WithDescription("pending → cancelled (optional body: reason). A wallet hold, if any, is released. Anything else: 409 invalid_transition.");
        group.MapPost("/{id}/refunds", RefundAsync).RequireAuthorization(RolePolicies.Operator).WithMetadata(new RequiresIdempotencyKey())
            .WithName("RefundPayment")
            .WithDescription("Body: amount (VND), reason. Partial or full, at most what was paid and not yet refunded; → 201 with the payment "
                + "(partially_refunded or refunded). Ledgered; a wallet payment's refund is credited back to the wallet, another's is owed "
                + "by its channel (refundDue). 409 payment_settling while the success is still being recorded on the dossier.");
        return app;
    }

    private static async Task<Results<Created<PaymentView>, ValidationProblem>> CreateAsync(
        [FromBody] CreatePaymentRequest body, HttpContext http, IGrainFactory grains)
    {
        var v = new Validator();
        if (string.IsNullOrEmpty(body.DossierCode) || !Validator.IsDossierCode(body.DossierCode))
        {
            v.Add("dossierCode", "must be a dossier code {unit}-{yyMMdd}-{nnnn}.");
        }

        v.OneOf("method", body.Method, PaymentMethods.All);

        if (!v.IsValid)
        {
            return ApiProblems.Validation(v.Errors);
        }

        var operationId = IdempotencyMiddleware.OperationId(http);
        var paymentId = PaymentIds.FromOperation(operationId);
        var view = await grains.GetGrain<IPaymentGrain>(paymentId)
            .CreateAsync(new CreatePayment(operationId, http.User.ToActor(), body.DossierCode!, body.Method!));
        return TypedResults.Created($"/v1/payments/{paymentId}", view);
    }

    private static async Task<Results<Ok<PaymentView>, ValidationProblem>> GetAsync(string id, IGrainFactory grains)
    {
        if (!PaymentIds.IsPaymentId(id))
        {
            return MalformedId();
        }

        return TypedResults.Ok(await grains.GetGrain<IPaymentGrain>(id).GetAsync());
    }

    private static async Task<Results<Ok<PaymentView>, ValidationProblem>> CancelAsync(
        string id, [FromBody] CancelPaymentRequest? body, HttpContext http, IGrainFactory grains)
    {
        if (!PaymentIds.IsPaymentId(id))
        {
            return MalformedId();
        }

        var v = new Validator();
        var reason = v.Text("reason", body?.Reason, MaxReasonLength, required: false);
        if (!v.IsValid)
        {
            return ApiProblems.Validation(v.Errors);
        }

        return TypedResults.Ok(await grains.GetGrain<IPaymentGrain>(id)
            .CancelAsync(new CancelPayment(IdempotencyMiddleware.OperationId(http), http.User.ToActor(), reason)));
    }

    private static async Task<Results<Created<PaymentView>, ValidationProblem>> RefundAsync(
        string id, [FromBody] RefundRequest body, HttpContext http, IGrainFactory grains)
    {
        if (!PaymentIds.IsPaymentId(id))
        {
            return MalformedId();
        }

        var v = new Validator();
        var amount = v.Amount("amount", body.Amount);
        var reason = v.Text("reason", body.Reason, MaxReasonLength);
        if (!v.IsValid)
        {
            return ApiProblems.Validation(v.Errors);
        }

        var view = await grains.GetGrain<IPaymentGrain>(id)
            .RefundAsync(new RefundPayment(IdempotencyMiddleware.OperationId(http), http.User.ToActor(), amount!.Value, reason!));
        return TypedResults.Created($"/v1/payments/{id}", view);
    }

    private static async Task<Results<Ok<WatchedPaymentList>, ValidationProblem>> ListAsync(string? status, IGrainFactory grains)
    {
        if (status != PaymentStatuses.Processing)
        {
            return ApiProblems.Validation(new Dictionary<string, string[]>
            {
                ["status"] = [$"only '{PaymentStatuses.Processing}' payments are listed."],
            });
        }

        var items = await grains.GetGrain<IPaymentWatchlistGrain>(PaymentWatchlists.Processing).ListAsync();
        return TypedResults.Ok(new WatchedPaymentList(items));
    }

    private static async Task<Results<FileContentHttpResult, ValidationProblem, ProblemHttpResult>> GetQrAsync(string id, IGrainFactory grains)
    {
        if (!PaymentIds.IsPaymentId(id))
        {
            return MalformedId();
        }

        var payment = await grains.GetGrain<IPaymentGrain>(id).GetAsync();
        if (payment.VietQr is null)
        {
            return ApiProblems.Problem(StatusCodes.Status409Conflict, "not_a_vietqr_payment", "Not a VietQR payment",
                $"Payment {id} is a {payment.Method} payment; only vietqr payments have a QR.");
        }

        return TypedResults.File(QrImage.Png(payment.VietQr.Payload), "image/png");
    }

    private static async Task<Results<Ok<PaymentView>, ValidationProblem>> QueryStatusAsync(
        string id, [FromBody] CancelPaymentRequest? body, HttpContext http, IGrainFactory grains)
    {
        if (!PaymentIds.IsPaymentId(id))
        {
            return MalformedId();
        }

        var v = new Validator();
        v.Text("reason", body?.Reason, MaxReasonLength, required: false);
        if (!v.IsValid)
        {
            return ApiProblems.Validation(v.Errors);
        }

        return TypedResults.Ok(await grains.GetGrain<IPaymentGrain>(id).QueryGatewayAsync(new QueryGatewayStatus(http.User.ToActor())));
    }

    private static ValidationProblem MalformedId() =>
        ApiProblems.Validation(new Dictionary<string, string[]> { ["id"] = ["must be a payment id (pay_ and 20 characters)."] });

    private static async Task<Results<Ok<CollectionTerms>, ValidationProblem, ProblemHttpResult>> GetByReferenceAsync(
        string reference, IGrainFactory grains)
    {
        var normalized = reference.Trim().ToUpperInvariant();
        if (!PaymentIds.IsReference(normalized))
        {
            return ApiProblems.Validation(new Dictionary<string, string[]>
            {
                ["reference"] = [$"must be the {PaymentIds.ReferenceLength}-character payment reference."],
            });
        }

        var paymentId = await grains.GetGrain<IPaymentReferenceGrain>(normalized).GetPaymentIdAsync();
        if (paymentId is null)
        {
            return ApiProblems.NotFound("Payment reference", normalized);
        }

        return TypedResults.Ok(await grains.GetGrain<IPaymentGrain>(paymentId).GetCollectionTermsAsync());
    }
}
