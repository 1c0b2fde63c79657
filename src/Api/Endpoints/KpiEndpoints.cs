using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using MotCua.Api.Auth;
using MotCua.Api.Kpi;
using MotCua.Api.Problems;
using MotCua.Api.Validation;
using MotCua.Grains.Interfaces.Catalogue;
using MotCua.Grains.Interfaces.Common;
using MotCua.Grains.Interfaces.Events;

namespace MotCua.Api.Endpoints;

/// <summary>
/// The service-quality board (Decision 766/QĐ-TTg): an agency's indicators for a month, and every agency's ranked, as JSON
/// or (<c>?format=csv</c>) CSV; read from the projection, never from the dossiers one by one.
/// </summary>
public static class KpiEndpoints
{
    /// <summary>How many overdue dossiers an agency's answer lists, oldest first.</summary>
    public const int OverdueListed = 100;

    public static IEndpointRouteBuilder MapKpiEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/kpi").WithTags("Service quality");
        group.MapGet("/agencies/{code}", GetAgencyAsync).RequireAuthorization(RolePolicies.AnyRole).WithName("GetAgencyKpi");
        group.MapGet("/agencies", ListAgenciesAsync).RequireAuthorization(RolePolicies.Operator).WithName("ListAgencyKpi");
        return app;
    }

    private static async Task<Results<Ok<KpiAgencyResponse>, FileContentHttpResult, ValidationProblem, ProblemHttpResult>> GetAgencyAsync(
        string code, string? month, string? format, HttpContext http, IGrainFactory grains, TimeProvider time)
    {
        var v = new Validator();
        v.Code("code", code);
        var now = time.GetUtcNow();
        var (resolved, errors) = Query(month, format, now);
        if (!v.IsValid || errors.Count > 0)
        {
            return ApiProblems.Validation(v.IsValid ? errors : new Dictionary<string, string[]>(v.Errors.Concat(errors)));
        }

        var caller = http.User.ToActor();
        if (!(caller.Role == Roles.Operator || (caller.Role == Roles.Officer && caller.AgencyCode == code)))
        {
            return ApiProblems.Forbidden("Service-quality indicators are for the officers of that agency and operators.");
        }

        if (!(await AgenciesAsync(grains)).Contains(code))
        {
            return ApiProblems.NotFound("Agency", code);
        }

        var kpi = grains.GetGrain<IAgencyKpiGrain>(code);
        var asOf = OverdueAsOf(resolved, now);
        var figures = await kpi.GetMonthAsync(resolved, now);
        // The list counts as the figures do: still being handled, past the appointment date by the month's end (or now).
        var overdue = await kpi.ListOverdueAsync(asOf, OverdueListed);
        var indicators = KpiIndicatorRules.From(figures, asOf);
        if (format == "csv")
        {
            return Csv(KpiCsv.Write(resolved, [(null, code, indicators)]), $"kpi-{code}-{resolved}.csv");
        }

        return TypedResults.Ok(new KpiAgencyResponse(code, resolved, now.ToVietnam(), indicators,
            [.. overdue.Select(d => new OverdueDossierView(d.Code, d.Status, d.PromisedAt.ToVietnam(), d.Apologized, d.DueAt?.ToVietnam()))]));
    }

    private static async Task<Results<Ok<KpiBoardResponse>, FileContentHttpResult, ValidationProblem>> ListAgenciesAsync(
        string? month, string? format, IGrainFactory grains, TimeProvider time)
    {
        var now = time.GetUtcNow();
        var (resolved, errors) = Query(month, format, now);
        if (errors.Count > 0)
        {
            return ApiProblems.Validation(errors);
        }

        var figures = (await grains.GetGrain<IKpiBoardGrain>(IKpiBoardGrain.Key).ListMonthAsync(resolved, now))
            .ToDictionary(f => f.AgencyCode, StringComparer.Ordinal);
        var asOf = OverdueAsOf(resolved, now);
        var ranked = KpiIndicatorRules.Rank((await AgenciesAsync(grains)).Union(figures.Keys, StringComparer.Ordinal)
            .Select(a => (a, KpiIndicatorRules.From(figures.GetValueOrDefault(a) ?? AgencyKpiFigures.Empty(a, resolved), asOf))));
        if (format == "csv")
        {
            return Csv(KpiCsv.Write(resolved, ranked.Select(r => ((int?)r.Rank, r.AgencyCode, r.Indicators))), $"kpi-{resolved}.csv");
        }

        return TypedResults.Ok(new KpiBoardResponse(resolved, now.ToVietnam(), ranked));
    }

    /// <summary>The month (default: this Vietnam month) and format, or the errors of the query.</summary>
    private static (string Month, Dictionary<string, string[]> Errors) Query(string? month, string? format, DateTimeOffset now)
    {
        var errors = new Dictionary<string, string[]>();
        month ??= now.ToVietnam().ToString("yyyy-MM", CultureInfo.InvariantCulture);
        if (month.Length != 7 || !DateOnly.TryParseExact(month + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
        {
            errors["month"] = ["must be a month as yyyy-MM, such as 2026-11."];
        }

        if (format is not null and not "json" and not "csv")
        {
            errors["format"] = ["must be json or csv."];
        }

        return (month, errors);
    }

    /// <summary>Overdue is counted as of the end of the month, or now for the current month.</summary>
    private static DateTimeOffset OverdueAsOf(string month, DateTimeOffset now)
    {
        var end = new DateTimeOffset(DateOnly.ParseExact(month + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture).AddMonths(1)
            .ToDateTime(TimeOnly.MinValue), VietnamTime.Offset);
        return (end < now ? end : now).ToVietnam();
    }

    /// <summary>The agencies of the procedure catalogue: the codes the board knows.</summary>
    private static async Task<HashSet<string>> AgenciesAsync(IGrainFactory grains) =>
        new((await grains.GetGrain<IProcedureCatalogueGrain>(0).ListAsync()).Select(p => p.AgencyCode), StringComparer.Ordinal);

    private static FileContentHttpResult Csv(byte[] bytes, string fileName) => TypedResults.File(bytes, KpiCsv.ContentType, fileName);
}
