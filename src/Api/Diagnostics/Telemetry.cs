using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace MotCua.Api.Diagnostics;

/// <summary>
/// OpenTelemetry for every MotCua process: metrics (Orleans' meter, MotCua's own, ASP.NET Core, HttpClient) on
/// <c>/metrics</c> for Prometheus, and traces across API → grains → gateways (ASP.NET Core, Orleans' activity
/// propagation on client and silo, a <c>MotCua</c> span per gateway call, HttpClient per try); metrics, traces and
/// logs also go to OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set.
/// </summary>
public static class Telemetry
{
    /// <summary>The meter and activity source of MotCua's own instruments.</summary>
    public const string MotCuaMeter = "MotCua";

    public static IServiceCollection AddMotCuaTelemetry(this IServiceCollection services, IConfiguration configuration, string serviceName)
    {
        var otlp = !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        var telemetry = services.AddOpenTelemetry();
        if (otlp)
        {
            // Structured logs (PaymentId, DossierCode... as attributes) with their trace and span ids, next to the traces.
            telemetry.WithLogging(logging => logging.AddOtlpExporter(), options =>
            {
                options.IncludeFormattedMessage = true;
                options.IncludeScopes = true;
            });
        }

        telemetry
            .ConfigureResource(resource => resource.AddService(serviceName))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter("Microsoft.Orleans", MotCuaMeter)
                    .AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddPrometheusExporter();
                if (otlp)
                {
                    metrics.AddOtlpExporter();
                }
            })
            .WithTracing(tracing =>
            {
                tracing.AddSource("Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application", MotCuaMeter)
                    .AddAspNetCoreInstrumentation(o => o.Filter = context => !context.Request.Path.StartsWithSegments("/metrics")
                        && !context.Request.Path.StartsWithSegments("/health"))
                    .AddHttpClientInstrumentation();
                if (otlp)
                {
                    tracing.AddOtlpExporter();
                }
            });
        return services;
    }
}
