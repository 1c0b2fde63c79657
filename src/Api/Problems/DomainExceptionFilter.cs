using Microsoft.AspNetCore.Http;
using MotCua.Grains.Interfaces.Common;

namespace MotCua.Api.Problems;

/// <summary>Turns a rule a grain enforced into its problem inside the endpoint, so idempotency stores that answer.</summary>
public sealed class DomainExceptionFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (DomainException ex)
        {
            return ApiProblems.From(ex);
        }
    }
}
