using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using MotCua.Integration.Tests.Infrastructure;
using MotCua.Storage.Postgres;
using MotCua.Streaming.Postgres;
using Npgsql;
using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Streams;

namespace MotCua.Integration.Tests.Events;

/// <summary>The PostgreSQL queue adapter against a real database: order, exclusive leases, delete on delivery, lease expiry.</summary>
[Collection("postgres")]
public sealed class PostgresQueueAdapterTests(PostgresServer postgres)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task BatchesAreReadInOrderWithTheirEventsAndDeletedOnceDelivered()
    {
        var (factory, connection) = await FactoryAsync("pgq_order", TimeSpan.FromMinutes(5));
        var adapter = await factory.CreateAdapter();
        var stream = StreamId.Create("test", "order");
        await adapter.QueueMessageBatchAsync(stream, ["a", "b"], null, null);
        await adapter.QueueMessageBatchAsync(stream, ["c"], null, new Dictionary<string, object> { ["k"] = "v" });
        var receiver = adapter.CreateReceiver(factory.GetStreamQueueMapper().GetQueueForStream(stream));
        await receiver.Initialize(TimeSpan.FromSeconds(5), CancellationToken.None);

        var batches = await receiver.GetQueueMessagesAsync(10, CancellationToken.None);

        Assert.Equal(2, batches.Count);
        Assert.All(batches, b => Assert.Equal(stream, b.StreamId));
        Assert.Equal(["a", "b"], batches[0].GetEvents<string>().Select(e => e.Item1));
        Assert.Equal(["c"], batches[1].GetEvents<string>().Select(e => e.Item1));
        Assert.True(batches[0].SequenceToken.CompareTo(batches[1].SequenceToken) < 0);
        Assert.False(batches[0].ImportRequestContext());
        Assert.Equal(2L, await CountAsync(connection));

        await receiver.MessagesDeliveredAsync(batches, CancellationToken.None);

        Assert.Equal(0L, await CountAsync(connection));
        Assert.Empty(await receiver.GetQueueMessagesAsync(10, CancellationToken.None));
    }

    [Fact]
    public async Task TwoReceiversOfOneQueueReadingAtOnceNeverTakeTheSameRow()
    {
        var (factory, connection) = await FactoryAsync("pgq_concurrent", TimeSpan.FromMinutes(5));
        var adapter = await factory.CreateAdapter();
        var stream = StreamId.Create("test", "concurrent");
        const int Count = 300;
        for (var i = 0; i < Count; i++)
        {
            await adapter.QueueMessageBatchAsync(stream, [i], null, null);
        }

        var queue = factory.GetStreamQueueMapper().GetQueueForStream(stream);
        var first = adapter.CreateReceiver(queue);
        var second = adapter.CreateReceiver(queue);

        // Each takes a first batch at the same moment, then both drain the queue at once.
        var starts = await Task.WhenAll(first.GetQueueMessagesAsync(7, CancellationToken.None), second.GetQueueMessagesAsync(7, CancellationToken.None));
        var read = await Task.WhenAll(DrainAsync(first, starts[0]), DrainAsync(second, starts[1]));

        Assert.NotEmpty(read[0]);
        Assert.NotEmpty(read[1]);
        Assert.Empty(read[0].Intersect(read[1]));
        Assert.Equal(Enumerable.Range(0, Count), read[0].Concat(read[1]).Order());
        Assert.Equal((long)Count, await CountAsync(connection));

        static async Task<List<int>> DrainAsync(IQueueAdapterReceiver receiver, IList<IBatchContainer> batches)
        {
            var values = new List<int>();
            while (batches.Count > 0)
            {
                values.AddRange(batches.SelectMany(b => b.GetEvents<int>().Select(e => e.Item1)));
                batches = await receiver.GetQueueMessagesAsync(7, CancellationToken.None);
            }

            return values;
        }
    }

    [Fact]
    public async Task ARowReadButNeverAcknowledgedIsReadAgainOnceItsLeaseRunsOut()
    {
        var (factory, connection) = await FactoryAsync("pgq_lease", TimeSpan.FromSeconds(2));
        var adapter = await factory.CreateAdapter();
        var stream = StreamId.Create("test", "lease");
        await adapter.QueueMessageBatchAsync(stream, ["lost"], null, null);
        var queue = factory.GetStreamQueueMapper().GetQueueForStream(stream);
        var dead = adapter.CreateReceiver(queue);
        var next = adapter.CreateReceiver(queue);

        var taken = await dead.GetQueueMessagesAsync(10, CancellationToken.None);
        Assert.Single(taken);
        Assert.Empty(await next.GetQueueMessagesAsync(10, CancellationToken.None)); // leased to the first receiver, which never acknowledges

        IList<IBatchContainer> again = [];
        using var timeout = new CancellationTokenSource(Patience);
        while (again.Count == 0)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(200), timeout.Token);
            again = await next.GetQueueMessagesAsync(10, CancellationToken.None);
        }

        Assert.Equal(["lost"], again.Single().GetEvents<string>().Select(e => e.Item1));
        Assert.Equal(taken.Single().SequenceToken, again.Single().SequenceToken);
        await next.MessagesDeliveredAsync(again, CancellationToken.None);
        Assert.Equal(0L, await CountAsync(connection));
    }

    [Fact]
    public async Task AReceiverShutDownGivesItsUnacknowledgedRowsBackAtOnce()
    {
        var (factory, _) = await FactoryAsync("pgq_release", TimeSpan.FromHours(1));
        var adapter = await factory.CreateAdapter();
        var stream = StreamId.Create("test", "release");
        await adapter.QueueMessageBatchAsync(stream, ["moved"], null, null);
        var queue = factory.GetStreamQueueMapper().GetQueueForStream(stream);
        var leaving = adapter.CreateReceiver(queue);
        var next = adapter.CreateReceiver(queue);
        Assert.Single(await leaving.GetQueueMessagesAsync(10, CancellationToken.None));
        Assert.Empty(await next.GetQueueMessagesAsync(10, CancellationToken.None));

        await leaving.Shutdown(TimeSpan.FromSeconds(10), CancellationToken.None);

        Assert.Equal(["moved"], (await next.GetQueueMessagesAsync(10, CancellationToken.None)).Single().GetEvents<string>().Select(e => e.Item1));
    }

    private async Task<(PostgresQueueAdapterFactory Factory, string Connection)> FactoryAsync(string name, TimeSpan lease)
    {
        var database = await postgres.CreateDatabaseAsync($"{name}_{Guid.NewGuid():N}"[..30]);
        await SchemaMigrator.ApplyAsync(database, SchemaMigrator.DefaultSqlDirectory, NullLogger.Instance);
        var services = new ServiceCollection().AddSerializer().BuildServiceProvider();
        var options = new PostgresStreamOptions { ConnectionString = database, LeaseDuration = lease, QueueCount = 4 };
        var factory = new PostgresQueueAdapterFactory("test-streams", options, "svc", services.GetRequiredService<Serializer>(), NullLoggerFactory.Instance);
        return (factory, database);
    }

    private static async Task<long> CountAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM motcua_stream_queue", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
