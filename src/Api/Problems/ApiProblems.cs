using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using MotCua.Grains.Interfaces.Common;

namespace MotCua.Api.Problems;

/// <summary>RFC 9457 problems with MotCua's stable <c>code</c> member.</summary>
public static class ApiProblems
{
    public const string ContentType = "application/problem+json";

    public static ProblemHttpResult Problem(int status, string code, string title, string detail,
        IDictionary<string, object?>? extra = null)
    {
        var extensions = new Dictionary<string, object?>(extra ?? new Dictionary<string, object?>()) { ["code"] = code };
        return TypedResults.Problem(detail, statusCode: status, title: title, type: TypeFor(code), extensions: extensions);
    }

    public static ValidationProblem Validation(IDictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors, detail: "One or more fields are invalid.", title: "Invalid request",
            type: TypeFor(ErrorCodes.ValidationFailed),
            extensions: new Dictionary<string, object?> { ["code"] = ErrorCodes.ValidationFailed });

    /// <summary>404 <c>not_found</c> as application/problem+json.</summary>
    public static ProblemHttpResult NotFound(string what, string id) =>
        Problem(StatusCodes.Status404NotFound, ErrorCodes.NotFound, "Not found", $"{what} '{id}' was not found.");

    public static ProblemHttpResult Forbidden(string detail) =>
        Problem(StatusCodes.Status403Forbidden, ErrorCodes.ForbiddenBinding, "Forbidden", detail);

    /// <summary>The problem for a rule a grain enforced.</summary>
    public static IResult From(DomainException ex)
    {
        if (ex.Kind == DomainErrorKind.Invalid)
        {
            return Validation(new Dictionary<string, string[]> { [ex.Field ?? "request"] = [ex.Detail] });
        }

        var (status, title) = ex.Kind switch
        {
            DomainErrorKind.NotFound => (StatusCodes.Status404NotFound, "Not found"),
            DomainErrorKind.Forbidden => (StatusCodes.Status403Forbidden, "Forbidden"),
            _ => (StatusCodes.Status409Conflict, "Conflict"),
        };
        var extra = new Dictionary<string, object?>();
        if (ex.CurrentStatus is not null)
        {
            extra["currentStatus"] = ex.CurrentStatus;
        }

        if (ex.AllowedActions is not null)
        {
            extra["allowedActions"] = ex.AllowedActions;
        }

        return Problem(status, ex.Code, title, ex.Detail, extra);
    }

    /// <summary>Writes a problem directly, for places outside endpoints (authentication, middleware).</summary>
    public static Task WriteAsync(HttpContext context, int status, string code, string title, string detail) =>
        Problem(status, code, title, detail).ExecuteAsync(context);

    private static string TypeFor(string code) => $"https://motcua.gov.vn/problems/{code.Replace('_', '-')}";
}
