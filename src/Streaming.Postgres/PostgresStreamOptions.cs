namespace MotCua.Streaming.Postgres;

/// <summary>Settings of the PostgreSQL stream provider (one set per provider name).</summary>
public sealed class PostgresStreamOptions
{
    /// <summary>The configuration section the silo binds (connection string excepted).</summary>
    public const string Section = "MotCua:Streams";

    /// <summary>Npgsql connection string of the database holding <c>motcua_stream_queue</c>.</summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>
    /// How long a dequeued row stays invisible to other receivers. A receiver extends the lease of the rows it still holds
    /// on every poll; rows of a receiver that died become visible again (and are delivered again) once it runs out.
    /// </summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How many queues the streams are spread over (the pulling agents balance these queues across silos).</summary>
    public int QueueCount { get; set; } = 8;

    /// <summary>How many batches the per-queue cache holds before the pulling agent stops reading.</summary>
    public int CacheSize { get; set; } = 4096;
}
