using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using MotCua.Api.Auth;
using MotCua.Api.Idempotency;
using MotCua.Api.Problems;
using MotCua.Api.Validation;
using MotCua.Grains.Interfaces.Catalogue;
using MotCua.Grains.Interfaces.Common;
using MotCua.Grains.Interfaces.Dossiers;

namespace MotCua.Api.Endpoints;

public static partial class DossierEndpoints
{
    private const int MaxReasonLength = DossierLimits.MaxReasonLength;
    private const int DefaultPageSize = 20;
    private const int MaxPageSize = 100;

    /// <summary>Who may list an agency's dossiers: its officers, and operators.</summary>
    private static readonly AuthorizationPolicy ListReaders = new AuthorizationPolicyBuilder(ApiKeyAuthenticationHandler.SchemeName)
        .RequireAuthenticatedUser().RequireRole(Roles.Officer, Roles.Operator).Build();

    private const string ListDescription =
        "An agency's dossiers, most urgent due date first: `agency` (an officer may list only its own agency and may leave it out; "
        + "an operator must name one), optional `status` (a status name) and `overdue` (`true` or `false`), `pageSize` (1–100, "
        + "default 20), and either `page` (from 1) or `after` (the `next` of the previous page). The answer has `agencyCode`, "
        + "`page`, `pageSize`, `total` (all matches), `items` with `code`, `status`, `statusCode`, `procedureCode`, "
        + "`receivingCentre`, `dueAt`, `overdue`, `changedAt`, and `next`: set when the page is full, it reads the following "
        + "page from where this one ended, which stays fast however deep the list goes (a large `page` is read by skipping "
        + "rows). Closed dossiers (refused, withdrawn, stopped, returned) are listed for 30 days after their last change.\n\n"
        + "Freshness: this list is a projection, not the dossier itself. Each dossier upserts its summary into the projection "
        + "right after its own state is written, without making its caller wait, so a change normally shows here within "
        + "milliseconds, and a failed send is retried with backoff (and again at the dossier's next change or activation). "
        + "`overdue` flips to true when the dossier's overdue reminder fires, just after `dueAt` (up to 5 minutes later if a "
        + "reminder tick is missed). `changedAt` is when the listed state was reached. For the authoritative state of one "
        + "dossier use GET /v1/dossiers/{code}.";

