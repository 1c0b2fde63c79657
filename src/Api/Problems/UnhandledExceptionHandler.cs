using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace MotCua.Api.Problems;

/// <summary>
/// The last line: malformed requests become 400 problems; anything unexpected is logged with its trace id and
/// answered 500 without internals.
/// </summary>
public sealed class UnhandledExceptionHandler(ILogger<UnhandledExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (context.Response.HasStarted)
        {
            return false;
        }

        if (exception is BadHttpRequestException bad)
        {
            var status = bad.StatusCode is >= 400 and < 500 ? bad.StatusCode : StatusCodes.Status400BadRequest;
            var code = status switch
            {
                StatusCodes.Status413PayloadTooLarge => "request_too_large",
                StatusCodes.Status415UnsupportedMediaType => "unsupported_media_type",
                _ => "malformed_request",
            };
            await ApiProblems.WriteAsync(context, status, code, "Malformed request",
                "The request body could not be read as the JSON this route expects.");
            return true;
        }

        logger.LogError(exception, "Unhandled error on {Method} {Path} (trace {TraceId})",
            context.Request.Method, context.Request.Path, context.TraceIdentifier);
        await ApiProblems.WriteAsync(context, StatusCodes.Status500InternalServerError, "internal_error", "Internal error",
            $"An unexpected error occurred; it has been logged with trace id {context.TraceIdentifier}. "
            + "Retrying with the same Idempotency-Key is safe.");
        return true;
    }
}
