using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.Routing;
using Microsoft.OpenApi;
using MotCua.Api.Idempotency;

namespace MotCua.Api.OpenApi;

/// <summary>
/// Makes <c>/openapi/v1.json</c> a contract clients can generate from: every operation gets its security requirement,
/// summary and description (from <see cref="OperationCatalogue"/>), and every status it can answer with
/// <c>application/problem+json</c> and the <c>code</c> values of that route; the fee path gets examples.
/// </summary>
public static class OpenApiContract
{
    public const string SchemeName = "ApiKey";
    public const string ProblemSchema = "Problem";

    private static readonly Dictionary<string, string> TagDescriptions = new(StringComparer.Ordinal)
    {
        ["Operations"] = "The cluster, for operators.",
        ["Console"] = "What the web console needs.",
        ["Access"] = "API keys and the audit log.",
        ["Procedures"] = "The procedure catalogue.",
        ["Dossiers"] = "Dossiers (hồ sơ) and their lifecycle.",
        ["Payments"] = "Payments of a dossier's fees.",
        ["Channels"] = "Cash collection channels: counters, post offices, agents.",
        ["Gateways"] = "Signed notifications from payment gateways.",
        ["Reconciliation"] = "Daily reconciliation of the channels against the ledger.",
        ["Wallets"] = "Citizens' prepaid wallets.",
        ["Ledger"] = "The double-entry ledger.",
        ["Webhooks"] = "Webhook endpoints and their deliveries.",
        ["Stats"] = "Projections: agency and channel statistics.",
        ["Service quality"] = "Decision 766/QĐ-TTg service-quality indicators per agency and month, as JSON or CSV.",
    };

    /// <summary>Only the API's own routes (<c>/v1/...</c>) are described: the dashboard and console are not part of the contract.</summary>
    public static bool Includes(ApiDescription description) => description.RelativePath?.StartsWith("v1/", StringComparison.Ordinal) == true;

