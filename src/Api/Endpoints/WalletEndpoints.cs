using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using MotCua.Api.Auth;
using MotCua.Api.Idempotency;
using MotCua.Api.Problems;
using MotCua.Api.Validation;
using MotCua.Grains.Interfaces.Wallets;

namespace MotCua.Api.Endpoints;

public static class WalletEndpoints
{
    public static IEndpointRouteBuilder MapWalletEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/wallets").WithTags("Wallets").AddEndpointFilter<DomainExceptionFilter>();
        group.MapGet("/{citizenId}", GetAsync).RequireAuthorization(RolePolicies.WalletReaders).WithName("GetWallet");
        group.MapPost("/{citizenId}/top-ups", TopUpAsync).RequireAuthorization(RolePolicies.Portal)
            .WithMetadata(new RequiresIdempotencyKey()).WithName("TopUpWallet")
            .WithDescription("Body: amount (VND) → 201 with the wallet: balance (holds included), held, available = balance − held.");
        return app;
    }

    private static async Task<Results<Ok<WalletView>, ValidationProblem>> GetAsync(string citizenId, IGrainFactory grains)
    {
        var v = new Validator();
        if (v.CitizenId("citizenId", citizenId) is null)
        {
            return ApiProblems.Validation(v.Errors);
        }

        return TypedResults.Ok(await grains.GetGrain<IWalletGrain>(citizenId).GetAsync());
    }

    private static async Task<Results<Created<WalletView>, ValidationProblem>> TopUpAsync(
        string citizenId, [FromBody] TopUpRequest body, HttpContext http, IGrainFactory grains)
    {
        var v = new Validator();
        v.CitizenId("citizenId", citizenId);
        var amount = v.Amount("amount", body.Amount);
        if (!v.IsValid)
        {
            return ApiProblems.Validation(v.Errors);
        }

        var view = await grains.GetGrain<IWalletGrain>(citizenId)
            .TopUpAsync(new TopUpWallet(IdempotencyMiddleware.OperationId(http), http.User.ToActor(), amount!.Value));
        return TypedResults.Created($"/v1/wallets/{citizenId}", view);
    }
}
