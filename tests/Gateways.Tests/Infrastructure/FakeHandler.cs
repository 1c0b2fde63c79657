using System.Collections.Concurrent;
using System.Net;
using System.Text;

namespace MotCua.Gateways.Tests.Infrastructure;

/// <summary>A request as the fake received it, with its body read at the time (each try is recorded separately).</summary>
public sealed record RecordedRequest(HttpMethod Method, Uri Uri, IReadOnlyDictionary<string, string> Headers, string? Body, string? ContentType)
{
    /// <summary>The value of a header, or null.</summary>
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}

/// <summary>
/// The primary HttpMessageHandler of every test client: it records each try and plays queued answers in order
/// (a status with a body, an exception, or no answer at all until the try is cancelled).
/// </summary>
public sealed class FakeHandler : HttpMessageHandler
{
    private readonly ConcurrentQueue<Func<CancellationToken, Task<HttpResponseMessage>>> answers = new();
    private readonly ConcurrentQueue<RecordedRequest> requests = new();

    /// <summary>Every try so far, in order.</summary>
    public IReadOnlyList<RecordedRequest> Requests => [.. requests];

    /// <summary>Answers the next try with <paramref name="status"/> and a JSON body.</summary>
    public FakeHandler Answer(HttpStatusCode status, string json = "{}")
    {
        answers.Enqueue(_ => Task.FromResult(new HttpResponseMessage(status)
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        }));
        return this;
    }

    /// <summary>Fails the next try with <paramref name="exception"/>.</summary>
    public FakeHandler Throw(Exception exception)
    {
        answers.Enqueue(_ => Task.FromException<HttpResponseMessage>(exception));
        return this;
    }

    /// <summary>Never answers the next try: it ends only when the caller cancels it.</summary>
    public FakeHandler Hang()
    {
        answers.Enqueue(async ct =>
        {
            await Task.Delay(Timeout.Infinite, ct);
            throw new InvalidOperationException("unreachable");
        });
        return this;
    }

    /// <summary>Refuses the next <paramref name="count"/> connections.</summary>
    public FakeHandler RefuseConnections(int count)
    {
        for (var i = 0; i < count; i++)
        {
            Throw(new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused"));
        }

        return this;
    }

    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var headers = request.Headers.ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase);
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        requests.Enqueue(new RecordedRequest(request.Method, request.RequestUri!, headers, body, request.Content?.Headers.ContentType?.ToString()));
        if (!answers.TryDequeue(out var answer))
        {
            throw new InvalidOperationException($"No answer queued for {request.Method} {request.RequestUri}.");
        }

        var response = await answer(cancellationToken);
        response.RequestMessage = request;
        return response;
    }
}
