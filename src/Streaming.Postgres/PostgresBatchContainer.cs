using Orleans.Providers.Streams.Common;
using Orleans.Runtime;
using Orleans.Streams;

namespace MotCua.Streaming.Postgres;

/// <summary>
/// A batch of events of one stream as stored in one row of <c>motcua_stream_queue</c> (serialized with the Orleans
/// serializer). The row's sequence number becomes the batch's token once it is read back.
/// </summary>
[GenerateSerializer, Alias("motcua.streams.pg-batch")]
public sealed class PostgresBatchContainer : IBatchContainer
{
    public PostgresBatchContainer(StreamId streamId, List<object> events, Dictionary<string, object>? requestContext)
    {
        StreamId = streamId;
        Events = events;
        RequestContext = requestContext;
    }

    [Id(0)]
    public StreamId StreamId { get; }

    [Id(1)]
    public List<object> Events { get; }

    [Id(2)]
    public Dictionary<string, object>? RequestContext { get; }

    /// <summary>The row's sequence number: null in the stored payload, set when read, then carried to the consumers.</summary>
    [Id(3)]
    private EventSequenceTokenV2? token;

    /// <summary>The row the batch was read from.</summary>
    public long Sequence => Token.SequenceNumber;

    public StreamSequenceToken SequenceToken => Token;

    private EventSequenceTokenV2 Token => token ?? throw new InvalidOperationException("The batch has not been read from its queue yet.");

    internal void SetSequence(long sequence) => token = new EventSequenceTokenV2(sequence);

    public IEnumerable<Tuple<T, StreamSequenceToken>> GetEvents<T>() =>
        Events.OfType<T>().Select((e, i) => Tuple.Create<T, StreamSequenceToken>(e, Token.CreateSequenceTokenForEvent(i)));

    public bool ImportRequestContext()
    {
        if (RequestContext is null)
        {
            return false;
        }

        foreach (var (key, value) in RequestContext)
        {
            Orleans.Runtime.RequestContext.Set(key, value);
        }

        return true;
    }
}
