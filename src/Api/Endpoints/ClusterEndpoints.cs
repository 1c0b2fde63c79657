using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using MotCua.Api.Auth;

namespace MotCua.Api.Endpoints;

/// <summary><c>GET /v1/cluster</c>: the silos, their status and their activations per grain type.</summary>
public static class ClusterEndpoints
{
    public static IEndpointRouteBuilder MapClusterEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/cluster", GetAsync).RequireAuthorization(RolePolicies.Operator).WithTags("Operations").WithName("GetCluster");
        return app;
    }

    private static async Task<Ok<ClusterView>> GetAsync(IGrainFactory grains)
    {
        var management = grains.GetGrain<IManagementGrain>(0);
        var hosts = await management.GetDetailedHosts(onlyActive: false);
        var statistics = await management.GetSimpleGrainStatistics();
        var bySilo = statistics.GroupBy(s => s.SiloAddress.ToParsableString()).ToDictionary(g => g.Key, g => g.ToList());
        var silos = hosts
            .OrderBy(h => h.SiloAddress.ToParsableString(), StringComparer.Ordinal)
            .Select(h =>
            {
                var own = bySilo.GetValueOrDefault(h.SiloAddress.ToParsableString()) ?? [];
                return new SiloView(
                    h.SiloAddress.ToParsableString(),
                    h.SiloName,
                    h.HostName,
                    h.Status.ToString().ToLowerInvariant(),
                    h.StartTime,
                    h.IAmAliveTime,
                    own.Sum(s => s.ActivationCount),
                    own.OrderBy(s => s.GrainType, StringComparer.Ordinal)
                        .ToDictionary(s => ShortType(s.GrainType), s => s.ActivationCount));
            })
            .ToList();
        return TypedResults.Ok(new ClusterView(
            silos.Count(s => s.Status == "active"),
            silos.Where(s => s.Status == "active").Sum(s => s.Activations),
            silos));
    }

    private static string ShortType(string grainType)
    {
        var comma = grainType.IndexOf(',', StringComparison.Ordinal);
        var name = comma < 0 ? grainType : grainType[..comma];
        return name[(name.LastIndexOf('.') + 1)..];
    }
}

/// <summary>The cluster as an operator sees it.</summary>
public sealed record ClusterView(int ActiveSilos, int Activations, IReadOnlyList<SiloView> Silos);

/// <summary>One silo in the membership table, with its activations per grain type (active silos only).</summary>
public sealed record SiloView(
    string Address,
    string Name,
    string HostName,
    string Status,
    DateTime StartedAt,
    DateTime LastAliveAt,
    int Activations,
    IReadOnlyDictionary<string, int> ActivationsByGrainType);
