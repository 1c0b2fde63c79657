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

public static class DossierEndpoints
{
    private const int MaxReasonLength = 2000;

    public static IEndpointRouteBuilder MapDossierEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/dossiers").WithTags("Dossiers").AddEndpointFilter<DomainExceptionFilter>();
        group.MapPost("/", FileAsync).RequireAuthorization(RolePolicies.Portal).WithMetadata(new RequiresIdempotencyKey())
            .WithName("FileDossier");
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
        }

        if (!v.IsValid)
        {
            return ApiProblems.Validation(v.Errors);
        }

        var command = new RequestPaymentCommand(IdempotencyMiddleware.OperationId(http), http.User.ToActor(), items);
        return TypedResults.Ok(await grains.GetGrain<IDossierGrain>(code).RequestPaymentAsync(command));
    }

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
