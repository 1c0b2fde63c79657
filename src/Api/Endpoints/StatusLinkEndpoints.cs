using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using MotCua.Api.Audit;
using MotCua.Api.Auth;
using MotCua.Api.Idempotency;
using MotCua.Api.Problems;
using MotCua.Api.StatusLinks;
using MotCua.Api.Validation;
using MotCua.Grains.Interfaces.Catalogue;
using MotCua.Grains.Interfaces.Common;
using MotCua.Grains.Interfaces.Dossiers;
using MotCua.Grains.Interfaces.Payments;

namespace MotCua.Api.Endpoints;

/// <summary>The current status link of a dossier (for its slip), and an officer's revoke-and-reissue.</summary>
public sealed record StatusLinkView(string DossierCode, int Generation, string Token, string StatusUrl, string PageUrl);

/// <summary>
/// Citizens follow their dossier without an account (issue 20): the officer or portal gets the dossier's status link,
/// an officer revokes it by reissuing, and anyone holding the link reads <c>GET /v1/public/status/{token}</c>.
/// </summary>
public static class StatusLinkEndpoints
{
    /// <summary>Who prints a receipt slip: the portal, and officers of the dossier's agency.</summary>
    private static readonly AuthorizationPolicy SlipPrinters = new AuthorizationPolicyBuilder(ApiKeyAuthenticationHandler.SchemeName)
        .RequireAuthenticatedUser().RequireRole(Roles.Portal, Roles.Officer).Build();

    public static IEndpointRouteBuilder MapStatusLinkEndpoints(this IEndpointRouteBuilder app)
    {
        var dossiers = app.MapGroup("/v1/dossiers").WithTags("Dossiers").AddEndpointFilter<DomainExceptionFilter>();
        dossiers.MapGet("/{code}/status-link", GetLinkAsync).RequireAuthorization(RolePolicies.DossierReaders)
            .WithName("GetStatusLink");
        dossiers.MapGet("/{code}/receipt.pdf", GetReceiptAsync).RequireAuthorization(SlipPrinters).WithName("GetReceiptSlip");
        dossiers.MapPost("/{code}/status-link/reissue", ReissueAsync).RequireAuthorization(RolePolicies.Officer)
            .WithMetadata(new RequiresIdempotencyKey()).WithName("ReissueStatusLink");

        var open = app.MapGroup("/v1/public/status").WithTags("Citizens").AllowAnonymous();
        open.MapGet("/{token}", GetPublicStatusAsync).WithName("GetPublicStatus");
        open.MapGet("/{token}/vietqr.png", GetPublicQrAsync).WithName("GetPublicStatusQr");
        return app;
    }

    private static async Task<Results<Ok<StatusLinkView>, ValidationProblem, ProblemHttpResult>> GetLinkAsync(
        string code, HttpContext http, IGrainFactory grains, StatusTokens tokens, IOptions<StatusLinkOptions> options)
    {
        if (!Validator.IsDossierCode(code))
        {
            return MalformedCode();
        }

        var view = await grains.GetGrain<IDossierGrain>(code).GetAsync();
        if (OutsideAgency(http, view) is { } forbidden)
        {
            return forbidden;
        }

        var generation = await grains.GetGrain<IStatusLinkGrain>(code).GetGenerationAsync();
        return TypedResults.Ok(Link(http, tokens, options.Value, code, generation));
    }

    private static async Task<Results<Ok<StatusLinkView>, ValidationProblem, ProblemHttpResult>> ReissueAsync(
        string code, [FromBody] ReasonRequest? body, HttpContext http, IGrainFactory grains, StatusTokens tokens,
        IOptions<StatusLinkOptions> options)
    {
        if (!Validator.IsDossierCode(code))
        {
            return MalformedCode();
        }

        var v = new Validator();
        v.Text("reason", body?.Reason, DossierLimits.MaxReasonLength, required: false);
        if (!v.IsValid)
        {
            return ApiProblems.Validation(v.Errors);
        }

        var view = await grains.GetGrain<IDossierGrain>(code).GetAsync();
        if (OutsideAgency(http, view) is { } forbidden)
        {
            return forbidden;
        }

        var generation = await grains.GetGrain<IStatusLinkGrain>(code).ReissueAsync(IdempotencyMiddleware.OperationId(http));
        return TypedResults.Ok(Link(http, tokens, options.Value, code, generation));
    }

