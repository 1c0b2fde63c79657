using Orleans.Serialization;
using Orleans.Streams;

namespace MotCua.Streaming.Postgres;

/// <summary>
/// Reads one queue for a pulling agent: leases rows (no other receiver takes them while the lease runs), extends the
/// leases of the rows it still holds, and deletes rows once the pulling agent reports them delivered.
/// </summary>
/// <remarks>
/// The agent polls about ten times a second. Leases are extended on a poll only once a third of the lease has passed
/// since the last extension: every held row was leased or extended since then, so none can lapse while polls go on.
/// Extending on every poll rewrote every held row ten times a second; with a backlog the bench measured over a million
/// row updates in 30 seconds, the largest single cost in PostgreSQL.
/// </remarks>
public sealed class PostgresQueueAdapterReceiver(QueueId queueId, PostgresQueueStore store, Serializer serializer, PostgresStreamOptions options)
    : IQueueAdapterReceiver
{
    private readonly Guid owner = Guid.NewGuid();
    private readonly string queue = queueId.ToString();
    private readonly HashSet<long> held = [];
    private readonly Lock gate = new();
    private long lastRenewal = Environment.TickCount64;

    public Task Initialize(TimeSpan timeout) => Task.CompletedTask;

    public Task Initialize(TimeSpan timeout, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<IList<IBatchContainer>> GetQueueMessagesAsync(int maxCount) => GetQueueMessagesAsync(maxCount, CancellationToken.None);

    public async Task<IList<IBatchContainer>> GetQueueMessagesAsync(int maxCount, CancellationToken cancellationToken)
    {
        var now = Environment.TickCount64;
        if (now - lastRenewal >= (long)(options.LeaseDuration.TotalMilliseconds / 3))
        {
            long[] renew;
            lock (gate)
            {
                renew = [.. held];
            }

            await store.RenewAsync(renew, owner, options.LeaseDuration, cancellationToken);
            lastRenewal = now;
        }

        var max = maxCount is > 0 and < 1000 ? maxCount : 100;
        var rows = await store.DequeueAsync(queue, owner, max, options.LeaseDuration, cancellationToken);
        var batches = new List<IBatchContainer>(rows.Count);
        var firstLeases = new List<PostgresBatchContainer>();
        foreach (var row in rows)
        {
            var batch = serializer.Deserialize<PostgresBatchContainer>(row.Payload)
                ?? throw new InvalidDataException($"Row {row.Sequence} of queue {queue} holds no batch.");
            batch.SetSequence(row.Sequence);
            batches.Add(batch);
            if (row.DequeueCount == 1)
            {
                firstLeases.Add(batch);
            }
        }

        lock (gate)
        {
            foreach (var row in rows)
            {
                held.Add(row.Sequence);
            }
        }

        ExitIfTestFaultMatches(firstLeases);
        return batches;
    }

    /// <summary>
    /// The test-only fault <see cref="PostgresStreamOptions.ExitAfterLeasing"/>, on rows leased for the first time (so
    /// no silo has delivered them yet, and a later delivery can only be their redelivery).
    /// </summary>
    private void ExitIfTestFaultMatches(List<PostgresBatchContainer> batches)
    {
        if (options.ExitAfterLeasing.Length == 0)
        {
            return;
        }

        var hits = batches.SelectMany(b => b.Events).Select(e => e.ToString() ?? "")
            .Where(text => text.Contains(options.ExitAfterLeasing, StringComparison.Ordinal)).ToList();
        if (hits.Count > 0)
        {
            // The lines the test reads to learn which events this process leased and never delivered.
            Console.Error.WriteLine($"{PostgresStreamOptions.Section}:ExitAfterLeasing: exiting after leasing from {queue}: {string.Join(" | ", hits)}");
            Console.Error.Flush();
            Environment.FailFast($"{PostgresStreamOptions.Section}:ExitAfterLeasing: test fault, exiting with leased rows of {queue}");
        }
    }

    public Task MessagesDeliveredAsync(IList<IBatchContainer> messages) => MessagesDeliveredAsync(messages, CancellationToken.None);

    public async Task MessagesDeliveredAsync(IList<IBatchContainer> messages, CancellationToken cancellationToken)
    {
        var sequences = messages.OfType<PostgresBatchContainer>().Select(m => m.Sequence).ToList();
        await store.DeleteAsync(sequences, cancellationToken);
        lock (gate)
        {
            held.ExceptWith(sequences);
        }
    }

    public Task Shutdown(TimeSpan timeout) => Shutdown(timeout, CancellationToken.None);

    public async Task Shutdown(TimeSpan timeout, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            held.Clear();
        }

        // Rows read but not reported delivered go back to the queue now, for whichever receiver owns it next (they are
        // delivered again: at least once). A receiver that dies instead leaves them until their leases run out.
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        await store.ReleaseAsync(owner, limit.Token);
    }
}
