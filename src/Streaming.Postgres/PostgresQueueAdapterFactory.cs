using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;
using Orleans.Providers.Streams.Common;
using Orleans.Serialization;
using Orleans.Streams;

namespace MotCua.Streaming.Postgres;

/// <summary>
/// Builds the PostgreSQL stream provider's parts: the adapter, a hash-ring mapper over
/// <see cref="PostgresStreamOptions.QueueCount"/> queues, a simple queue cache, and a failure handler that logs an event a
/// consumer kept failing (after <see cref="PostgresStreamOptions.MaxEventDeliveryTime"/>).
/// </summary>
public sealed class PostgresQueueAdapterFactory : IQueueAdapterFactory, IDisposable
{
    private readonly string name;
    private readonly PostgresStreamOptions options;
    private readonly Serializer serializer;
    private readonly NpgsqlDataSource dataSource;
    private readonly HashRingBasedStreamQueueMapper mapper;
    private readonly SimpleQueueAdapterCache cache;
    private readonly PostgresDeliveryFailureHandler failureHandler;

    public PostgresQueueAdapterFactory(string name, PostgresStreamOptions options, string serviceId, Serializer serializer, ILoggerFactory loggerFactory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(options.ConnectionString);
        this.name = name;
        this.options = options;
        this.serializer = serializer;
        dataSource = NpgsqlDataSource.Create(options.ConnectionString);
        Store = new PostgresQueueStore(dataSource, serviceId);
        mapper = new HashRingBasedStreamQueueMapper(new HashRingStreamQueueMapperOptions { TotalQueueCount = options.QueueCount }, name);
        cache = new SimpleQueueAdapterCache(new SimpleQueueCacheOptions { CacheSize = options.CacheSize }, name, loggerFactory);
        failureHandler = new PostgresDeliveryFailureHandler(loggerFactory.CreateLogger<PostgresDeliveryFailureHandler>());
    }

    /// <summary>The queue table access (shared by the adapter and its receivers).</summary>
    public PostgresQueueStore Store { get; }

    /// <summary>The factory function <c>AddPersistentStreams</c> calls.</summary>
    public static PostgresQueueAdapterFactory Create(IServiceProvider services, string name) =>
        new(name,
            services.GetRequiredService<IOptionsMonitor<PostgresStreamOptions>>().Get(name),
            services.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId,
            services.GetRequiredService<Serializer>(),
            services.GetRequiredService<ILoggerFactory>());

    public Task<IQueueAdapter> CreateAdapter() =>
        Task.FromResult<IQueueAdapter>(new PostgresQueueAdapter(name, Store, mapper, serializer, options));

    public IQueueAdapterCache GetQueueAdapterCache() => cache;

    public IStreamQueueMapper GetStreamQueueMapper() => mapper;

    public Task<IStreamFailureHandler> GetDeliveryFailureHandler(QueueId queueId) =>
        Task.FromResult<IStreamFailureHandler>(failureHandler);

    public void Dispose() => dataSource.Dispose();
}
