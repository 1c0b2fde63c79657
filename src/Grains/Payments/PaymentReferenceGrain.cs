using MotCua.Grains.Interfaces;
using MotCua.Grains.Interfaces.Payments;

namespace MotCua.Grains.Payments;

/// <summary>A payment reference: claimed once by one payment, and kept.</summary>
[GrainType("payment-reference")]
public sealed class PaymentReferenceGrain(
    [PersistentState(StateNames.PaymentReference, StorageNames.Default)] IPersistentState<PaymentReferenceState> store)
    : Grain, IPaymentReferenceGrain
{
    public async Task<bool> ClaimAsync(string paymentId)
    {
        if (store.State.PaymentId is { } holder)
        {
            return holder == paymentId;
        }

        store.State.PaymentId = paymentId;
        await store.WriteStateAsync();
        return true;
    }

    public Task<string?> GetPaymentIdAsync() => Task.FromResult(store.State.PaymentId);
}

[GenerateSerializer, Alias("motcua.payment-reference-state")]
public sealed class PaymentReferenceState
{
    [Id(0)] public string? PaymentId { get; set; }
}
