using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace MotCua.Api.Tests.Security;

/// <summary>What a body field holds, so the fuzzer knows which values are certainly invalid for it.</summary>
public enum FieldKind
{
    Text,
    Code,
    CitizenId,
    Amount,
    Score,
    FeeKind,
    Method,
    DueAt,
    Reference,
    DossierCode,
    KeyRole,
    ChannelId,
}

/// <summary>A body field the fuzzer may spoil: its JSON path (dots, array indexes as numbers) and kind.</summary>
public sealed record FieldSpec(string Path, FieldKind Kind, int MaxLength = 0);

/// <summary>A request that must be refused with 400 and an error for <see cref="Field"/>.</summary>
public sealed record BadInput(string Field, string[]? Args = null, JsonObject? Body = null, string? Query = null);

/// <summary>A key whose role may use the route but whose agency or channel binding does not cover these ids: 403.</summary>
public sealed record BindingCase(string Key, string[] Args, string? Query = null);

/// <summary>
/// One route of the API, with what the security tests need: who may call it, valid ids and body (from the fixture),
/// the body fields to spoil, one bad input, and a binding case where the contract has one.
/// </summary>
public sealed record RouteCase(
    string Method,
    string Template,
    string[] Roles,
    Func<SecurityFixture, string[]> Args,
    Func<SecurityFixture, JsonObject>? Body = null,
    FieldSpec[]? Fields = null,
    Func<SecurityFixture, BadInput>? Bad = null,
    Func<SecurityFixture, BindingCase>? Binding = null,
    bool Idempotent = false,
    string? Query = null)
{
    public bool IsPost => Method == "POST";

    public override string ToString() => $"{Method} {Template}";

    /// <summary>The path with these values for the template's parameters, in order, each escaped.</summary>
    public string PathWith(string[] args)
    {
        var i = 0;
        var path = Regex.Replace(Template, @"\{[^}]+\}", _ => Uri.EscapeDataString(args[i++]));
        return path;
    }

    public int ParameterCount => Regex.Matches(Template, @"\{[^}]+\}").Count;
}

/// <summary>
/// Every route of the API in one place. A route added later is one line here, and the authorisation table test and
/// the fuzzer then cover it.
/// </summary>
public static class RouteTable
{
    public const string Portal = "portal";
    public const string Officer = "officer";
    public const string Agent = "agent";
    public const string Operator = "operator";
    public static readonly string[] AllRoles = [Portal, Officer, Agent, Operator];

    /// <summary>The key of each role whose binding covers the fixture's ids (SXD, vnpost:HN-0001).</summary>
    public static string KeyFor(string role) => role switch
    {
        Portal => SecurityFactory.PortalKey,
        Officer => SecurityFactory.OfficerKey,
        Agent => SecurityFactory.AgentKey,
        _ => SecurityFactory.OperatorKey,
    };

    private static readonly string[] None = [];
    private const string Control = "lý do\u0007";

    private static BadInput ReasonBad(SecurityFixture f) => new("reason", [f.SxdDossier], new JsonObject { ["reason"] = Control });

    private static RouteCase DossierAction(string action, string role, bool binding) => new(
        "POST", $"/v1/dossiers/{{code}}/{action}", [role], f => [f.SxdDossier],
        Body: _ => new JsonObject { ["reason"] = "Hồ sơ cần bổ sung" },
        Fields: [new("reason", FieldKind.Text, 2000)],
        Bad: ReasonBad,
        Binding: binding ? f => new BindingCase(SecurityFactory.OfficerKey, [f.StpDossier]) : null,
        Idempotent: true);

