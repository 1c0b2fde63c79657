using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;
using MotCua.Gateways;
using MotCua.Sandbox.Notifications;
using MotCua.Sandbox.Payments;
using MotCua.Sandbox.Providers;

namespace MotCua.Sandbox.Control;

/// <summary>A simulated citizen action and the notifications it caused.</summary>
public sealed record SimulationResult(PaymentRecord Payment, IReadOnlyList<DeliveryRecord> Notifications);

/// <summary>Plays the citizen: pays or fails an e-wallet payment, or transfers money to the bank account by VietQR.</summary>
public sealed class PaymentSimulator(
    PaymentBook book,
    NotificationDispatcher dispatcher,
    TimeProvider time,
    IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
{
    private long events;

    /// <summary>The citizen completes an e-wallet payment; its provider notifies MotCua.</summary>
    public Task<Outcome<SimulationResult>> PayAsync(string provider, string id, CancellationToken ct) =>
        provider == GatewayProviders.Bank
            ? Task.FromResult<Outcome<SimulationResult>>(SandboxError.Invalid("Bank payments arrive as transfers: POST /sandbox/bank/transfers."))
            : NotifyAsync(provider, book.MarkPaid(provider, id), ct);

    /// <summary>The citizen's e-wallet attempt fails; its provider notifies MotCua.</summary>
    public Task<Outcome<SimulationResult>> FailAsync(string provider, string id, CancellationToken ct) =>
        provider == GatewayProviders.Bank
            ? Task.FromResult<Outcome<SimulationResult>>(SandboxError.Invalid("A bank transfer cannot fail once credited."))
            : NotifyAsync(provider, book.MarkFailed(provider, id), ct);

    /// <summary>Money arrives at the bank account with a bill number, as a VietQR transfer; the bank sends its notice.</summary>
    public Task<Outcome<SimulationResult>> TransferAsync(string billNumber, long amount, string description, CancellationToken ct) =>
        NotifyAsync(GatewayProviders.Bank, book.CreditTransfer(billNumber, amount, description), ct);

    /// <summary>Forgets the event counter.</summary>
    public void Clear() => Interlocked.Exchange(ref events, 0);

    private async Task<Outcome<SimulationResult>> NotifyAsync(string provider, Outcome<PaymentRecord> change, CancellationToken ct)
    {
        if (change.Error is { } error)
        {
            return error;
        }

        var payment = change.Value!;
        var eventId = string.Create(CultureInfo.InvariantCulture, $"evt_{provider}_{Interlocked.Increment(ref events):D6}");
        var body = provider switch
        {
            GatewayProviders.Bank => BankApi.Notification(payment, eventId),
            GatewayProviders.ViettelPay => ViettelPayApi.Notification(payment, eventId, time.GetUtcNow()),
            _ => VnptPayApi.Notification(payment, eventId, time.GetUtcNow()),
        };
        var deliveries = await dispatcher.PublishAsync(provider, eventId, body, json.Value.SerializerOptions, ct);
        return new SimulationResult(payment, deliveries);
    }
}
