using System.Collections.Concurrent;
using MotCua.Gateways;
using MotCua.Grains.Payments.Gateways;

namespace MotCua.Grains.Tests;

/// <summary>
/// The payment cluster's providers: the e-wallets are configured (the bank is not, so VietQR payments keep their lazy
/// expiry in the other tests); orders open at once, and each status query takes the next scripted answer for its
/// order (a list of payments, or an exception), or finds nothing when none is scripted.
/// </summary>
public sealed class ScriptedGateways : IPaymentGateways
{
    private readonly ConcurrentDictionary<string, ConcurrentQueue<Func<IReadOnlyList<GatewayPayment>>>> _answers = new(StringComparer.Ordinal);

    /// <summary>How many status queries each order received.</summary>
    public ConcurrentDictionary<string, int> Queries { get; } = new(StringComparer.Ordinal);

    public void Script(string orderId, Func<IReadOnlyList<GatewayPayment>> answer) =>
        _answers.GetOrAdd(orderId, _ => new()).Enqueue(answer);

    public bool IsConfigured(string provider) => provider is GatewayProviders.ViettelPay or GatewayProviders.VnptPay;

    public Task<GatewayPayment> OpenCheckoutAsync(string provider, string orderId, long amount, string description, CancellationToken cancellationToken = default) =>
        Task.FromResult(new GatewayPayment(provider, "TX-" + orderId, orderId, amount, GatewayPaymentStatus.Pending,
            RedirectUrl: new Uri($"https://checkout.test/{provider}/{orderId}")));

    public Task<IReadOnlyList<GatewayPayment>> QueryAsync(string provider, string reference, CancellationToken cancellationToken = default)
    {
        Queries.AddOrUpdate(reference, 1, (_, n) => n + 1);
        return Task.FromResult(_answers.TryGetValue(reference, out var queue) && queue.TryDequeue(out var next)
            ? next()
            : (IReadOnlyList<GatewayPayment>)[]);
    }

    /// <summary>The refunds paid, by idempotency key (a replayed key answers the first refund, as a provider does).</summary>
    public ConcurrentDictionary<string, GatewayRefund> Refunds { get; } = new(StringComparer.Ordinal);

    /// <summary>How many refund calls fail before the provider answers (each failure with an unknown outcome).</summary>
    public int RefundFailuresLeft;

    public Task<GatewayRefund> RefundAsync(string provider, string transactionId, string orderId, long amount, string reason, string idempotencyKey,
        CancellationToken cancellationToken = default)
    {
        if (Interlocked.Decrement(ref RefundFailuresLeft) >= 0)
        {
            throw new GatewayException(provider, GatewayFailure.Timeout, "scripted: the refund's answer was lost", idempotencyKey: idempotencyKey);
        }

        return Task.FromResult(Refunds.GetOrAdd(idempotencyKey,
            _ => new GatewayRefund(provider, "RF-" + Refunds.Count, transactionId, amount, DateTimeOffset.UtcNow)));
    }

    public Task<GatewayStatement> GetStatementAsync(string provider, DateOnly date, CancellationToken cancellationToken = default) =>
        Task.FromResult(new GatewayStatement(provider, date, []));
}
