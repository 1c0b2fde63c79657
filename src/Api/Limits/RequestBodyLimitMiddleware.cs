using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using MotCua.Api.Problems;

namespace MotCua.Api.Limits;

/// <summary>
/// Reads a request body whole, up to <see cref="RequestLimitsOptions.MaxBodyBytes"/>, before anything else does, and
/// answers 413 <c>request_too_large</c> beyond it (whether or not a Content-Length was sent). Endpoints then parse
/// from memory, so a body that is too large or cut short can never surface half way through a handler.
/// </summary>
public sealed class RequestBodyLimitMiddleware(RequestDelegate next, IOptions<RequestLimitsOptions> options)
{
    private readonly int _max = Math.Max(1, options.Value.MaxBodyBytes);

    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (request.ContentLength > _max)
        {
            await TooLargeAsync(context);
            return;
        }

        var sizeFeature = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (sizeFeature is { IsReadOnly: false })
        {
            sizeFeature.MaxRequestBodySize = _max + 1L;
        }

        if (request.ContentLength is 0 || (request.ContentLength is null && !HasChunkedBody(request)))
        {
            await next(context);
            return;
        }

        var buffer = new MemoryStream();
        var chunk = new byte[8192];
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, context.RequestAborted)) > 0)
            {
                if (buffer.Length + read > _max)
                {
                    await TooLargeAsync(context);
                    return;
                }

                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            await TooLargeAsync(context);
            return;
        }

        buffer.Position = 0;
        request.Body = buffer;
        context.Response.RegisterForDispose(buffer);
        await next(context);
    }

    private static bool HasChunkedBody(HttpRequest request) =>
        request.Headers.TransferEncoding.Count > 0 || (request.Body.CanSeek && request.Body.Length > 0)
        || !(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsDelete(request.Method)
             || HttpMethods.IsOptions(request.Method));

    private Task TooLargeAsync(HttpContext context) =>
        ApiProblems.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, "request_too_large", "Request too large",
            $"Request bodies are limited to {_max} bytes.");
}
