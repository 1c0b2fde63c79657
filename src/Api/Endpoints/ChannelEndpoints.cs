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
        group.MapPost("/{channelId}/settlements", SettleAsync).RequireAuthorization(RolePolicies.ChannelReaders)
            .WithMetadata(new RequiresIdempotencyKey()).WithName("SettleChannel")
            .WithDescription("Agent (own channel) or operator: closes the open settlement window → 201 {id, channelId, number, openedAt, "
                + "closedAt, count, total, collections, ledgered}; the cash remitted is ledgered (treasury debited, the channel's clearing "
                + "account credited) and the channel's position goes down by the total. A collection still being confirmed moves to the next window.");
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

    private static async Task<Results<Created<SettlementView>, ValidationProblem, ProblemHttpResult>> SettleAsync(
        string channelId, [FromBody] SettleRequest? body, HttpContext http, IGrainFactory grains)
    {
        if (!Validator.IsChannelId(channelId))
        {
            return MalformedChannel();
        }

        var v = new Validator();
        v.Text("note", body?.Note, 500, required: false);
        if (!v.IsValid)
        {
            return ApiProblems.Validation(v.Errors);
        }

        var caller = http.User.ToActor();
        if (caller.Role == Roles.Agent && caller.ChannelId != channelId)
        {
            return ApiProblems.Forbidden("An agent may only settle its own channel.");
        }

        var settlement = await grains.GetGrain<IChannelGrain>(channelId)
            .SettleAsync(new SettleWindow(IdempotencyMiddleware.OperationId(http), caller));
        return TypedResults.Created((string?)null, settlement);
    }

    private static ValidationProblem MalformedChannel() =>
        ApiProblems.Validation(new Dictionary<string, string[]> { ["channelId"] = ["must be a channel id such as vnpost:HN-0001."] });
}

/// <summary>Optional body of a settlement: a note for the printed summary (not stored).</summary>
public sealed record SettleRequest(string? Note);