    public static Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info = new OpenApiInfo
        {
            Title = "MotCua API",
            Version = "v1",
            Description = "Dossiers and the fees paid for them. Authorization: Bearer <api key>. "
                + "POSTs that create or move something take an Idempotency-Key header (1–255 printable ASCII characters): "
                + "a replay returns the first answer (header Idempotent-Replayed: true); the same key with another body is 422 "
                + "idempotency_key_reused; while the first runs, 409 idempotency_key_in_use. Errors are application/problem+json "
                + "with a stable `code`.",
            License = new OpenApiLicense { Name = "Proprietary: Government of Viet Nam", Url = new Uri("https://motcua.gov.vn/license") },
            Contact = new OpenApiContact { Name = "MotCua operations", Url = new Uri("https://motcua.gov.vn") },
        };
        // Not the address the document was fetched from (often a node behind a balancer): the embedded default, which a
        // client replaces with its deployment's base URL.
        document.Servers = [new OpenApiServer { Url = "http://127.0.0.1:5080", Description = "The embedded default (dotnet run --project src/Silo); use your deployment's address." }];

        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[SchemeName] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "An API key: dev-portal, dev-officer-SXD, dev-agent-vnpost-HN0001 or dev-operator in Development.",
        };
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        document.Components.Schemas[ProblemSchema] = Problem();
        document.Tags ??= new HashSet<OpenApiTag>();
        foreach (var tag in document.Tags)
        {
            tag.Description ??= TagDescriptions.TryGetValue(tag.Name ?? "", out var known) ? known : tag.Name;
        }

        var endpoints = context.DescriptionGroups.SelectMany(g => g.Items)
            .Select(d => (Name: d.ActionDescriptor.EndpointMetadata.OfType<IEndpointNameMetadata>().FirstOrDefault()?.EndpointName, d.ActionDescriptor.EndpointMetadata))
            .Where(e => e.Name is not null)
            .GroupBy(e => e.Name!)
            .ToDictionary(g => g.Key, g => g.First().EndpointMetadata, StringComparer.Ordinal);
        foreach (var (path, item) in document.Paths)
        {
            foreach (var (method, operation) in item.Operations ?? [])
            {
                var id = operation.OperationId ?? throw new InvalidOperationException($"{method} {path} has no operationId: add .WithName(...).");
                if (!OperationCatalogue.Operations.TryGetValue(id, out var doc))
                {
                    throw new InvalidOperationException($"{method} {path} ({id}) has no entry in OperationCatalogue.");
                }

                Describe(document, path, method, operation, doc, endpoints.GetValueOrDefault(id) ?? []);
            }
        }

        FeePathExamples.Apply(document);
        // Every 400 is described with the one Problem schema above.
        document.Components.Schemas.Remove("HttpValidationProblemDetails");
        return Task.CompletedTask;
    }

    private static void Describe(OpenApiDocument document, string path, HttpMethod method, OpenApiOperation operation, OperationDoc doc,
        IList<object> metadata)
    {
        var anonymous = doc.Anonymous || metadata.OfType<IAllowAnonymous>().Any();
        var roles = metadata.OfType<AuthorizationPolicy>().SelectMany(p => p.Requirements.OfType<RolesAuthorizationRequirement>())
            .SelectMany(r => r.AllowedRoles).Distinct().ToList();
        var idempotent = metadata.OfType<RequiresIdempotencyKey>().Any();

        operation.Summary ??= doc.Summary;
        var description = string.IsNullOrEmpty(operation.Description) ? doc.Description : operation.Description;
        if (roles.Count > 0)
        {
            description = $"{description}\n\nRoles: {string.Join(", ", roles)}.".Trim();
        }

        operation.Description = description;
        operation.Security = anonymous
            ? []
            : [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SchemeName, document)] = [] }];

        operation.Responses ??= new OpenApiResponses();
        if (!operation.Responses.Keys.Any(k => k.StartsWith('2')) && doc.Produces is { } produces)
        {
            operation.Responses["200"] = new OpenApiResponse
            {
                Description = "OK",
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    [produces] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" } },
                },
            };
        }

        if (doc.Csv && operation.Responses.TryGetValue("200", out var ok) && ok is OpenApiResponse okResponse)
        {
            okResponse.Content ??= new Dictionary<string, OpenApiMediaType>();
            okResponse.Content["text/csv"] = new()
            {
                Schema = new OpenApiSchema
                {
                    Type = JsonSchemaType.String,
                    Description = "With `format=csv`: UTF-8 with a byte order mark, a header row (Vietnamese, the English column key in parentheses), one row per agency.",
                },
            };
        }

        var badRequest = new List<string> { "validation_failed" };
        if (idempotent)
        {
            badRequest.Add("idempotency_key_required");
        }

        if (method == HttpMethod.Post || method == HttpMethod.Put)
        {
            badRequest.Add("malformed_request");
        }

        if (anonymous)
        {
            badRequest.Add("invalid_notification");
        }

        AddProblem(document, operation, StatusCodes.Status400BadRequest, "The request is invalid.", badRequest);
        if (anonymous)
        {
            AddProblem(document, operation, StatusCodes.Status401Unauthorized, "The signature is missing, forged or stale.", ["invalid_signature"]);
        }
        else
        {
            AddProblem(document, operation, StatusCodes.Status401Unauthorized, "No API key, or an unknown or revoked one.", ["unauthorized"]);
            AddProblem(document, operation, StatusCodes.Status403Forbidden, "The key's role, agency or channel may not do this.", ["forbidden"]);
            AddProblem(document, operation, StatusCodes.Status429TooManyRequests, "Too many requests from this key; see Retry-After.", ["rate_limited"]);
        }

        if (path.Contains('{', StringComparison.Ordinal))
        {
            AddProblem(document, operation, StatusCodes.Status404NotFound, "Nothing has this id.", ["not_found"]);
        }

        var conflicts = (doc.Conflicts ?? []).ToList();
        if (idempotent)
        {
            conflicts.Add("idempotency_key_in_use");
        }

        if (conflicts.Count > 0)
        {
            AddProblem(document, operation, StatusCodes.Status409Conflict, "The current state forbids this, or the same Idempotency-Key is still running.", conflicts);
        }

        if (idempotent)
        {
            AddProblem(document, operation, StatusCodes.Status422UnprocessableEntity, "The Idempotency-Key was used before with another body.", ["idempotency_key_reused"]);
        }

        if (method == HttpMethod.Post)
        {
            AddProblem(document, operation, StatusCodes.Status413PayloadTooLarge, "The body is over the size limit.", ["request_too_large"]);
        }

        AddProblem(document, operation, StatusCodes.Status500InternalServerError, "An unexpected error; retry with the same Idempotency-Key.", ["internal_error"]);
        AddProblem(document, operation, StatusCodes.Status504GatewayTimeout, "The request took too long; retry with the same Idempotency-Key.", ["request_timeout"]);
    }

    private static void AddProblem(OpenApiDocument document, OpenApiOperation operation, int status, string description, IReadOnlyList<string> codes)
    {
        var key = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var codeList = string.Join(", ", codes.Distinct().Select(c => $"`{c}`"));
        var response = new OpenApiResponse
        {
            Description = $"{description} Problem codes: {codeList}.",
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["application/problem+json"] = new()
                {
                    Schema = new OpenApiSchemaReference(ProblemSchema, document),
                    Example = new JsonObject
                    {
                        ["type"] = $"https://motcua.gov.vn/problems/{codes[0].Replace('_', '-')}",
                        ["title"] = description,
                        ["status"] = status,
                        ["code"] = codes[0],
                    },
                },
            },
        };
        operation.Responses![key] = response;
    }

    private static OpenApiSchema Problem() => new()
    {
        Type = JsonSchemaType.Object,
        Description = "An RFC 9457 problem with MotCua's stable `code`.",
        Properties = new Dictionary<string, IOpenApiSchema>
        {
            ["type"] = new OpenApiSchema { Type = JsonSchemaType.String },
            ["title"] = new OpenApiSchema { Type = JsonSchemaType.String },
            ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32" },
            ["detail"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null },
            ["instance"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null },
            ["code"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "Stable snake_case code; each response lists the codes it can carry." },
            ["errors"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Object | JsonSchemaType.Null,
                Description = "For validation_failed: messages per field.",
                AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
            },
            ["currentStatus"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null, Description = "For invalid_transition." },
            ["allowedActions"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Array | JsonSchemaType.Null,
                Items = new OpenApiSchema { Type = JsonSchemaType.String },
                Description = "For invalid_transition.",
            },
        },
        Required = new HashSet<string> { "type", "title", "status", "code" },
    };
}
