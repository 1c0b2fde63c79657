using System.Text.Json.Nodes;
using Microsoft.OpenApi;

namespace MotCua.Api.OpenApi;

/// <summary>Request and response examples for the README's fee path: file, ask for the fee, pay in cash, collect.</summary>
public static class FeePathExamples
{
    private const string Code = "HN-TTHCC-260302-0001";
    private const string PaymentId = "pay_3f9c2a7d1e5b4c08a6d2";

    public static void Apply(OpenApiDocument document)
    {
        Set(document, "/v1/dossiers", HttpMethod.Post,
            new JsonObject
            {
                ["procedureCode"] = "SXD-XD-001",
                ["agencyCode"] = "SXD",
                ["receivingCentre"] = "HN-TTHCC",
                ["applicant"] = new JsonObject { ["citizenId"] = "001089001234", ["fullName"] = "Nguyễn Văn An" },
            },
            "201", Dossier("submitted", 1, dueAt: null));
        Set(document, "/v1/dossiers/{code}/accept", HttpMethod.Post, null, "200", Dossier("accepted", 2, "2026-03-23T09:00:00+07:00"));
        Set(document, "/v1/dossiers/{code}/request-payment", HttpMethod.Post,
            new JsonObject
            {
                ["items"] = new JsonArray(new JsonObject { ["kind"] = "charge", ["name"] = "Lệ phí cấp giấy phép xây dựng", ["amount"] = 75000 }),
            },
            "200", Dossier("payment_requested", 6, "2026-03-23T09:00:00+07:00"));
        Set(document, "/v1/payments", HttpMethod.Post,
            new JsonObject { ["dossierCode"] = Code, ["method"] = "cash" },
            "201", new JsonObject
            {
                ["id"] = PaymentId,
                ["dossierCode"] = Code,
                ["method"] = "cash",
                ["status"] = "pending",
                ["amount"] = 75000,
                ["reference"] = "AKDKCB3M",
                ["createdAt"] = "2026-03-02T09:05:00+07:00",
                ["expiresAt"] = "2026-03-09T09:05:00+07:00",
                ["channelId"] = null,
                ["agentReceiptNumber"] = null,
                ["refundDue"] = false,
                ["history"] = new JsonArray(),
                ["agencyCode"] = "SXD",
            });
        Set(document, "/v1/payments/by-reference/{reference}", HttpMethod.Get, null, "200", new JsonObject
        {
            ["paymentId"] = PaymentId,
            ["reference"] = "AKDKCB3M",
            ["dossierCode"] = Code,
            ["applicantName"] = "Nguyễn Văn An",
            ["amount"] = 75000,
            ["method"] = "cash",
            ["status"] = "pending",
        });
        Set(document, "/v1/channels/{channelId}/collections", HttpMethod.Post,
            new JsonObject { ["reference"] = "AKDKCB3M", ["amount"] = 75000, ["receiptNumber"] = "BL-000123" },
            "201", null);
    }

    private static JsonObject Dossier(string status, int statusCode, string? dueAt) => new()
    {
        ["code"] = Code,
        ["status"] = status,
        ["statusCode"] = statusCode,
        ["procedureCode"] = "SXD-XD-001",
        ["applicant"] = new JsonObject { ["citizenId"] = "001089001234", ["fullName"] = "Nguyễn Văn An" },
        ["agencyCode"] = "SXD",
        ["receivingCentre"] = "HN-TTHCC",
        ["submittedAt"] = "2026-03-02T08:30:00+07:00",
        ["dueAt"] = dueAt,
        ["overdue"] = false,
        ["fees"] = new JsonArray(),
        ["payments"] = new JsonArray(),
        ["history"] = new JsonArray(),
        ["allowedActions"] = new JsonArray(),
    };

    private static void Set(OpenApiDocument document, string path, HttpMethod method, JsonObject? request, string status, JsonObject? response)
    {
        if (document.Paths.TryGetValue(path, out var item) is false || item.Operations?.TryGetValue(method, out var operation) is not true)
        {
            return; // the route moved: the contract test names what is missing
        }

        if (request is not null && operation.RequestBody?.Content?.TryGetValue("application/json", out var body) == true)
        {
            body.Example = request;
        }

        if (response is not null && operation.Responses?.TryGetValue(status, out var answer) == true
            && answer.Content?.TryGetValue("application/json", out var content) == true)
        {
            content.Example = response;
        }
    }
}
