using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using MotCua.Api.Auth;
using MotCua.Api.Problems;
using MotCua.Grains.Interfaces.Ledger;

namespace MotCua.Api.Endpoints;

public static class LedgerEndpoints
{
    public static IEndpointRouteBuilder MapLedgerEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/ledger").WithTags("Ledger").AddEndpointFilter<DomainExceptionFilter>();
        group.MapGet("/audit", AuditAsync).RequireAuthorization(RolePolicies.Operator).WithName("AuditLedger")
            .WithDescription("Every account's balance summed over the ledger's shards (debits positive, credits negative); "
                + "'total' is the sum of all of them and is 0 when every entry balanced.");
        return app;
    }

    private static async Task<Ok<LedgerAuditView>> AuditAsync(IGrainFactory grains) =>
        TypedResults.Ok(await grains.GetGrain<ILedgerAuditGrain>(0).AuditAsync());
}
