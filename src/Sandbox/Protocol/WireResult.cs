using Microsoft.Extensions.Options;

namespace MotCua.Sandbox.Protocol;

/// <summary>A provider API answer: a status and a JSON body. Kept as a value so an idempotent replay can send it again.</summary>
public sealed record WireResult(int StatusCode, object Body) : IResult
{
    /// <inheritdoc />
    public Task ExecuteAsync(HttpContext httpContext)
    {
        var json = httpContext.RequestServices.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        httpContext.Response.StatusCode = StatusCode;
        return httpContext.Response.WriteAsJsonAsync(Body, Body.GetType(), json, contentType: "application/json; charset=utf-8");
    }
}
