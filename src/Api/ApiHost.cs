using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MotCua.Api.Diagnostics;
using MotCua.Storage.Postgres;
using Npgsql;
using Orleans.Configuration;

namespace MotCua.Api;

/// <summary>
/// An API node on its own: a stateless Orleans client that finds the silos' gateways in the PostgreSQL membership
/// table (durable mode) or on the local embedded silo, and serves the same HTTP API as a silo does.
/// </summary>
public static class ApiHost
{
    public static async Task Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
        {
            builder.WebHost.UseUrls("http://localhost:5081");
        }

        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = 64 * 1024);
        builder.UseOrleansClient(client =>
        {
            ConfigureClient(client, builder.Configuration);
            client.AddActivityPropagation();
        });
        builder.Services.AddMotCuaApi(builder.Configuration);
        if (builder.Configuration.GetConnectionString("MotCua") is { Length: > 0 } connectionString)
        {
            // API nodes append the audit log to its table themselves; without a database each keeps its own in memory.
            builder.Services.AddMotCuaPostgresAuditTrail(connectionString);
        }

        builder.Services.AddMotCuaTelemetry(builder.Configuration, "motcua-api");

        var app = builder.Build();
        app.UseMotCuaApi();
        await app.RunAsync();
    }

    private static void ConfigureClient(IClientBuilder client, IConfiguration configuration)
    {
        // On a LAN: learn about a dead gateway within seconds (default: a minute), and give up on a call whose silo
        // died after 10 s instead of 30 s, so a caller's retry (same Idempotency-Key) goes elsewhere quickly.
        client.Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = TimeSpan.FromSeconds(5));
        client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(10));
        client.Services.AddOptions<ClientMessagingOptions>().BindConfiguration("Orleans:Messaging");
        var cluster = configuration.GetSection("MotCua:Silo");
        client.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = cluster["ClusterId"] ?? "motcua";
            o.ServiceId = cluster["ServiceId"] ?? "motcua";
        });
        var connectionString = configuration.GetConnectionString("MotCua");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            var gatewayPort = int.TryParse(cluster["GatewayPort"], out var port) ? port : 30000;
            client.UseLocalhostClustering(gatewayPort, cluster["ServiceId"] ?? "motcua", cluster["ClusterId"] ?? "motcua");
            return;
        }

        // An API node only reads the gateway list: a small pool is plenty (see the README's connection budget).
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!connectionString.Contains("Maximum Pool Size", StringComparison.OrdinalIgnoreCase))
        {
            builder.MaxPoolSize = 5;
        }

        client.UseAdoNetClustering(o =>
        {
            o.Invariant = "Npgsql";
            o.ConnectionString = builder.ConnectionString;
        });
    }
}
