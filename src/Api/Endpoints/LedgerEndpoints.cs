using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using MotCua.Api.Auth;
using MotCua.Api.Problems;
using MotCua.Api.Validation;
using MotCua.Grains.Interfaces.Ledger;

namespace MotCua.Api.Endpoints;

public static class LedgerEndpoints
{
    private const int MaxAccountLength = 300;

    public static IEndpointRouteBuilder MapLedgerEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/ledger").WithTags("Ledger").AddEndpointFilter<DomainExceptionFilter>();
        group.MapGet("/audit", AuditAsync).RequireAuthorization(RolePolicies.Operator).WithName("AuditLedger")
            .WithDescription("The ledger's audit, from sums the journal keeps (never a scan): 'total' is the sum of every account's "
                + "balance and is 0 when every entry balanced, 'balanced' also checks each shard, 'entries' counts the journal. "
                + "'accounts' is one page of balances in account order (debits positive, credits negative): `limit` (1–5000, "
                + "default 1000), `prefix` (e.g. `clearing:`) and `after` (the previous page's `nextAfter`, which is null on the "
                + "last page).");
        return app;
    }

    private static async Task<Results<Ok<LedgerAuditView>, ValidationProblem>> AuditAsync(
        IGrainFactory grains, [FromQuery] string? prefix = null, [FromQuery] string? after = null, [FromQuery] string? limit = null)
    {
        var v = new Validator();
        var size = LedgerAuditQuery.DefaultLimit;
        if (limit is not null && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out size)
            || size < 1 || size > LedgerAuditQuery.MaxLimit))
        {
            v.Add("limit", $"must be a whole number from 1 to {LedgerAuditQuery.MaxLimit}.");
        }

        foreach (var (field, value) in new[] { ("prefix", prefix), ("after", after) })
        {
            if (value is not null && (value.Length is 0 or > MaxAccountLength || value.Any(char.IsControl)))
            {
                v.Add(field, $"must be 1–{MaxAccountLength} characters without control characters.");
            }
        }

        if (!v.IsValid)
        {
            return ApiProblems.Validation(v.Errors);
        }

        return TypedResults.Ok(await grains.GetGrain<ILedgerAuditGrain>(0).AuditAsync(new LedgerAuditQuery(prefix, after, size)));
    }
}