    private static async Task<Results<FileContentHttpResult, ValidationProblem, ProblemHttpResult>> GetReceiptAsync(
        string code, HttpContext http, IGrainFactory grains, StatusTokens tokens, IOptions<StatusLinkOptions> options)
    {
        if (!Validator.IsDossierCode(code))
        {
            return MalformedCode();
        }

        var view = await grains.GetGrain<IDossierGrain>(code).GetAsync();
        if (OutsideAgency(http, view) is { } forbidden)
        {
            return forbidden;
        }

        var generation = await grains.GetGrain<IStatusLinkGrain>(code).GetGenerationAsync();
        var link = Link(http, tokens, options.Value, code, generation);
        var procedure = await grains.GetGrain<IProcedureCatalogueGrain>(0).FindAsync(view.ProcedureCode);
        var cash = view.Payments.LastOrDefault(p => p.Method == PaymentMethods.Cash && p.Status == PaymentStatuses.Pending);
        var openCash = cash is null ? null : await grains.GetGrain<IPaymentGrain>(cash.Id).GetAsync();
        var pdf = StatusLinks.ReceiptSlip.Render(view, procedure, openCash, link.PageUrl);
        return TypedResults.File(pdf, "application/pdf", $"giay-tiep-nhan-{code}.pdf");
    }

    private static async Task<Results<Ok<PublicStatusView>, ProblemHttpResult>> GetPublicStatusAsync(
        string token, HttpContext http, IGrainFactory grains, StatusTokens tokens)
    {
        AuditMiddleware.SetTarget(http, StatusTokens.AuditName(token));
        var found = await FindAsync(token, grains, tokens);
        if (found is null)
        {
            return NoSuchLink();
        }

        var (view, payments) = found.Value;
        var procedure = await grains.GetGrain<IProcedureCatalogueGrain>(0).FindAsync(view.ProcedureCode);
        var qrUrl = payments.Any(p => p.Method == PaymentMethods.VietQr && p.VietQr is not null)
            ? $"/v1/public/status/{token}/vietqr.png"
            : null;
        return TypedResults.Ok(PublicStatus.From(view, procedure, payments, qrUrl));
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> GetPublicQrAsync(
        string token, HttpContext http, IGrainFactory grains, StatusTokens tokens)
    {
        AuditMiddleware.SetTarget(http, StatusTokens.AuditName(token));
        var found = await FindAsync(token, grains, tokens);
        var open = found?.Payments.FirstOrDefault(p => p.Method == PaymentMethods.VietQr && p.VietQr is not null);
        if (open?.VietQr is null)
        {
            return NoSuchLink();
        }

        return TypedResults.File(QrImage.Png(open.VietQr.Payload), "image/png");
    }

    /// <summary>
    /// The dossier a token opens, with its open (pending) payments; null for a token that is malformed, signed by no
    /// configured key, revoked, or for no dossier, all alike.
    /// </summary>
    private static async Task<(DossierView View, IReadOnlyList<PaymentView> Payments)?> FindAsync(
        string token, IGrainFactory grains, StatusTokens tokens)
    {
        if (!tokens.TryRead(token, out var claims) || !Validator.IsDossierCode(claims.DossierCode))
        {
            return null;
        }

        var generation = await grains.GetGrain<IStatusLinkGrain>(claims.DossierCode).GetGenerationAsync();
        if (generation != claims.Generation)
        {
            return null;
        }

        DossierView view;
        try
        {
            view = await grains.GetGrain<IDossierGrain>(claims.DossierCode).GetAsync();
        }
        catch (DomainException ex) when (ex.Kind == DomainErrorKind.NotFound)
        {
            return null;
        }

        var open = view.Payments.Where(p => p.Status == PaymentStatuses.Pending).ToList();
        var payments = await Task.WhenAll(open.Select(p => grains.GetGrain<IPaymentGrain>(p.Id).GetAsync()));
        return (view, payments);
    }

    /// <summary>One answer for every token that opens nothing, so a caller learns nothing from it.</summary>
    private static ProblemHttpResult NoSuchLink() => ApiProblems.Problem(StatusCodes.Status404NotFound, ErrorCodes.NotFound,
        "Not found", "No dossier is shown at this link.");

    private static ProblemHttpResult? OutsideAgency(HttpContext http, DossierView view)
    {
        var caller = http.User.ToActor();
        return caller.Role == Roles.Officer && caller.AgencyCode != view.AgencyCode
            ? ApiProblems.Forbidden("This dossier belongs to another agency.")
            : null;
    }

    private static StatusLinkView Link(HttpContext http, StatusTokens tokens, StatusLinkOptions options, string code, int generation)
    {
        var token = tokens.Issue(code, generation);
        var origin = string.IsNullOrWhiteSpace(options.PublicBaseUrl)
            ? $"{http.Request.Scheme}://{http.Request.Host}"
            : options.PublicBaseUrl.TrimEnd('/');
        return new StatusLinkView(code, generation, token, $"{origin}/v1/public/status/{token}", $"{origin}/s/{token}");
    }

    private static ValidationProblem MalformedCode() => ApiProblems.Validation(
        new Dictionary<string, string[]> { ["code"] = ["must be a dossier code {unit}-{yyMMdd}-{nnnn}."] });
}
