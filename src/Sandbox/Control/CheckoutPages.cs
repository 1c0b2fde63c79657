using System.Globalization;
using System.Net;
using MotCua.Sandbox.Configuration;
using MotCua.Sandbox.Payments;

namespace MotCua.Sandbox.Control;

/// <summary>
/// The page an e-wallet's redirect URL points to, so a person can pay or fail a payment by hand. Paying returns the
/// citizen to the payment's return URL, as a wallet would.
/// </summary>
public static class CheckoutPages
{
    /// <summary>Maps <c>/checkout/{provider}/{transactionId}</c> and its two buttons.</summary>
    public static void MapCheckoutPages(this IEndpointRouteBuilder app)
    {
        app.MapGet("/checkout/{provider}/{transactionId}", Show);
        app.MapPost("/checkout/{provider}/{transactionId}/pay", (string provider, string transactionId, PaymentSimulator simulator, PaymentBook book, CancellationToken ct) =>
            ActAsync(provider, transactionId, book, () => simulator.PayAsync(provider, transactionId, ct)));
        app.MapPost("/checkout/{provider}/{transactionId}/fail", (string provider, string transactionId, PaymentSimulator simulator, PaymentBook book, CancellationToken ct) =>
            ActAsync(provider, transactionId, book, () => simulator.FailAsync(provider, transactionId, ct)));
    }

    private static IResult Show(string provider, string transactionId, PaymentBook book)
    {
        if (!SandboxOptions.IsProvider(provider) || book.Find(provider, transactionId) is not { } p)
        {
            return TypedResults.NotFound();
        }

        string E(string s) => WebUtility.HtmlEncode(s);
        var action = $"/checkout/{E(provider)}/{E(Uri.EscapeDataString(p.TransactionId))}";
        var html = string.Create(CultureInfo.InvariantCulture, $"""
            <!doctype html>
            <html lang="vi"><head><meta charset="utf-8"><title>Sandbox {E(provider)}</title></head>
            <body>
            <h1>{E(provider)} sandbox checkout</h1>
            <p>{E(p.Description)}</p>
            <p>Order {E(p.Reference)} · transaction {E(p.TransactionId)} · {p.Amount:N0} ₫ · {p.State}</p>
            <form method="post" action="{action}/pay"><button>Pay</button></form>
            <form method="post" action="{action}/fail"><button>Fail</button></form>
            </body></html>
            """);
        return TypedResults.Content(html, "text/html; charset=utf-8");
    }

    private static async Task<IResult> ActAsync(string provider, string transactionId, PaymentBook book, Func<Task<Outcome<SimulationResult>>> act)
    {
        if (!SandboxOptions.IsProvider(provider) || book.Find(provider, transactionId) is null)
        {
            return TypedResults.NotFound();
        }

        var outcome = await act();
        if (outcome.Error is { } error)
        {
            return TypedResults.Problem(error.Message, statusCode: error.Status);
        }

        var returnUrl = outcome.Value!.Payment.ReturnUrl;
        return Uri.TryCreate(returnUrl, UriKind.Absolute, out var back) && back.Scheme is "http" or "https"
            ? TypedResults.Redirect(back.AbsoluteUri)
            : TypedResults.Redirect($"/checkout/{provider}/{Uri.EscapeDataString(transactionId)}");
    }
}
