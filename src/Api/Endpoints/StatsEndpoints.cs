using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using MotCua.Api.Auth;
using MotCua.Api.Problems;
using MotCua.Api.Validation;
using MotCua.Grains.Interfaces.Common;
using MotCua.Grains.Interfaces.Events;

namespace MotCua.Api.Endpoints;

/// <summary>
/// An agency's dossier figures for a month. <c>received</c> counts dossiers filed in the month, <c>onTime</c>/<c>late</c>
/// those whose result was ready (<c>processed</c>) in the month, against their due date; <c>byStatus</c> counts every
/// dossier by its current status. <c>lastEventAt</c> is the newest event applied and <c>lagMs</c> how long after that
/// event the projection applied it: the figures are as of <c>lastEventAt</c>.
/// </summary>
public sealed record AgencyStatsResponse(
    string AgencyCode, string Month, int Received, int OnTime, int Late, double? OnTimeRate,
    IReadOnlyDictionary<string, int> ByStatus, DateTimeOffset? LastEventAt, DateTimeOffset? UpdatedAt, long? LagMs, long EventsApplied);

/// <summary>A channel's collections on one day (Vietnam time), total and per method, with the projection's lag.</summary>
public sealed record ChannelStatsResponse(
    string ChannelId, string Date, int Count, long Amount, IReadOnlyDictionary<string, MethodTotal> ByMethod,
    DateTimeOffset? LastEventAt, DateTimeOffset? UpdatedAt, long? LagMs);

/// <summary>Projections fed by the domain event stream: per agency and per channel per day.</summary>
public static class StatsEndpoints
{
    public static IEndpointRouteBuilder MapStatsEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/stats").WithTags("Stats");
        group.MapGet("/agencies/{code}", GetAgencyAsync).RequireAuthorization(RolePolicies.AnyRole).WithName("GetAgencyStats");
        group.MapGet("/channels/{id}", GetChannelAsync).RequireAuthorization(RolePolicies.AnyRole).WithName("GetChannelStats");
        return app;
    }

    private static async Task<Results<Ok<AgencyStatsResponse>, ValidationProblem, ProblemHttpResult>> GetAgencyAsync(
        string code, string? month, HttpContext http, IGrainFactory grains, TimeProvider time)
    {
        var v = new Validator();
        v.Code("code", code);
        if (!v.IsValid)
        {
            return ApiProblems.Validation(v.Errors);
        }

        var caller = http.User.ToActor();
        if (!(caller.Role == Roles.Operator || (caller.Role == Roles.Officer && caller.AgencyCode == code)))
        {
            return ApiProblems.Forbidden("Agency figures are for the officers of that agency and operators.");
        }

        month ??= time.GetUtcNow().ToVietnam().ToString("yyyy-MM", CultureInfo.InvariantCulture);
        if (!DateOnly.TryParseExact(month + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
        {
            return ApiProblems.Validation(new Dictionary<string, string[]> { ["month"] = ["must be yyyy-MM."] });
        }

        var parts = await Task.WhenAll(Enumerable.Range(0, AgencyStatsShards.Count).Select(s =>
            grains.GetGrain<IAgencyStatsGrain>(AgencyStatsShards.Key(code, s)).GetAsync(month)));
        var byStatus = parts.SelectMany(p => p.ByStatus).GroupBy(kv => kv.Key).ToDictionary(g => g.Key, g => g.Sum(kv => kv.Value));
        var onTime = parts.Sum(p => p.OnTime);
        var late = parts.Sum(p => p.Late);
        var newest = parts.Where(p => p.LastEventAt is not null).MaxBy(p => p.LastEventAt);
        return TypedResults.Ok(new AgencyStatsResponse(code, month, parts.Sum(p => p.Received), onTime, late,
            onTime + late == 0 ? null : Math.Round((double)onTime / (onTime + late), 4),
            byStatus, newest?.LastEventAt?.ToVietnam(), parts.Max(p => p.UpdatedAt)?.ToVietnam(),
            newest is { LastEventAt: { } at, UpdatedAt: { } up } ? (long)(up - at).TotalMilliseconds : null,
            parts.Sum(p => p.EventsApplied)));
    }

    private static async Task<Results<Ok<ChannelStatsResponse>, ValidationProblem, ProblemHttpResult>> GetChannelAsync(
        string id, string? date, HttpContext http, IGrainFactory grains, TimeProvider time)
    {
        if (!Validator.IsChannelId(id))
        {
            return ApiProblems.Validation(new Dictionary<string, string[]> { ["id"] = ["must be a channel id such as vnpost:HN-0001."] });
        }

        var caller = http.User.ToActor();
        if (!(caller.Role == Roles.Operator || (caller.Role == Roles.Agent && caller.ChannelId == id)))
        {
            return ApiProblems.Forbidden("Channel figures are for the agent of that channel and operators.");
        }

        DateOnly day;
        if (date is null)
        {
            day = DateOnly.FromDateTime(time.GetUtcNow().ToVietnam().DateTime);
        }
        else if (!DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day))
        {
            return ApiProblems.Validation(new Dictionary<string, string[]> { ["date"] = ["must be yyyy-MM-dd."] });
        }

        var stats = await grains.GetGrain<IChannelDayStatsGrain>(AgencyStatsShards.ChannelDayKey(id, day)).GetAsync();
        return TypedResults.Ok(new ChannelStatsResponse(id, day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), stats.Count,
            stats.Amount, stats.ByMethod, stats.LastEventAt?.ToVietnam(), stats.UpdatedAt?.ToVietnam(),
            stats is { LastEventAt: { } at, UpdatedAt: { } up } ? (long)(up - at).TotalMilliseconds : null));
    }
}
