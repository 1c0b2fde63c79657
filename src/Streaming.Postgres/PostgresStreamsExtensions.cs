using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Streams;

namespace MotCua.Streaming.Postgres;

/// <summary>Registers the PostgreSQL stream provider on a silo.</summary>
public static class PostgresStreamsExtensions
{
    /// <summary>
    /// Adds a persistent stream provider named <paramref name="name"/> whose queues are rows of
    /// <c>motcua_stream_queue</c>; Orleans' pulling agents balance the queues across the silos of the cluster. Only implicit
    /// subscriptions are supported.
    /// </summary>
    public static ISiloBuilder AddPostgresStreams(this ISiloBuilder silo, string name, Action<PostgresStreamOptions> configure)
    {
        silo.Services.AddOptions<PostgresStreamOptions>(name).Configure(configure);
        // Every consumer of these streams subscribes implicitly: the pulling agents need no pub-sub grain (nor its storage
        // writes) to find them, so a queue taken over from a dead silo delivers without waiting on one.
        silo.Services.AddOptions<StreamPubSubOptions>(name).Configure(o => o.PubSubType = StreamPubSubType.ImplicitOnly);
        silo.Services.AddOptions<StreamPullingAgentOptions>(name)
            .Configure<IOptionsMonitor<PostgresStreamOptions>>((agent, postgres) => agent.MaxEventDeliveryTime = postgres.Get(name).MaxEventDeliveryTime);
        return silo.AddPersistentStreams(name, PostgresQueueAdapterFactory.Create, _ => { });
    }
}
