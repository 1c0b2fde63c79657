using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.OpenApi;
using MotCua.Api.Audit;
using MotCua.Grains.Interfaces.Storage;
using MotCua.Api.Auth;
using MotCua.Api.WebConsole;
using MotCua.Api.Endpoints;
using MotCua.Api.Idempotency;
using MotCua.Api.Limits;
using MotCua.Api.OpenApi;
using MotCua.Api.Problems;
using MotCua.Api.Resilience;
using MotCua.Api.StatusLinks;
using MotCua.Gateways;
using MotCua.Gateways.Notifications;

namespace MotCua.Api;

/// <summary>The HTTP front end, hosted in a silo or alone as an Orleans client.</summary>
public static class MotCuaApi
{
    public static IServiceCollection AddMotCuaApi(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.Configure<ApiKeyOptions>(configuration.GetSection(ApiKeyOptions.Section));
        services.AddSingleton<ApiKeyStore>();
        // Gateway notifications are verified here with each provider's webhook secret (the silo's clients bind the same sections).
        foreach (var (provider, section) in new[] { (GatewayProviders.Bank, "Bank"), (GatewayProviders.ViettelPay, "ViettelPay"), (GatewayProviders.VnptPay, "VnptPay") })
        {
            services.AddOptions<GatewayOptions>(provider).Bind(configuration.GetSection("Gateways:" + section));
        }

        services.TryAddSingleton(sp => new NotificationVerifier(sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IssuedApiKeys>();
        // The audit log's table: in memory unless a PostgreSQL one was registered (a silo's durable mode, or ApiHost with a connection string).
        services.TryAddSingleton<IAuditTrail, MemoryAuditTrail>();
        services.AddSingleton<AuditWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<AuditWriter>());
        services.AddMotCuaRequestLimits(configuration);
        services.Configure<StatusLinkOptions>(configuration.GetSection(StatusLinkOptions.Section));
        services.AddSingleton<StatusTokens>();
        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorization();
        services.AddProblemDetails();
        services.AddExceptionHandler<UnhandledExceptionHandler>();
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddHealthChecks().AddCheck<ClusterReadyCheck>("cluster", tags: ["ready"]);
        services.AddOpenApi("v1", options =>
        {
            options.ShouldInclude = OpenApiContract.Includes;
            options.AddDocumentTransformer(OpenApiContract.TransformAsync);
        });
        return services;
    }

    public static WebApplication UseMotCuaApi(this WebApplication app)
    {
        // Resolve the key store now: a misconfiguration (development keys outside Development) stops the start.
        _ = app.Services.GetRequiredService<ApiKeyStore>();
        app.UseExceptionHandler();
        app.UseStatusCodePages(async context =>
        {
            var response = context.HttpContext.Response;
            if (response.ContentLength is null && string.IsNullOrEmpty(response.ContentType))
            {
                var (code, title) = response.StatusCode switch
                {
                    StatusCodes.Status404NotFound => ("not_found", "Not found"),
                    StatusCodes.Status405MethodNotAllowed => ("method_not_allowed", "Method not allowed"),
                    StatusCodes.Status415UnsupportedMediaType => ("unsupported_media_type", "Unsupported media type"),
                    _ => ("http_error", "Error"),
                };
                await ApiProblems.WriteAsync(context.HttpContext, response.StatusCode, code, title,
                    $"{context.HttpContext.Request.Method} {context.HttpContext.Request.Path} answered {response.StatusCode}.");
            }
        });
        app.UseAuthentication();
        app.UseMotCuaRateLimitsAndTimeouts();
        app.UseMotCuaBodyLimit();
        app.UseMiddleware<AuditMiddleware>();
        app.UseAuthorization();
        app.UseMiddleware<IdempotencyMiddleware>();
        app.UseMiddleware<ClusterRetryMiddleware>();

        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") })
            .AllowAnonymous();
        app.MapProcedureEndpoints();
        app.MapDossierEndpoints();
        app.MapPaymentEndpoints();
        app.MapChannelEndpoints();
        app.MapGatewayEndpoints();
        app.MapReconciliationEndpoints();
        app.MapWalletEndpoints();
        app.MapLedgerEndpoints();
        app.MapClusterEndpoints();
        app.MapConsoleEndpoints();
        app.MapAccessEndpoints();
        app.MapWebhookEndpoints();
        app.MapStatsEndpoints();
        app.MapKpiEndpoints();
        app.MapStatusLinkEndpoints();
        app.MapStatusPage();
        app.MapPrometheusScrapingEndpoint("/metrics").AllowAnonymous();
        return app;
    }
}
