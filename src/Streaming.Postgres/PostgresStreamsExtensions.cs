using Microsoft.Extensions.DependencyInjection;

namespace MotCua.Streaming.Postgres;

/// <summary>Registers the PostgreSQL stream provider on a silo.</summary>
public static class PostgresStreamsExtensions
{
    /// <summary>
    /// Adds a persistent stream provider named <paramref name="name"/> whose queues are rows of
    /// <c>motcua_stream_queue</c>; Orleans' pulling agents balance the queues across the silos of the cluster.
    /// </summary>
    public static ISiloBuilder AddPostgresStreams(this ISiloBuilder silo, string name, Action<PostgresStreamOptions> configure)
    {
        silo.Services.AddOptions<PostgresStreamOptions>(name).Configure(configure);
        return silo.AddPersistentStreams(name, PostgresQueueAdapterFactory.Create, _ => { });
    }
}
