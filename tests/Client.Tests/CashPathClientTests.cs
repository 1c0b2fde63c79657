using Microsoft.Kiota.Http.HttpClientLibrary.Middleware.Options;
using MotCua.Api.Tests.Infrastructure;
using MotCua.Client.Models;
using MotCua.Client.Tests.Infrastructure;

namespace MotCua.Client.Tests;

/// <summary>
/// The README's "a fee paid in cash, end to end", step by step, through the client Kiota generated from the document
/// (tests/Client/Generated), and its errors: every problem answer arrives as the generated <see cref="Problem"/>
/// exception, with its status and stable <c>code</c>.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class CashPathClientTests(MotCuaFactory factory)
{
    private const string Channel = "vnpost:HN-0001";

    private readonly MotCuaClient _portal = GeneratedClients.For(factory, GeneratedClients.Portal);
    private readonly MotCuaClient _officer = GeneratedClients.For(factory, GeneratedClients.Officer);
    private readonly MotCuaClient _agent = GeneratedClients.For(factory, GeneratedClients.Agent);
    private readonly MotCuaClient _operator = GeneratedClients.For(factory, GeneratedClients.Operator);

    [Fact]
    public async Task AFeeIsPaidInCashFromFilingToProcessing()
    {
        // 1. A portal files a dossier → 201, status "submitted", code {unit}-{yyMMdd}-{nnnn}.
        var filed = await _portal.V1.Dossiers.PostAsync(Filing());
        Assert.NotNull(filed);
        var code = filed.Code!;
        Assert.Matches(@"^HN-TTHCC-\d{6}-\d{4}$", code);
        Assert.Equal("submitted", filed.Status);
        Assert.Equal(1, filed.StatusCode);
        Assert.Equal("Nguyễn Văn An", filed.Applicant?.FullName);

        // 2. The officer of SXD accepts it (dueAt set), then asks for the fee.
        var accepted = await _officer.V1.Dossiers[code].Accept.PostAsync(new ReasonRequest());
        Assert.Equal("accepted", accepted?.Status);
        Assert.NotNull(accepted?.DueAt);
        var requested = await _officer.V1.Dossiers[code].RequestPayment.PostAsync(new RequestPaymentRequest
        {
            Items = [new FeeItemBody { Kind = "charge", Name = "Lệ phí cấp giấy phép xây dựng", Amount = 75_000 }],
        });
        Assert.Equal("payment_requested", requested?.Status);
        Assert.Equal(75_000, Assert.Single(requested!.Fees!).Amount);

        // 3. The portal creates a cash payment → 201, status "pending", with a short reference for the counter.
        var payment = await _portal.V1.Payments.PostAsync(new CreatePaymentRequest { DossierCode = code, Method = "cash" });
        Assert.NotNull(payment);
        Assert.Equal("pending", payment.Status);
        Assert.Equal(75_000, payment.Amount);
        var reference = payment.Reference!;
        Assert.Matches("^[0-9A-Z]{8}$", reference);

        // 4. The post-office agent looks it up, collects the cash and confirms it → the payment succeeds.
        var terms = await _agent.V1.Payments.ByReference[reference].GetAsync();
        Assert.Equal(75_000, terms?.Amount);
        Assert.Equal(code, terms?.DossierCode);
        Assert.Equal("Nguyễn Văn An", terms?.ApplicantName);
        var before = await _agent.V1.Channels[Channel].GetAsync();
        var collected = await _agent.V1.Channels[Channel].Collections.PostAsync(new RecordCollectionRequest
        {
            Reference = reference,
            Amount = 75_000,
            ReceiptNumber = "BL-000123",
        });
        Assert.Equal("succeeded", collected?.PaymentStatus);
        Assert.Equal(payment.Id, collected?.PaymentId);
        Assert.Equal("BL-000123", collected?.ReceiptNumber);

        // 5. Both read back with their history: the dossier is "processing" again, the payment listed as "succeeded".
        var paid = await _portal.V1.Payments[payment.Id!].GetAsync();
        Assert.Equal("succeeded", paid?.Status);
        Assert.Equal("BL-000123", paid?.AgentReceiptNumber);
        Assert.Equal(["payment.created", "payment.succeeded"], paid!.History!.Select(h => h.Type));
        var dossier = await _portal.V1.Dossiers[code].GetAsync();
        Assert.Equal("processing", dossier?.Status);
        Assert.Equal(4, dossier?.StatusCode);
        var listed = Assert.Single(dossier!.Payments!);
        Assert.Equal(("succeeded", 75_000L), (listed.Status, listed.Amount));
        Assert.True(Assert.Single(dossier.Fees!).Paid);
        Assert.Equal(["submitted", "accepted", "payment_requested", "processing"],
            dossier.History!.Where(h => h.ToStatus is not null).Select(h => h.ToStatus));
        var after = await _agent.V1.Channels[Channel].GetAsync();
        Assert.Equal(before!.OpenWindow!.Total + 75_000, after!.OpenWindow!.Total);
        Assert.Equal(before.Position + 75_000, after.Position);

        // The same reference collected again under a new key: the first collection is the answer, no more cash counted.
        var again = await _agent.V1.Channels[Channel].Collections.PostAsync(new RecordCollectionRequest
        {
            Reference = reference,
            Amount = 75_000,
            ReceiptNumber = "BL-000124",
        });
        Assert.Equal("BL-000123", again!.ReceiptNumber);
        Assert.Equal(after.Position, (await _agent.V1.Channels[Channel].GetAsync())!.Position);
    }

    [Fact]
    public async Task AReplayedPostReturnsTheFirstAnswerAndTheSameKeyWithAnotherBodyIs422()
    {
        var key = Guid.NewGuid().ToString();
        var first = await _portal.V1.Dossiers.PostAsync(Filing(), c => c.Headers.Add("Idempotency-Key", key));
        var inspection = new HeadersInspectionHandlerOption { InspectResponseHeaders = true };

        var replay = await _portal.V1.Dossiers.PostAsync(Filing(), c =>
        {
            c.Headers.Add("Idempotency-Key", key);
            c.Options.Add(inspection);
        });

        Assert.Equal(first?.Code, replay?.Code);
        Assert.Equal(["true"], inspection.ResponseHeaders["Idempotent-Replayed"]);
        await ProblemAsync(() => _portal.V1.Dossiers.PostAsync(Filing("HCM-TTHCC"), c => c.Headers.Add("Idempotency-Key", key)),
            422, "idempotency_key_reused");
    }

    [Fact]
    public async Task AForbiddenTransitionIs409WithTheCurrentStatusAndAllowedActions()
    {
        var code = (await _portal.V1.Dossiers.PostAsync(Filing()))!.Code!;

        var problem = await ProblemAsync(() => _officer.V1.Dossiers[code].Complete.PostAsync(new ReasonRequest()), 409, "invalid_transition");

        Assert.Equal("submitted", problem.CurrentStatus);
        Assert.Equal(["accept", "refuse", "withdraw"], problem.AllowedActions!);
    }

    [Fact]
    public async Task BadInputIs400WithAnErrorPerField()
    {
        var problem = await ProblemAsync(() => _portal.V1.Dossiers.PostAsync(new FileDossierRequest
        {
            ProcedureCode = "NO-SUCH-PROC",
            AgencyCode = "sxd",
            ReceivingCentre = "",
            Applicant = new ApplicantRequest { CitizenId = "12345", FullName = "A\u0000B" },
        }), 400, "validation_failed");

        Assert.Equal(["agencyCode", "applicant.citizenId", "applicant.fullName", "procedureCode", "receivingCentre"],
            problem.Errors!.AdditionalData.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task AnUnknownKeyIs401AnotherRolesActionIs403AndAnUnknownDossierIs404()
    {
        var stranger = GeneratedClients.For(factory, "no-such-key");
        await ProblemAsync(() => stranger.V1.Dossiers.PostAsync(Filing()), 401, "unauthorized");

        var code = (await _portal.V1.Dossiers.PostAsync(Filing()))!.Code!;
        await ProblemAsync(() => _agent.V1.Dossiers[code].Accept.PostAsync(new ReasonRequest()), 403, "forbidden");

        await ProblemAsync(() => _operator.V1.Dossiers["HN-TTHCC-990101-0001"].GetAsync(), 404, "not_found");
    }

    private static FileDossierRequest Filing(string centre = "HN-TTHCC") => new()
    {
        ProcedureCode = "SXD-XD-001",
        AgencyCode = "SXD",
        ReceivingCentre = centre,
        Applicant = new ApplicantRequest { CitizenId = "001089001234", FullName = "Nguyễn Văn An" },
    };

    /// <summary>The call fails with the generated <see cref="Problem"/>: its HTTP status, its <c>status</c> and its <c>code</c>.</summary>
    private static async Task<Problem> ProblemAsync(Func<Task> call, int status, string code)
    {
        var problem = await Assert.ThrowsAsync<Problem>(call);
        Assert.True(problem.ResponseStatusCode == status && problem.Code == code,
            $"Expected {status} {code}, got {problem.ResponseStatusCode} {problem.Code}: {problem.Detail}");
        Assert.Equal(status, problem.Status);
        Assert.StartsWith("https://motcua.gov.vn/problems/", problem.Type, StringComparison.Ordinal);
        return problem;
    }
}