    public static IEndpointRouteBuilder MapDossierEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/dossiers").WithTags("Dossiers").AddEndpointFilter<DomainExceptionFilter>();
        group.MapPost("/", FileAsync).RequireAuthorization(RolePolicies.Portal).WithMetadata(new RequiresIdempotencyKey())
            .WithName("FileDossier");
        group.MapGet("/", ListAsync).RequireAuthorization(ListReaders).WithName("ListDossiers")
            .WithSummary("List an agency's dossiers (eventually consistent)").WithDescription(ListDescription);
        group.MapGet("/{code}", GetAsync).RequireAuthorization(RolePolicies.DossierReaders).WithName("GetDossier");
        MapAction(group, "accept", RolePolicies.Officer, (g, c) => g.AcceptAsync(c));
        MapAction(group, "refuse", RolePolicies.Officer, (g, c) => g.RefuseAsync(c));
        MapAction(group, "process", RolePolicies.Officer, (g, c) => g.ProcessAsync(c));
        MapAction(group, "request-supplement", RolePolicies.Officer, (g, c) => g.RequestSupplementAsync(c));
        MapAction(group, "supplement", RolePolicies.Portal, (g, c) => g.SupplementAsync(c));
        MapAction(group, "withdraw", RolePolicies.Portal, (g, c) => g.WithdrawAsync(c));
        MapAction(group, "stop", RolePolicies.Officer, (g, c) => g.StopAsync(c));
        MapAction(group, "complete", RolePolicies.Officer, (g, c) => g.CompleteAsync(c));
        MapAction(group, "return", RolePolicies.Officer, (g, c) => g.ReturnAsync(c));
        group.MapPost("/{code}/request-payment", RequestPaymentAsync).RequireAuthorization(RolePolicies.Officer)
            .WithMetadata(new RequiresIdempotencyKey()).WithName("RequestPayment");
        group.MapPost("/{code}/apologize", ApologizeAsync).RequireAuthorization(RolePolicies.Officer)
            .WithMetadata(new RequiresIdempotencyKey()).WithName("ApologizeDossier")
            .WithSummary("Apologise for a late dossier and give a new due date (once)")
            .WithDescription("Body: `dueAt` (ISO 8601 with an offset, later than the current due date and in the future) and "
                + "`reason`. Only while the dossier is accepted or processing and is overdue or due within one working day; "
                + "a second apology is 409 invalid_transition.");
        group.MapPost("/{code}/rating", RateAsync).RequireAuthorization(RolePolicies.Portal)
            .WithMetadata(new RequiresIdempotencyKey()).WithName("RateDossier")
            .WithSummary("Rate a returned dossier 1–5 (once)")
            .WithDescription("Body: `score` (1–5) and an optional `comment` (at most 1000 characters). Only after status "
                + "`returned`; a second rating is 409 invalid_transition.");
        return app;
    }

    private static async Task<Results<Created<DossierView>, ValidationProblem>> FileAsync(
        [FromBody] FileDossierRequest body, HttpContext http, IGrainFactory grains, TimeProvider time)
    {
        var v = new Validator();
        var procedureCode = v.Code("procedureCode", body.ProcedureCode);
        var agencyCode = v.Code("agencyCode", body.AgencyCode);
        var centre = v.Code("receivingCentre", body.ReceivingCentre, maxLength: 24);
        if (body.Applicant is null)
        {
            v.Add("applicant", "is required.");
        }

        var citizenId = body.Applicant is null ? null : v.CitizenId("applicant.citizenId", body.Applicant.CitizenId);
        var fullName = body.Applicant is null ? null : v.Text("applicant.fullName", body.Applicant.FullName, 100);
        if (procedureCode is not null)
        {
            var procedure = await grains.GetGrain<IProcedureCatalogueGrain>(0).FindAsync(procedureCode);
            if (procedure is null)
            {
                v.Add("procedureCode", $"Unknown procedure '{procedureCode}'; see GET /v1/procedures.");
            }
            else if (agencyCode is not null && procedure.AgencyCode != agencyCode)
            {
                v.Add("agencyCode", $"Procedure {procedureCode} is handled by agency {procedure.AgencyCode}.");
            }
        }

        if (!v.IsValid)
        {
            return ApiProblems.Validation(v.Errors);
        }

        var operationId = IdempotencyMiddleware.OperationId(http);
        var day = time.GetUtcNow().ToVietnam().ToString("yyMMdd", System.Globalization.CultureInfo.InvariantCulture);
        var number = await grains.GetGrain<IDossierCounterGrain>($"{centre}-{day}").AllocateAsync(operationId);
        var code = $"{centre}-{day}-{number:D4}";
        var view = await grains.GetGrain<IDossierGrain>(code).FileAsync(new FileDossier(
            operationId, http.User.ToActor(), procedureCode!, agencyCode!, centre!, new Applicant(citizenId!, fullName!)));
        return TypedResults.Created($"/v1/dossiers/{code}", view);
    }

    private static async Task<Results<Ok<DossierView>, ValidationProblem, ProblemHttpResult>> GetAsync(
        string code, HttpContext http, IGrainFactory grains)
    {
        if (!Validator.IsDossierCode(code))
        {
            return MalformedCode();
        }

        var view = await grains.GetGrain<IDossierGrain>(code).GetAsync();
        var caller = http.User.ToActor();
        if (caller.Role == Roles.Officer && caller.AgencyCode != view.AgencyCode)
        {
            return ApiProblems.Forbidden("This dossier belongs to another agency.");
        }

        return TypedResults.Ok(view);
    }

    private static async Task<Results<Ok<DossierView>, ValidationProblem>> RequestPaymentAsync(
        string code, [FromBody] RequestPaymentRequest body, HttpContext http, IGrainFactory grains)
    {
        if (!Validator.IsDossierCode(code))
        {
            return MalformedCode();
        }

        var v = new Validator();
        var items = new List<FeeItemRequest>();
        if (body.Items is null || body.Items.Count == 0)
        {
            v.Add("items", "at least one fee item is required.");
        }
        else if (body.Items.Count > 20)
        {
            v.Add("items", "at most 20 fee items may be requested at once.");
        }
        else
        {
            for (var i = 0; i < body.Items.Count; i++)
            {
                var item = body.Items[i];
                if (item is null)
                {
                    v.Add($"items[{i}]", "is required.");
                    continue;
                }

                var kind = v.OneOf($"items[{i}].kind", item.Kind, ["fee", "charge"]);
                var name = v.Text($"items[{i}].name", item.Name, 200);
                var amount = v.Amount($"items[{i}].amount", item.Amount);
                if (kind is not null && name is not null && amount is not null)
                {
                    items.Add(new FeeItemRequest(kind, name, amount.Value));
                }
            }

            if (v.IsValid)
            {
                v.Total("items", items.Select(i => i.Amount));
            }
        }

        if (!v.IsValid)
        {
            return ApiProblems.Validation(v.Errors);
        }

        var command = new RequestPaymentCommand(IdempotencyMiddleware.OperationId(http), http.User.ToActor(), items);
        return TypedResults.Ok(await grains.GetGrain<IDossierGrain>(code).RequestPaymentAsync(command));
    }

    private static async Task<Results<Ok<DossierListPage>, ValidationProblem, ProblemHttpResult>> ListAsync(
        HttpContext http, IGrainFactory grains, [FromQuery] string? agency = null, [FromQuery] string? status = null,
        [FromQuery] string? overdue = null, [FromQuery] string? page = null, [FromQuery] string? pageSize = null,
        [FromQuery] string? after = null)
    {
        var caller = http.User.ToActor();
        var v = new Validator();
        string? agencyCode;
        if (caller.Role == Roles.Officer && agency is null && caller.AgencyCode is not null)
        {
            agencyCode = caller.AgencyCode;
        }
        else
        {
            agencyCode = v.Code("agency", agency);
        }

        DossierStatus? statusFilter = null;
        if (status is not null)
        {
            var names = Enum.GetValues<DossierStatus>().ToDictionary(s => s.ToApiName(), StringComparer.Ordinal);
            if (names.TryGetValue(status, out var parsed))
            {
                statusFilter = parsed;
            }
            else
            {
                v.Add("status", $"must be one of: {string.Join(", ", names.Keys)}.");
            }
        }

        bool? overdueFilter = null;
        if (overdue is "true" or "false")
        {
            overdueFilter = overdue == "true";
        }
        else if (overdue is not null)
        {
            v.Add("overdue", "must be true or false.");
        }

        var pageNumber = PositiveInt(v, "page", page, 1, int.MaxValue, 1);
        var size = PositiveInt(v, "pageSize", pageSize, 1, MaxPageSize, DefaultPageSize);
        DossierIndexPosition? position = null;
        if (after is not null)
        {
            if (page is not null)
            {
                v.Add("after", "give either page or after, not both.");
            }
            else if (!DossierListCursor.TryParse(after, out position))
            {
                v.Add("after", "must be the `next` of a previous page.");
            }
        }

        if (!v.IsValid)
        {
            return ApiProblems.Validation(v.Errors);
        }

        if (caller.Role == Roles.Officer && caller.AgencyCode != agencyCode)
        {
            return ApiProblems.Forbidden("An officer may list only the dossiers of its own agency.");
        }

        var result = await grains.GetGrain<IAgencyDossierIndexGrain>(agencyCode!)
            .QueryAsync(new DossierIndexQuery(statusFilter, overdueFilter, pageNumber, size, position));
        return TypedResults.Ok(new DossierListPage(result.AgencyCode, result.Page, result.PageSize, result.Total, result.Items,
            result.Next is { } next ? DossierListCursor.Format(next) : null));
    }

    private static async Task<Results<Ok<DossierView>, ValidationProblem>> ApologizeAsync(
        string code, [FromBody] ApologizeRequest body, HttpContext http, IGrainFactory grains)
    {
        if (!Validator.IsDossierCode(code))
        {
            return MalformedCode();
        }

        var v = new Validator();
        var dueAt = DateWithOffset(v, "dueAt", body.DueAt);
        var reason = v.Text("reason", body.Reason, MaxReasonLength);
        if (!v.IsValid)
        {
            return ApiProblems.Validation(v.Errors);
        }

        var command = new ApologizeCommand(IdempotencyMiddleware.OperationId(http), http.User.ToActor(), dueAt!.Value, reason!);
        return TypedResults.Ok(await grains.GetGrain<IDossierGrain>(code).ApologizeAsync(command));
    }

    private static async Task<Results<Ok<DossierView>, ValidationProblem>> RateAsync(
        string code, [FromBody] RatingRequest body, HttpContext http, IGrainFactory grains)
    {
        if (!Validator.IsDossierCode(code))
        {
            return MalformedCode();
        }

        var v = new Validator();
        if (body.Score is null)
        {
            v.Add("score", "is required.");
        }
        else if (body.Score is < DossierLimits.MinScore or > DossierLimits.MaxScore)
        {
            v.Add("score", $"must be a whole number from {DossierLimits.MinScore} to {DossierLimits.MaxScore}.");
        }

        var comment = v.Text("comment", body.Comment, DossierLimits.MaxCommentLength, required: false);
        if (!v.IsValid)
        {
            return ApiProblems.Validation(v.Errors);
        }

        var command = new RateDossierCommand(IdempotencyMiddleware.OperationId(http), http.User.ToActor(), body.Score!.Value, comment);
        return TypedResults.Ok(await grains.GetGrain<IDossierGrain>(code).RateAsync(command));
    }

    /// <summary>An instant in ISO 8601 with an explicit offset (<c>Z</c> or <c>±hh:mm</c>); a local time without one is refused.</summary>
    private static DateTimeOffset? DateWithOffset(Validator v, string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            v.Add(field, "is required.");
            return null;
        }

        if (value.Length > 40 || !IsoWithOffset().IsMatch(value)
            || !DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed)
            || parsed.Year is < 2000 or > 2100)
        {
            v.Add(field, "must be an ISO 8601 date and time with an offset, e.g. 2026-03-27T17:00:00+07:00.");
            return null;
        }

        return parsed;
    }

    private static int PositiveInt(Validator v, string field, string? value, int min, int max, int fallback)
    {
        if (value is null)
        {
            return fallback;
        }

        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) || parsed < min || parsed > max)
        {
            v.Add(field, $"must be a whole number from {min} to {max}.");
            return fallback;
        }

        return parsed;
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex IsoWithOffset();

    private static void MapAction(RouteGroupBuilder group, string action, AuthorizationPolicy policy,
        Func<IDossierGrain, DossierActionCommand, Task<DossierView>> invoke)
    {
        group.MapPost($"/{{code}}/{action}", async Task<Results<Ok<DossierView>, ValidationProblem>> (
                string code, [FromBody] ReasonRequest? body, HttpContext http, IGrainFactory grains) =>
            {
                if (!Validator.IsDossierCode(code))
                {
                    return MalformedCode();
                }

                var v = new Validator();
                var reason = v.Text("reason", body?.Reason, MaxReasonLength, required: false);
                if (!v.IsValid)
                {
                    return ApiProblems.Validation(v.Errors);
                }

                var command = new DossierActionCommand(IdempotencyMiddleware.OperationId(http), http.User.ToActor(), reason);
                return TypedResults.Ok(await invoke(grains.GetGrain<IDossierGrain>(code), command));
            })
            .RequireAuthorization(policy)
            .WithMetadata(new RequiresIdempotencyKey())
            .WithName(string.Concat(action.Split('-').Select(w => char.ToUpperInvariant(w[0]) + w[1..])) + "Dossier");
    }

    private static ValidationProblem MalformedCode() =>
        ApiProblems.Validation(new Dictionary<string, string[]>
        {
            ["code"] = ["must be a dossier code {unit}-{yyMMdd}-{nnnn}."],
        });
}

/// <summary>
/// A page of an agency's dossiers. <see cref="Next"/>, set when the page is full, is the <c>after</c> of the next page.
/// </summary>
public sealed record DossierListPage(
    string AgencyCode, int Page, int PageSize, int Total, IReadOnlyList<DossierSummaryView> Items, string? Next);
