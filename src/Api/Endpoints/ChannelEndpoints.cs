using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using MotCua.Api.Auth;
using MotCua.Api.Idempotency;
using MotCua.Api.Problems;
using MotCua.Api.Validation;
using MotCua.Grains.Interfaces.Channels;
using MotCua.Grains.Interfaces.Common;
using MotCua.Grains.Interfaces.Payments;

namespace MotCua.Api.Endpoints;

public static class ChannelEndpoints
{
    public static IEndpointRouteBuilder MapChannelEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/channels").WithTags("Channels").AddEndpointFilter<DomainExceptionFilter>();
        group.MapPost("/{channelId}/collections", RecordCollectionAsync).RequireAuthorization(RolePolicies.Agent)
            .WithMetadata(new RequiresIdempotencyKey()).WithName("RecordCollection");
        group.MapGet("/{channelId}", GetAsync).RequireAuthorization(RolePolicies.ChannelReaders).WithName("GetChannel");
        group.MapPost("/{channelId}/settlements", DeclareSettlementAsync).RequireAuthorization(RolePolicies.ChannelReaders)
            .WithMetadata(new RequiresIdempotencyKey()).WithName("SettleChannel")
            .WithDescription("Agent (own channel) or operator: declares the open settlement window remitted. Body: `amount` (VND, required: "
                + "the cash handed over, which must equal the open window's confirmed total, 409 `settlement_amount_mismatch` otherwise), "
                + "`remittanceReference` (required, up to 64 characters: the transfer or deposit slip). → 201 {id, channelId, number, openedAt, "
                + "closedAt, count, total, collections, ledgered, status: declared, remittanceReference, receivedAt: null}. The next window opens; "
                + "nothing is ledgered and the channel's position does not go down until an operator confirms receipt, so the cash still "
                + "counts against the float limit. An empty window (amount 0) is `received` at once: there is nothing to hand over. A collection "
                + "still being confirmed is counted in the next window. At most 31 settlements may await receipt "
                + "(409 `too_many_settlements_awaiting_receipt`).");
        group.MapPost("/{channelId}/settlements/{settlementId}/confirm", ConfirmSettlementReceiptAsync).RequireAuthorization(RolePolicies.Operator)
            .WithMetadata(new RequiresIdempotencyKey()).WithName("ConfirmSettlementReceipt")
            .WithDescription("Operator only: the treasury received a declared settlement (`settlementId` as the declaration answered it, "
                + "`{channelId}:{number}`). → 200 with the settlement, `status: received` and `receivedAt`; the cash is ledgered (the treasury "
                + "debited, the channel's clearing account credited) and the channel's position goes down by the total, freeing the float "
                + "limit. Optional body: `note` (up to 500 characters, what was checked; written to the log). A settlement already received is "
                + "answered as it is. An unknown settlement is 404.");
        return app;
    }

    private static async Task<Results<Created<CollectionView>, Ok<CollectionView>, ValidationProblem, ProblemHttpResult>> RecordCollectionAsync(
        string channelId, [FromBody] RecordCollectionRequest body, HttpContext http, IGrainFactory grains)
    {
        var caller = http.User.ToActor();
        if (!Validator.IsChannelId(channelId))
        {
            return MalformedChannel();
        }

        if (caller.ChannelId != channelId)
        {
            return ApiProblems.Forbidden("An agent may only record collections for its own channel.");
        }

        var v = new Validator();
        var reference = body.Reference?.Trim().ToUpperInvariant();
        if (reference is null || !PaymentIds.IsReference(reference))
        {
            v.Add("reference", $"must be the {PaymentIds.ReferenceLength}-character payment reference.");
        }

        var amount = v.Amount("amount", body.Amount);
        var receipt = v.Text("receiptNumber", body.ReceiptNumber, 64);
        if (!v.IsValid)
        {
            return ApiProblems.Validation(v.Errors);
        }

        var operationId = IdempotencyMiddleware.OperationId(http);
        var view = await grains.GetGrain<IChannelGrain>(channelId).RecordCollectionAsync(new RecordCollection(
            operationId, caller, reference!, amount!.Value, receipt!));
        // Another id: the channel had collected this reference under an earlier key (a retry with a new key), and
        // answers with that collection instead of taking the cash twice.
        return view.Id == operationId ? TypedResults.Created((string?)null, view) : TypedResults.Ok(view);
    }

    private static async Task<Results<Ok<ChannelView>, ValidationProblem, ProblemHttpResult>> GetAsync(
        string channelId, HttpContext http, IGrainFactory grains)
    {
        if (!Validator.IsChannelId(channelId))
        {
            return MalformedChannel();
        }

        var caller = http.User.ToActor();
        if (caller.Role == Roles.Agent && caller.ChannelId != channelId)
        {
            return ApiProblems.Forbidden("An agent may only read its own channel.");
        }

        return TypedResults.Ok(await grains.GetGrain<IChannelGrain>(channelId).GetAsync());
    }

    private static async Task<Results<Created<SettlementView>, ValidationProblem, ProblemHttpResult>> DeclareSettlementAsync(
        string channelId, [FromBody] DeclareSettlementRequest? body, HttpContext http, IGrainFactory grains)
    {
        if (!Validator.IsChannelId(channelId))
        {
            return MalformedChannel();
        }

        var caller = http.User.ToActor();
        if (caller.Role == Roles.Agent && caller.ChannelId != channelId)
        {
            return ApiProblems.Forbidden("An agent may only settle its own channel.");
        }

        var v = new Validator();
        var amount = body?.Amount;
        if (amount is null)
        {
            v.Add("amount", "is required: the cash handed over for the open window (0 for an empty window).");
        }
        else if (amount is < 0 or > Validator.MaxAmount)
        {
            v.Add("amount", $"must be a whole number of đồng from 0 to {Validator.MaxAmount}.");
        }

        var reference = v.Text("remittanceReference", body?.RemittanceReference, 64);
        v.Text("note", body?.Note, 500, required: false);
        if (!v.IsValid)
        {
            return ApiProblems.Validation(v.Errors);
        }

        var settlement = await grains.GetGrain<IChannelGrain>(channelId)
            .DeclareSettlementAsync(new DeclareSettlement(IdempotencyMiddleware.OperationId(http), caller, amount!.Value, reference!.Trim()));
        return TypedResults.Created((string?)null, settlement);
    }

    private static async Task<Results<Ok<SettlementView>, ValidationProblem, ProblemHttpResult>> ConfirmSettlementReceiptAsync(
        string channelId, string settlementId, [FromBody] ConfirmSettlementReceiptRequest? body, HttpContext http, IGrainFactory grains)
    {
        if (!Validator.IsChannelId(channelId))
        {
            return MalformedChannel();
        }

        // The id the declaration answered: "{channelId}:{number}". Anything else names no settlement of this channel.
        var prefix = channelId + ":";
        if (!settlementId.StartsWith(prefix, StringComparison.Ordinal)
            || !int.TryParse(settlementId.AsSpan(prefix.Length), System.Globalization.NumberStyles.None,
                System.Globalization.CultureInfo.InvariantCulture, out var number) || number <= 0)
        {
            return ApiProblems.NotFound("Settlement", settlementId);
        }

        var v = new Validator();
        var note = v.Text("note", body?.Note, 500, required: false);
        if (!v.IsValid)
        {
            return ApiProblems.Validation(v.Errors);
        }

        var settlement = await grains.GetGrain<IChannelGrain>(channelId).ConfirmSettlementReceiptAsync(
            new ConfirmSettlementReceipt(IdempotencyMiddleware.OperationId(http), http.User.ToActor(), number, note?.Trim()));
        return TypedResults.Ok(settlement);
    }

    private static ValidationProblem MalformedChannel() =>
        ApiProblems.Validation(new Dictionary<string, string[]> { ["channelId"] = ["must be a channel id such as vnpost:HN-0001."] });
}

/// <summary>
/// Body of a settlement declaration: the cash handed over (the open window's confirmed total), the remittance's reference,
/// and an optional note for the printed summary (not stored).
/// </summary>
public sealed record DeclareSettlementRequest(long? Amount, string? RemittanceReference, string? Note);

/// <summary>Optional body of a receipt confirmation: what the operator checked (written to the log, not stored).</summary>
public sealed record ConfirmSettlementReceiptRequest(string? Note);
