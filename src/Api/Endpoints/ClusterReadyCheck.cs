using Microsoft.Extensions.Diagnostics.HealthChecks;
using MotCua.Grains.Interfaces.Catalogue;

namespace MotCua.Api.Endpoints;

/// <summary>Ready when a grain call reaches the cluster and comes back.</summary>
public sealed class ClusterReadyCheck(IGrainFactory grains) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var procedures = await grains.GetGrain<IProcedureCatalogueGrain>(0).ListAsync().WaitAsync(TimeSpan.FromSeconds(5), cancellationToken);
            return HealthCheckResult.Healthy($"cluster answers; {procedures.Count} procedures loaded");
        }
        catch (Exception ex) when (ex is TimeoutException or OrleansException or InvalidOperationException)
        {
            return HealthCheckResult.Unhealthy("the cluster does not answer", ex);
        }
    }
}
