using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using MotCua.Api.Idempotency;

namespace MotCua.Api.Resilience;

/// <summary>
/// Runs a request again when the cluster failed it in passing: a silo leaving or dead, a message rejected, a
/// response that timed out. Safe because reads change nothing and every POST that moves something carries an
/// operation id (its Idempotency-Key) that the grains deduplicate by, so a second run cannot apply twice. Only
/// GET/HEAD and routes with <see cref="RequiresIdempotencyKey"/> are retried, and only before the answer started.
/// </summary>
public sealed class ClusterRetryMiddleware(RequestDelegate next, ILogger<ClusterRetryMiddleware> logger)
{
    private static readonly TimeSpan[] Delays = [TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)];

    public async Task InvokeAsync(HttpContext context)
    {
        var retryable = HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method)
            || context.GetEndpoint()?.Metadata.GetMetadata<RequiresIdempotencyKey>() is not null;
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await next(context);
                return;
            }
            catch (Exception ex) when (retryable && attempt < Delays.Length && IsTransient(ex) && !context.Response.HasStarted
                                       && !context.RequestAborted.IsCancellationRequested)
            {
                logger.LogWarning("Transient cluster error on {Method} {Path} ({Error}: {Message}); running it again (attempt {Attempt})",
                    context.Request.Method, context.Request.Path, ex.GetType().Name, ex.Message, attempt + 2);
                await Task.Delay(Delays[attempt], context.RequestAborted);
                if (context.Request.Body.CanSeek)
                {
                    context.Request.Body.Position = 0;
                }

                if (context.Response.Body.CanSeek)
                {
                    context.Response.Body.SetLength(0);
                }

                context.Response.Clear();
            }
        }
    }

    private static bool IsTransient(Exception ex) => ex switch
    {
        OrleansMessageRejectionException or SiloUnavailableException or TimeoutException => true,
        OrleansException when ex.InnerException is not null => IsTransient(ex.InnerException),
        AggregateException aggregate => aggregate.InnerExceptions.Any(IsTransient),
        _ => false,
    };
}
