using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MotCua.Grains.Interfaces;
using Orleans.Configuration;
using Orleans.Dashboard;
using Orleans.Serialization;
using Orleans.Storage;

namespace MotCua.Silo.Hosting;

/// <summary>How the silo is put together: the embedded default, or durable mode on PostgreSQL.</summary>
public static class SiloConfiguration
{
    /// <summary>Name of the memory stream provider.</summary>
    public const string StreamProvider = StreamNames.Provider;

    /// <summary>The ADO.NET invariant name of Npgsql.</summary>
    public const string Invariant = "Npgsql";

    public static void Configure(ISiloBuilder silo, IConfiguration configuration)
    {
        var options = configuration.GetSection(SiloOptions.Section).Get<SiloOptions>() ?? new SiloOptions();
        var database = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        silo.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = options.ClusterId;
            o.ServiceId = options.ServiceId;
        });

        var connectionString = DatabaseOptions.ResolveConnectionString(configuration, database.DefaultMaxPoolSize);
        if (connectionString is null)
        {
            // Embedded default: one node on loopback, everything in memory, nothing durable.
            silo.UseLocalhostClustering(options.SiloPort, options.GatewayPort, null, options.ServiceId, options.ClusterId);
            silo.Configure<EndpointOptions>(o => o.AdvertisedIPAddress = IPAddress.Loopback);
            silo.AddMemoryGrainStorage(StorageNames.Default);
            silo.UseInMemoryReminderService();
        }
        else
        {
            ConfigureDurable(silo, options, connectionString);
        }

        silo.AddMemoryGrainStorage("PubSubStore");
        silo.AddMemoryStreams(StreamProvider);
        silo.AddActivityPropagation();
        silo.AddDashboard();
    }

    private static void ConfigureDurable(ISiloBuilder silo, SiloOptions options, string connectionString)
    {
        // Failure detection tuned for a LAN (defaults are for a WAN-ish cloud): a silo that misses 2 probes of
        // 2 s each is suspected; with 2 votes it is declared dead, and calls to its grains go elsewhere within
        // seconds. Override under Orleans:Membership (ClusterMembershipOptions) where the network is slower.
        silo.Configure<ClusterMembershipOptions>(o =>
        {
            o.ProbeTimeout = TimeSpan.FromSeconds(2);
            o.NumMissedProbesLimit = 2;
            o.NumVotesForDeathDeclaration = 2;
            o.TableRefreshTimeout = TimeSpan.FromSeconds(10);
            o.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(30);
        });
        silo.Services.AddOptions<ClusterMembershipOptions>().BindConfiguration("Orleans:Membership");
        silo.Configure<EndpointOptions>(o =>
        {
            o.AdvertisedIPAddress = options.AdvertisedAddress is { Length: > 0 } address ? IPAddress.Parse(address) : IPAddress.Loopback;
            o.SiloPort = options.SiloPort;
            o.GatewayPort = options.GatewayPort;
        });
        silo.UseAdoNetClustering(o =>
        {
            o.Invariant = Invariant;
            o.ConnectionString = connectionString;
        });
        silo.AddAdoNetGrainStorage(StorageNames.Default, o =>
        {
            o.Invariant = Invariant;
            o.ConnectionString = connectionString;
        });
        // Grain state is stored with the Orleans serializer, which writes type aliases and field ids ([Alias], [Id])
        // instead of CLR type names: renaming or moving a state class does not orphan stored rows.
        silo.Services.AddOptions<AdoNetGrainStorageOptions>(StorageNames.Default)
            .Configure<Serializer>((o, serializer) => o.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer));
        silo.UseAdoNetReminderService(o =>
        {
            o.Invariant = Invariant;
            o.ConnectionString = connectionString;
        });
    }
}
