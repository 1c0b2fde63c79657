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

    /// <summary>
    /// How long a pulling agent keeps retrying an event that a consumer fails (with backoff up to 30 s) before it skips
    /// it. Orleans' default, one minute, is shorter than a silo's death and a grain's move to another silo can take under
    /// load, so a consumer on a dead silo could lose events; an event is skipped only after this much time, with an error.
    /// </summary>
    public TimeSpan MaxEventDeliveryTime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// TEST ONLY, off when empty (the default): the silo process ends at once (<see cref="Environment.FailFast(string)"/>)
    /// right after its receiver has leased, for the first time, rows holding an event whose text contains this (e.g.
    /// <c>Type = payment.succeeded</c>), before delivering them, so a test can show that a dead silo's leased rows are delivered by another silo once their
    /// lease runs out. Never set it in production.
    /// </summary>
    public string ExitAfterLeasing { get; set; } = "";

    /// <summary>How many batches the per-queue cache holds before the pulling agent stops reading.</summary>
    public int CacheSize { get; set; } = 4096;
}