    public static readonly IReadOnlyList<RouteCase> All =
    [
        new("GET", "/v1/procedures", AllRoles, _ => None),
        new("POST", "/v1/dossiers", [Portal], _ => None,
            Body: _ => new JsonObject
            {
                ["procedureCode"] = "SXD-XD-001", ["agencyCode"] = "SXD", ["receivingCentre"] = "HN-SEC",
                ["applicant"] = new JsonObject { ["citizenId"] = "001089001234", ["fullName"] = "Nguyễn Văn An" },
            },
            Fields: [new("procedureCode", FieldKind.Code), new("agencyCode", FieldKind.Code), new("receivingCentre", FieldKind.Code),
                new("applicant.citizenId", FieldKind.CitizenId), new("applicant.fullName", FieldKind.Text, 100)],
            Bad: _ => new BadInput("applicant.citizenId", Body: new JsonObject
            {
                ["procedureCode"] = "SXD-XD-001", ["agencyCode"] = "SXD", ["receivingCentre"] = "HN-SEC",
                ["applicant"] = new JsonObject { ["citizenId"] = "050089001234", ["fullName"] = "Nguyễn Văn An" },
            }),
            Idempotent: true),
        new("GET", "/v1/dossiers", [Officer, Operator], _ => None, Query: "agency=SXD",
            Bad: _ => new BadInput("pageSize", Query: "agency=SXD&pageSize=0"),
            Binding: _ => new BindingCase(SecurityFactory.OfficerKey, None, "agency=STP")),
        new("GET", "/v1/dossiers/{code}", [Portal, Officer, Operator], f => [f.SxdDossier],
            Bad: _ => new BadInput("code", ["HN'; DROP TABLE dossiers;--"]),
            Binding: f => new BindingCase(SecurityFactory.OfficerKey, [f.StpDossier])),
        new("GET", "/v1/dossiers/{code}/status-link", [Portal, Officer, Operator], f => [f.SxdDossier],
            Bad: _ => new BadInput("code", ["HN'; DROP TABLE dossiers;--"]),
            Binding: f => new BindingCase(SecurityFactory.OfficerKey, [f.StpDossier])),
        new("GET", "/v1/dossiers/{code}/receipt.pdf", [Portal, Officer], f => [f.SxdDossier],
            Bad: _ => new BadInput("code", ["HN'; DROP TABLE dossiers;--"]),
            Binding: f => new BindingCase(SecurityFactory.OfficerKey, [f.StpDossier])),
        new("POST", "/v1/dossiers/{code}/status-link/reissue", [Officer], f => [f.SxdDossier],
            Body: _ => new JsonObject { ["reason"] = "Phiếu hẹn bị mất" },
            Fields: [new("reason", FieldKind.Text, 2000)],
            Bad: ReasonBad,
            Binding: f => new BindingCase(SecurityFactory.OfficerKey, [f.StpDossier]),
            Idempotent: true),
        DossierAction("accept", Officer, binding: true),
        DossierAction("refuse", Officer, binding: true),
        DossierAction("process", Officer, binding: true),
        DossierAction("request-supplement", Officer, binding: true),
        DossierAction("supplement", Portal, binding: false),
        DossierAction("withdraw", Portal, binding: false),
        DossierAction("stop", Officer, binding: true),
        DossierAction("complete", Officer, binding: true),
        DossierAction("return", Officer, binding: true),
        new("POST", "/v1/dossiers/{code}/request-payment", [Officer], f => [f.SxdDossier],
            Body: _ => new JsonObject
            {
                ["items"] = new JsonArray(new JsonObject { ["kind"] = "fee", ["name"] = "Phí thẩm định", ["amount"] = 50000 }),
            },
            Fields: [new("items.0.kind", FieldKind.FeeKind), new("items.0.name", FieldKind.Text, 200), new("items.0.amount", FieldKind.Amount)],
            Bad: f => new BadInput("items[0].amount", [f.SxdDossier], new JsonObject
            {
                ["items"] = new JsonArray(new JsonObject { ["kind"] = "fee", ["name"] = "Phí thẩm định", ["amount"] = -5 }),
            }),
            Binding: f => new BindingCase(SecurityFactory.OfficerKey, [f.StpDossier]),
            Idempotent: true),
        new("POST", "/v1/dossiers/{code}/apologize", [Officer], f => [f.SxdDossier],
            Body: _ => new JsonObject { ["dueAt"] = "2026-12-30T17:00:00+07:00", ["reason"] = "Cần thêm thời gian thẩm định" },
            Fields: [new("dueAt", FieldKind.DueAt), new("reason", FieldKind.Text, 2000)],
            Bad: f => new BadInput("dueAt", [f.SxdDossier], new JsonObject { ["dueAt"] = "ngày mai", ["reason"] = "Trễ hạn" }),
            Binding: f => new BindingCase(SecurityFactory.OfficerKey, [f.StpDossier]),
            Idempotent: true),
        new("POST", "/v1/dossiers/{code}/rating", [Portal], f => [f.SxdDossier],
            Body: _ => new JsonObject { ["score"] = 5, ["comment"] = "Nhanh gọn" },
            Fields: [new("score", FieldKind.Score), new("comment", FieldKind.Text, 1000)],
            Bad: f => new BadInput("score", [f.SxdDossier], new JsonObject { ["score"] = 9 }),
            Idempotent: true),
        new("POST", "/v1/payments", [Portal], _ => None,
            Body: f => new JsonObject { ["dossierCode"] = f.FeeDossier, ["method"] = "cash" },
            Fields: [new("dossierCode", FieldKind.DossierCode), new("method", FieldKind.Method)],
            Bad: f => new BadInput("method", Body: new JsonObject { ["dossierCode"] = f.FeeDossier, ["method"] = "bitcoin" }),
            Idempotent: true),
        new("GET", "/v1/payments/{id}", [Portal, Operator], f => [f.PaymentId],
            Bad: _ => new BadInput("id", ["pay_<script>alert(1)</script>"])),
        new("GET", "/v1/payments/by-reference/{reference}", [Agent], f => [f.Reference],
            Bad: _ => new BadInput("reference", ["' OR 1=1 --"])),
        new("POST", "/v1/payments/{id}/cancel", [Portal], f => [f.PaymentId],
            Body: _ => new JsonObject { ["reason"] = "Đổi phương thức" },
            Fields: [new("reason", FieldKind.Text, 2000)],
            Bad: f => new BadInput("reason", [f.PaymentId], new JsonObject { ["reason"] = Control }),
            Idempotent: true),
        new("POST", "/v1/payments/{id}/refunds", [Operator], f => [f.PaymentId],
            Body: _ => new JsonObject { ["amount"] = 1000, ["reason"] = "Thu thừa" },
            Fields: [new("amount", FieldKind.Amount), new("reason", FieldKind.Text, 2000)],
            Bad: f => new BadInput("amount", [f.PaymentId], new JsonObject { ["amount"] = 0, ["reason"] = "Thu thừa" }),
            Idempotent: true),
        new("POST", "/v1/channels/{channelId}/collections", [Agent], _ => [SecurityFactory.Channel],
            Body: f => new JsonObject { ["reference"] = f.Reference, ["amount"] = 75000, ["receiptNumber"] = "BL-000123" },
            Fields: [new("reference", FieldKind.Reference), new("amount", FieldKind.Amount), new("receiptNumber", FieldKind.Text, 64)],
            Bad: f => new BadInput("amount", [SecurityFactory.Channel],
                new JsonObject { ["reference"] = f.Reference, ["amount"] = -1, ["receiptNumber"] = "BL-1" }),
            Binding: _ => new BindingCase(SecurityFactory.OtherAgentKey, [SecurityFactory.Channel]),
            Idempotent: true),
        new("GET", "/v1/channels/{channelId}", [Agent, Operator], _ => [SecurityFactory.Channel],
            Bad: _ => new BadInput("channelId", ["vnpost HN 0001"]),
            Binding: _ => new BindingCase(SecurityFactory.OtherAgentKey, [SecurityFactory.Channel])),
        new("GET", "/v1/wallets/{citizenId}", [Portal, Operator], f => [f.Citizen],
            Bad: _ => new BadInput("citizenId", ["000089001234"])),
        new("POST", "/v1/wallets/{citizenId}/top-ups", [Portal], f => [f.Citizen],
            Body: _ => new JsonObject { ["amount"] = 100000 },
            Fields: [new("amount", FieldKind.Amount)],
            Bad: f => new BadInput("amount", [f.Citizen], new JsonObject { ["amount"] = 100_000_000_001 }),
            Idempotent: true),
        new("GET", "/v1/ledger/audit", [Operator], _ => None),
        new("GET", "/v1/cluster", [Operator], _ => None),
        new("POST", "/v1/access/keys", [Operator], _ => None,
            Body: _ => new JsonObject { ["role"] = "officer", ["agencyCode"] = "SXD", ["label"] = "Một cửa SXD" },
            Fields: [new("role", FieldKind.KeyRole), new("agencyCode", FieldKind.Code), new("label", FieldKind.Text, 100)],
            Bad: _ => new BadInput("role", Body: new JsonObject { ["role"] = "root" }),
            Idempotent: true),
        new("GET", "/v1/access/keys", [Operator], _ => None),
        new("GET", "/v1/access/keys/{keyId}", [Operator], f => [f.IssuedKeyId],
            Bad: _ => new BadInput("keyId", ["../../etc/passwd"])),
        new("POST", "/v1/access/keys/{keyId}/revoke", [Operator], f => [f.IssuedKeyId],
            Body: _ => new JsonObject { ["reason"] = "Lộ khóa" },
            Fields: [new("reason", FieldKind.Text, 500)],
            Bad: f => new BadInput("reason", [f.IssuedKeyId], new JsonObject { ["reason"] = Control }),
            Idempotent: true),
        new("GET", "/v1/audit", [Operator], _ => None, Query: "date=2026-11-23",
            Bad: _ => new BadInput("date", Query: "date=h%C3%B4m-qua")),
        new("GET", "/dashboard", [Operator], _ => None),
        new("GET", "/v1/me", AllRoles, _ => None),
        new("GET", "/v1/payments", [Operator], _ => None, Query: "status=processing",
            Bad: _ => new BadInput("status", Query: "status=succeeded")),
        new("GET", "/v1/payments/{id}/qr.png", [Portal], f => [f.PaymentId],
            Bad: _ => new BadInput("id", ["pay_%00"])),
        new("POST", "/v1/payments/{id}/status-query", [Operator], f => [f.PaymentId],
            Body: _ => new JsonObject { ["reason"] = "Hỏi lại ngân hàng" },
            Fields: [new("reason", FieldKind.Text, 2000)],
            Bad: f => new BadInput("reason", [f.PaymentId], new JsonObject { ["reason"] = Control }),
            Idempotent: true),
        new("POST", "/v1/channels/{channelId}/settlements", [Agent, Operator], _ => [SecurityFactory.Channel],
            Body: _ => new JsonObject { ["amount"] = 0, ["remittanceReference"] = "UNC-0001", ["note"] = "Nộp tiền cuối ngày" },
            Fields: [new("remittanceReference", FieldKind.Text, 64), new("note", FieldKind.Text, 500)],
            Bad: _ => new BadInput("remittanceReference", [SecurityFactory.Channel], new JsonObject { ["amount"] = 0, ["remittanceReference"] = Control }),
            Binding: _ => new BindingCase(SecurityFactory.OtherAgentKey, [SecurityFactory.Channel]),
            Idempotent: true),
        new("POST", "/v1/channels/{channelId}/settlements/{settlementId}/confirm", [Operator], _ => [SecurityFactory.Channel, SecurityFactory.Channel + ":1"],
            Body: _ => new JsonObject { ["note"] = "Sao kê kho bạc" },
            Fields: [new("note", FieldKind.Text, 500)],
            Bad: _ => new BadInput("note", [SecurityFactory.Channel, SecurityFactory.Channel + ":1"], new JsonObject { ["note"] = Control }),
            Idempotent: true),
        new("GET", "/v1/reconciliation/{date}", [Operator], _ => ["2026-11-23"],
            Bad: _ => new BadInput("date", ["2026-02-30"])),
        new("POST", "/v1/reconciliation/{date}/resolutions", [Operator], _ => ["2026-11-23"],
            Body: _ => new JsonObject { ["provider"] = "bank", ["transactionId"] = "FT000001", ["note"] = "Đối soát" },
            Fields: [new("transactionId", FieldKind.Code), new("note", FieldKind.Text, 500)],
            Bad: _ => new BadInput("provider", ["2026-11-23"], new JsonObject { ["provider"] = "paypal", ["transactionId"] = "FT1", ["note"] = "x" }),
            Idempotent: true),
        new("POST", "/v1/webhook-endpoints", [Portal, Operator], _ => None,
            Body: _ => new JsonObject { ["url"] = "https://portal.example.gov.vn/hooks", ["events"] = new JsonArray("payment.succeeded") },
            Fields: [new("url", FieldKind.Text, 2048)],
            Bad: _ => new BadInput("url", Body: new JsonObject { ["url"] = "javascript:alert(1)", ["events"] = new JsonArray("payment.succeeded") }),
            Idempotent: true),
        new("GET", "/v1/webhook-endpoints/{id}", [Portal, Operator], _ => ["whk_00000000000000000000"]),
        new("GET", "/v1/webhook-endpoints/{id}/deliveries", [Portal, Operator], _ => ["whk_00000000000000000000"]),
        new("GET", "/v1/stats/agencies/{code}", [Officer, Operator], _ => ["SXD"], Query: "month=2026-11",
            Bad: _ => new BadInput("month", ["SXD"], Query: "month=2026-13"),
            Binding: _ => new BindingCase(SecurityFactory.OtherOfficerKey, ["SXD"], "month=2026-11")),
        new("GET", "/v1/stats/channels/{id}", [Agent, Operator], _ => [SecurityFactory.Channel], Query: "date=2026-11-23",
            Bad: _ => new BadInput("date", [SecurityFactory.Channel], Query: "date=2026-02-30"),
            Binding: _ => new BindingCase(SecurityFactory.OtherAgentKey, [SecurityFactory.Channel], "date=2026-11-23")),
        new("GET", "/v1/kpi/agencies/{code}", [Officer, Operator], _ => ["SXD"], Query: "month=2026-11",
            Bad: _ => new BadInput("month", ["SXD"], Query: "month=2026-13"),
            Binding: _ => new BindingCase(SecurityFactory.OtherOfficerKey, ["SXD"], "month=2026-11")),
        new("GET", "/v1/kpi/agencies", [Operator], _ => None, Query: "month=2026-11",
            Bad: _ => new BadInput("month", Query: "month=11-2026")),
    ];

    /// <summary>
    /// Routes that authenticate by a provider's signature instead of an API key; GatewayPaymentApiTests covers them
    /// (missing, malformed, forged and stale signatures are 401 and change nothing).
    /// </summary>
    public static readonly string[] SignedByProviders = ["POST /v1/gateways/{provider}/notifications"];

    /// <summary>Routes for anyone holding a dossier's status link (no key; the token is the credential): StatusLinkApiTests.</summary>
    public static readonly string[] OpenToSlipHolders = ["GET /v1/public/status/{token}", "GET /v1/public/status/{token}/vietqr.png"];
}
