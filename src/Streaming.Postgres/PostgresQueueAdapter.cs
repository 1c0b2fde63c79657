using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Streams;

namespace MotCua.Streaming.Postgres;

/// <summary>Writes each batch of a stream as one row of the stream's queue.</summary>
public sealed class PostgresQueueAdapter(
    string name, PostgresQueueStore store, IStreamQueueMapper mapper, Serializer serializer, PostgresStreamOptions options)
    : IQueueAdapter
{
    public string Name => name;

    public bool IsRewindable => false;

    public StreamProviderDirection Direction => StreamProviderDirection.ReadWrite;

    public async Task QueueMessageBatchAsync<T>(
        StreamId streamId, IEnumerable<T> events, StreamSequenceToken? token, Dictionary<string, object>? requestContext)
    {
        if (token is not null)
        {
            throw new ArgumentException("The PostgreSQL stream provider does not support sequence tokens from the producer.", nameof(token));
        }

        var batch = new PostgresBatchContainer(streamId, events.Cast<object>().ToList(), requestContext);
        var queue = mapper.GetQueueForStream(streamId);
        await store.EnqueueAsync(queue.ToString(), serializer.SerializeToArray(batch));
    }

    public IQueueAdapterReceiver CreateReceiver(QueueId queueId) =>
        new PostgresQueueAdapterReceiver(queueId, store, serializer, options);
}
