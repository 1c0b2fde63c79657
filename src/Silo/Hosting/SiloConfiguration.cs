using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MotCua.Grains.Interfaces;
using MotCua.Storage.Postgres;
using MotCua.Streaming.Postgres;
using Orleans.Configuration;
using Orleans.Dashboard;
using Orleans.Serialization;
using Orleans.Storage;

namespace MotCua.Silo.Hosting;

/// <summary>How the silo is put together: the embedded default, or durable mode on PostgreSQL.</summary>
public static class SiloConfiguration
{
    /// <summary>Name of the stream provider (memory when embedded, PostgreSQL in durable mode).</summary>
    public const string StreamProvider = StreamNames.Provider;

    /// <summary>The ADO.NET invariant name of Npgsql.</summary>
    public const string Invariant = "Npgsql";

    public static void Configure(ISiloBuilder silo, IConfiguration configuration)
    {
        var options = configuration.GetSection(SiloOptions.Section).Get<SiloOptions>() ?? new SiloOptions();
        var database = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        ConfigureShutdown(silo, options);
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
            silo.AddMemoryGrainStorage("PubSubStore");
            silo.AddMemoryStreams(StreamProvider);
        }
        else
        {
            ConfigureDurable(silo, options, connectionString);
        }

        silo.AddActivityPropagation();
        silo.AddDashboard();
    }

    /// <summary>
    /// Graceful shutdown: on SIGTERM the host gives Orleans <see cref="SiloOptions.ShutdownTimeout"/> to stop taking new
    /// activations, finish in-flight calls, deactivate its grains (each has already written its state) and mark itself
    /// dead in membership, so callers reroute at once instead of waiting for probes. Pods need a longer grace period.
    /// </summary>
    private static void ConfigureShutdown(ISiloBuilder silo, SiloOptions options) =>
        silo.Services.Configure<HostOptions>(o => o.ShutdownTimeout = options.ShutdownTimeout);

    /// <summary>
    /// Load spreading after a scale-out (durable mode; one embedded silo has nowhere to move to). New silos get new
    /// activations at once (placement); the rebalancer migrates idle activations toward them over the following minutes.
    /// It is still experimental in Orleans 10 (ORLEANSEXP002): MotCua__Silo__ActivationRebalancing=false turns it off.
    /// </summary>
    private static void ConfigureRebalancing(ISiloBuilder silo, SiloOptions options)
    {
        if (!options.ActivationRebalancing)
        {
            return;
        }

#pragma warning disable ORLEANSEXP002 // Experimental in 10.4.2: chosen deliberately, see the README's operations section.
        silo.AddActivationRebalancer();
#pragma warning restore ORLEANSEXP002
        silo.Configure<ActivationRebalancerOptions>(o =>
        {
            // Start soon after a scale-out and move at a moderate pace: a session ends once the spread stops improving.
            o.RebalancerDueTime = TimeSpan.FromSeconds(30);
            o.SessionCyclePeriod = TimeSpan.FromSeconds(15);
        });
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
        silo.Services.AddMotCuaPostgresStorage(connectionString);
        ConfigureRebalancing(silo, options);
        ConfigureStreams(silo, connectionString);
    }

    /// <summary>
    /// Durable mode's domain event streams: queues in the <c>motcua_stream_queue</c> table, read by pulling agents that
    /// Orleans balances across the silos (settings under MotCua:Streams, see <see cref="PostgresStreamOptions"/>). The
    /// pub-sub state lives in PostgreSQL as well.
    /// </summary>
    private static void ConfigureStreams(ISiloBuilder silo, string connectionString)
    {
        silo.AddAdoNetGrainStorage("PubSubStore", o =>
        {
            o.Invariant = Invariant;
            o.ConnectionString = connectionString;
        });
        silo.Services.AddOptions<AdoNetGrainStorageOptions>("PubSubStore")
            .Configure<Serializer>((o, serializer) => o.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer));
        silo.AddPostgresStreams(StreamProvider, o => o.ConnectionString = connectionString);
        silo.Services.AddOptions<PostgresStreamOptions>(StreamProvider).BindConfiguration(PostgresStreamOptions.Section);
    }
}
