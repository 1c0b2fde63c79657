using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace MotCua.Api.Diagnostics;

/// <summary>
/// MotCua's instruments recorded by the HTTP front end, on the meter <see cref="Telemetry.MotCuaMeter"/>.
/// Prometheus: <c>motcua_idempotency_replays_total{route}</c>.
/// </summary>
public static class ApiMetrics
{
    private static readonly Meter Meter = new(Telemetry.MotCuaMeter);

    private static readonly Counter<long> Replays = Meter.CreateCounter<long>(
        "motcua.idempotency.replays", "{replay}", "Requests answered from the idempotency record (a retry of an answered request), by route.");

    /// <summary>Counts one idempotent replay, tagged with the route template (never the concrete path: it carries ids).</summary>
    public static void IdempotentReplay(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "unknown";
        Replays.Add(1, new TagList { { "route", route } });
    }
}
