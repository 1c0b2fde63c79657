using System.Net;
using Microsoft.Extensions.Configuration;
using MotCua.Grains.Interfaces;

namespace MotCua.Silo.Hosting;

/// <summary>How the silo is put together: the embedded default, or durable mode on PostgreSQL.</summary>
public static class SiloConfiguration
{
    /// <summary>Name of the memory stream provider of the embedded default.</summary>
    public const string StreamProvider = "motcua-events";

    public static void Configure(ISiloBuilder silo, IConfiguration configuration)
    {
        var options = configuration.GetSection(SiloOptions.Section).Get<SiloOptions>() ?? new SiloOptions();
        silo.Configure<Orleans.Configuration.ClusterOptions>(o =>
        {
            o.ClusterId = options.ClusterId;
            o.ServiceId = options.ServiceId;
        });

        // Embedded default: one node on loopback, everything in memory, nothing durable.
        silo.UseLocalhostClustering(options.SiloPort, options.GatewayPort, null, options.ServiceId, options.ClusterId);
        silo.Configure<Orleans.Configuration.EndpointOptions>(o => o.AdvertisedIPAddress = IPAddress.Loopback);
        silo.AddMemoryGrainStorage(StorageNames.Default);
        silo.AddMemoryGrainStorage("PubSubStore");
        silo.UseInMemoryReminderService();
        silo.AddMemoryStreams(StreamProvider);
    }
}
