using Microsoft.AspNetCore.Http.HttpResults;
using MotCua.Sandbox.Configuration;
using MotCua.Sandbox.Faults;
using MotCua.Sandbox.Notifications;
using MotCua.Sandbox.Payments;
using MotCua.Sandbox.Protocol;

namespace MotCua.Sandbox.Control;

/// <summary>
/// The sandbox's own routes under <c>/sandbox</c>, for tests and people: simulate citizens, inject faults, read the
/// notification log, reset. They need no credentials: the sandbox guards nothing.
/// </summary>
public static class ControlEndpoints
{
    /// <summary>Maps the control routes and the index page.</summary>
    public static void MapControlEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", () => TypedResults.Text(Index, "text/plain; charset=utf-8"));
        var sandbox = app.MapGroup("/sandbox");
        sandbox.MapGet("/faults", (FaultBook faults) => TypedResults.Ok(faults.Snapshot()));
        sandbox.MapPost("/faults", SetFaults);
        sandbox.MapDelete("/faults", (FaultBook faults) =>
        {
            faults.Clear();
            return TypedResults.NoContent();
        });
        sandbox.MapPost("/reset", Reset);
        sandbox.MapPost("/bank/transfers", Transfer);
        sandbox.MapGet("/{provider}/payments", ListPayments);
        sandbox.MapGet("/{provider}/payments/{id}", GetPayment);
        sandbox.MapPost("/{provider}/payments/{id}/pay", (string provider, string id, PaymentSimulator simulator, CancellationToken ct) =>
            Simulate(provider, () => simulator.PayAsync(provider, id, ct)));
        sandbox.MapPost("/{provider}/payments/{id}/fail", (string provider, string id, PaymentSimulator simulator, CancellationToken ct) =>
            Simulate(provider, () => simulator.FailAsync(provider, id, ct)));
        sandbox.MapGet("/notifications", (NotificationDispatcher dispatcher) => TypedResults.Ok(dispatcher.Log));
        sandbox.MapPost("/notifications/{eventId}/resend", Resend);
    }

    private const string Index = """
        MotCua gateway sandbox: bank (VietQR), ViettelPay and VNPT Pay, as src/Gateways/PROTOCOLS.md describes them.

        Provider APIs     /bank/v1/...  /viettelpay/v2/...  /vnptpay/api/...   (Bearer API key + X-Merchant-Id)
        Citizen           POST /sandbox/bank/transfers {"billNumber","amount","description"}
                          POST /sandbox/{provider}/payments/{id}/pay | /fail    GET /checkout/{provider}/{id}
        Payments          GET /sandbox/{provider}/payments[/{id}]
        Faults            GET|POST|DELETE /sandbox/faults
        Notifications     GET /sandbox/notifications   POST /sandbox/notifications/{eventId}/resend
        Everything        POST /sandbox/reset
        """;

    private static Results<Ok<IReadOnlyDictionary<string, FaultSettings>>, ValidationProblem> SetFaults(FaultSettings settings, FaultBook faults)
    {
        var problems = settings.Validate().ToArray();
        if (!string.IsNullOrEmpty(settings.Provider) && !SandboxOptions.IsProvider(settings.Provider))
        {
            problems = [.. problems, $"Unknown provider '{settings.Provider}'."];
        }

        if (problems.Length > 0)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["faults"] = problems });
        }

        faults.Set(settings);
        return TypedResults.Ok(faults.Snapshot());
    }

    private static NoContent Reset(PaymentBook book, FaultBook faults, IdempotencyStore keys, NotificationDispatcher dispatcher, PaymentSimulator simulator)
    {
        book.Clear();
        faults.Clear();
        keys.Clear();
        dispatcher.Clear();
        simulator.Clear();
        return TypedResults.NoContent();
    }

    private static async Task<Results<Created<SimulationResult>, ValidationProblem>> Transfer(
        TransferRequest request, PaymentSimulator simulator, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(request.BillNumber) || request.Amount <= 0)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["transfer"] = ["billNumber and a positive amount are required."] });
        }

        var outcome = await simulator.TransferAsync(request.BillNumber, request.Amount, request.Description ?? request.BillNumber, ct);
        return TypedResults.Created($"/sandbox/bank/payments/{outcome.Value!.Payment.TransactionId}", outcome.Value);
    }

    private static Results<Ok<IReadOnlyList<PaymentRecord>>, NotFound> ListPayments(string provider, PaymentBook book) =>
        SandboxOptions.IsProvider(provider) ? TypedResults.Ok(book.All(provider)) : TypedResults.NotFound();

    private static Results<Ok<PaymentRecord>, NotFound> GetPayment(string provider, string id, PaymentBook book) =>
        SandboxOptions.IsProvider(provider) && book.Find(provider, id) is { } payment ? TypedResults.Ok(payment) : TypedResults.NotFound();

    private static async Task<Results<Ok<SimulationResult>, ProblemHttpResult, NotFound>> Simulate(
        string provider, Func<Task<Outcome<SimulationResult>>> simulate)
    {
        if (!SandboxOptions.IsProvider(provider))
        {
            return TypedResults.NotFound();
        }

        var outcome = await simulate();
        return outcome.Error is { } error
            ? TypedResults.Problem(error.Message, statusCode: error.Status, extensions: new Dictionary<string, object?> { ["code"] = error.Code })
            : TypedResults.Ok(outcome.Value!);
    }

    private static async Task<Results<Ok<DeliveryRecord>, NotFound>> Resend(string eventId, NotificationDispatcher dispatcher, CancellationToken ct) =>
        await dispatcher.ResendAsync(eventId, ct) is { } record ? TypedResults.Ok(record) : TypedResults.NotFound();

    private sealed record TransferRequest(string? BillNumber, long Amount, string? Description);
}
