using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using MotCua.Api.Auth;
using MotCua.Api.Idempotency;
using MotCua.Api.Problems;
using MotCua.Api.Validation;
using MotCua.Gateways;
using MotCua.Grains.Interfaces.Reconciliation;

namespace MotCua.Api.Endpoints;

/// <summary>Daily reconciliation of each provider's statement against the ledger (operators only).</summary>
public static class ReconciliationEndpoints
{
    private const int MaxNoteLength = 500;

    public static IEndpointRouteBuilder MapReconciliationEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/reconciliation").WithTags("Reconciliation").AddEndpointFilter<DomainExceptionFilter>()
            .RequireAuthorization(RolePolicies.Operator);
        group.MapGet("/{date}", GetAsync).WithName("GetReconciliation")
            .WithDescription("A Vietnam day (yyyy-MM-dd): per provider (bank, viettelpay, vnptpay) the statement matched against the "
                + "payments ledgered to its clearing account by transaction id: matched count and amount, and each discrepancy "
                + "(missing_in_motcua, missing_at_provider, amount_mismatch) with the payment, both amounts and its resolution if "
                + "any; plus notifications that matched no payment. A provider whose statement cannot be fetched is available=false.");
        group.MapPost("/{date}/resolutions", ResolveAsync).WithMetadata(new RequiresIdempotencyKey()).WithName("ResolveDiscrepancy")
            .WithDescription("Body: provider, transactionId, note. Posts the difference between the provider and the ledger to "
                + "suspense:{provider} in one balanced entry (once per transaction and day) → 200 with the provider's reconciliation.");
        return app;
    }

    private static async Task<Results<Ok<ReconciliationReport>, ValidationProblem>> GetAsync(string date, IGrainFactory grains)
    {
        if (ParseDay(date) is not { } day)
        {
            return MalformedDate();
        }

        var providers = await Task.WhenAll(GatewayProviders.All.Select(p =>
            grains.GetGrain<IReconciliationGrain>($"{p}:{day:yyyy-MM-dd}").ReconcileAsync()));
        return TypedResults.Ok(new ReconciliationReport(day, providers, providers.Sum(p => p.Discrepancies.Count(d => d.Resolution is null))));
    }

    private static async Task<Results<Ok<ProviderReconciliation>, ValidationProblem>> ResolveAsync(
        string date, [FromBody] ResolveDiscrepancyRequest body, HttpContext http, IGrainFactory grains)
    {
        var v = new Validator();
        var day = ParseDay(date);
        if (day is null)
        {
            v.Add("date", "must be a date yyyy-MM-dd.");
        }

        v.OneOf("provider", body.Provider, GatewayProviders.All);
        var transaction = v.Code("transactionId", body.TransactionId);
        var note = v.Text("note", body.Note, MaxNoteLength);
        if (!v.IsValid)
        {
            return ApiProblems.Validation(v.Errors);
        }

        return TypedResults.Ok(await grains.GetGrain<IReconciliationGrain>($"{body.Provider}:{day:yyyy-MM-dd}")
            .ResolveAsync(new ResolveDiscrepancy(http.User.ToActor(), transaction!, note!)));
    }

    private static DateOnly? ParseDay(string date) =>
        DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
        && day.Year is >= 2000 and <= 2100 ? day : null;

    private static ValidationProblem MalformedDate() =>
        ApiProblems.Validation(new Dictionary<string, string[]> { ["date"] = ["must be a date yyyy-MM-dd."] });
}

/// <summary>Every provider's reconciliation of a day; <see cref="DiscrepancyCount"/> counts the unresolved ones.</summary>
public sealed record ReconciliationReport(DateOnly Date, IReadOnlyList<ProviderReconciliation> Providers, int DiscrepancyCount);

/// <summary>Body of a discrepancy's resolution.</summary>
public sealed record ResolveDiscrepancyRequest(string? Provider, string? TransactionId, string? Note);
