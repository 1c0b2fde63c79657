using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MotCua.Grains.Interfaces.Access;

namespace MotCua.Api.Audit;

/// <summary>
/// Batches audit entries on this API node and appends them to their shard-hour grains, at most
/// <see cref="FlushInterval"/> after the request ended (one write per grain per batch, not per request). A failed
/// append is retried with the same entries (the grain skips ones it has); the queue is drained when the node stops.
/// An entry is durable once appended: a node that crashes loses at most its last unflushed batch.
/// </summary>
/// <remarks>
/// The interval is a trade between that loss and the cost of the appends: each rewrites its grain's page of the log, so
/// under a read-heavy load (every read is audited) twice a second was a large share of the database's writes. Behind
/// a full batch the next one goes at once, so a busy node does not fall behind.
/// </remarks>
public sealed class AuditWriter(IGrainFactory grains, ILogger<AuditWriter> logger) : BackgroundService
{
    public static readonly TimeSpan FlushInterval = TimeSpan.FromSeconds(2);
    private const int MaxBatch = 10_000;
    private const int MaxQueued = 200_000;
    private readonly Channel<AuditEntry> _queue = Channel.CreateBounded<AuditEntry>(
        new BoundedChannelOptions(MaxQueued) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    private long _refused;

    /// <summary>Queues an entry; never blocks a request.</summary>
    public void Record(AuditEntry entry)
    {
        if (!_queue.Writer.TryWrite(entry))
        {
            var refused = Interlocked.Increment(ref _refused);
            logger.LogError("The audit queue is full ({Max} entries): an audit entry for {Method} {Route} was not recorded ({Refused} so far)",
                MaxQueued, entry.Method, entry.Route, refused);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<AuditEntry>();
        var behind = false;
        while (true)
        {
            try
            {
                if (!await _queue.Reader.WaitToReadAsync(stoppingToken))
                {
                    return;
                }

                if (!behind)
                {
                    await Task.Delay(FlushInterval, stoppingToken);
                }
            }
            catch (OperationCanceledException)
            {
                break;
            }

            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var entry))
            {
                batch.Add(entry);
            }

            behind = batch.Count == MaxBatch;
            await AppendWithRetryAsync(batch, stoppingToken);
            batch.Clear();
        }

        // Stopping: drain what is queued, trying each batch a few times.
        while (_queue.Reader.TryRead(out var entry))
        {
            batch.Add(entry);
            if (batch.Count == MaxBatch)
            {
                await AppendWithRetryAsync(batch, CancellationToken.None, attempts: 3);
                batch.Clear();
            }
        }

        if (batch.Count > 0)
        {
            await AppendWithRetryAsync(batch, CancellationToken.None, attempts: 3);
        }
    }

    private async Task AppendWithRetryAsync(List<AuditEntry> batch, CancellationToken stoppingToken, int attempts = int.MaxValue)
    {
        var pending = batch.GroupBy(e => AuditShards.Key(e.At, Shard(e.Id))).ToDictionary(g => g.Key, g => (IReadOnlyList<AuditEntry>)g.ToList());
        var delay = TimeSpan.FromMilliseconds(200);
        for (var attempt = 1; pending.Count > 0; attempt++)
        {
            var failed = new Dictionary<string, IReadOnlyList<AuditEntry>>();
            await Task.WhenAll(pending.Select(async group =>
            {
                try
                {
                    await grains.GetGrain<IAuditLogGrain>(group.Key).AppendAsync(group.Value);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogWarning("Appending {Count} audit entries to {Grain} failed ({Error}); trying again",
                        group.Value.Count, group.Key, ex.GetType().Name);
                    lock (failed)
                    {
                        failed[group.Key] = group.Value;
                    }
                }
            }));
            pending = failed;
            if (pending.Count == 0)
            {
                return;
            }

            if (attempt >= attempts)
            {
                logger.LogError("{Count} audit entries could not be stored before the node stopped",
                    pending.Values.Sum(v => v.Count));
                return;
            }

            try
            {
                await Task.Delay(delay, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                attempts = Math.Min(attempts, attempt + 3);
            }

            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(10).Ticks));
        }
    }

    /// <summary>Spreads entries over the shards of their hour.</summary>
    public static int Shard(Guid id) => (int)((uint)id.GetHashCode() % AuditShards.Count);
}
