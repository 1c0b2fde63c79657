using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MotCua.Grains.Interfaces.Access;
using MotCua.Grains.Interfaces.Storage;

namespace MotCua.Api.Audit;

/// <summary>
/// Batches audit entries on this API node and appends them to the audit log's table (<see cref="IAuditTrail"/>), at most
/// <see cref="FlushInterval"/> after the request ended: one insert per batch, not per request, and no grain. A failed
/// append is retried with the same entries (the table skips ids it has); the queue is drained when the node stops.
/// An entry is durable once appended: a node that crashes loses at most its last unflushed batch.
/// </summary>
/// <remarks>
/// The interval bounds that loss; behind a full batch the next one goes at once, so a busy node does not fall behind.
/// </remarks>
public sealed class AuditWriter(IAuditTrail trail, ILogger<AuditWriter> logger) : BackgroundService
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
        var delay = TimeSpan.FromMilliseconds(200);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await trail.AppendAsync(batch, CancellationToken.None);
                return;
            }
            catch (Exception ex)
            {
                logger.LogWarning("Appending {Count} audit entries failed ({Error}); trying again", batch.Count, ex.GetType().Name);
            }

            if (attempt >= attempts)
            {
                logger.LogError("{Count} audit entries could not be stored before the node stopped", batch.Count);
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
}
