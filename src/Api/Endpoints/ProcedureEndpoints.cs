using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using MotCua.Api.Auth;
using MotCua.Grains.Interfaces.Catalogue;

namespace MotCua.Api.Endpoints;

public static class ProcedureEndpoints
{
    public static IEndpointRouteBuilder MapProcedureEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/procedures").WithTags("Procedures");
        group.MapGet("/", ListAsync).RequireAuthorization(RolePolicies.AnyRole).WithName("ListProcedures");
        return app;
    }

    private static async Task<Ok<IReadOnlyList<ProcedureView>>> ListAsync(IGrainFactory grains) =>
        TypedResults.Ok(await grains.GetGrain<IProcedureCatalogueGrain>(0).ListAsync());
}
