namespace MotCua.Grains.Interfaces.Payments;

/// <summary>The short code a citizen shows an agent, keyed by the code itself; maps to one payment id, forever.</summary>
public interface IPaymentReferenceGrain : IGrainWithStringKey
{
    /// <summary>Claims this reference for the payment; false if another payment holds it.</summary>
    Task<bool> ClaimAsync(string paymentId);

    /// <summary>The payment holding this reference, or null.</summary>
    Task<string?> GetPaymentIdAsync();
}

/// <summary>Finding the payment a provider names.</summary>
public static class PaymentReferenceGrainFactoryExtensions
{
    /// <summary>
    /// The payment a provider's reference names: e-wallet orders carry the payment id itself, VietQR transfers the
    /// payment reference as bill number. Null when it names no payment.
    /// </summary>
    public static async Task<string?> FindPaymentByProviderReferenceAsync(this IGrainFactory grains, string reference)
    {
        if (PaymentIds.IsPaymentId(reference))
        {
            return reference;
        }

        var normalized = reference.Trim().ToUpperInvariant();
        return PaymentIds.IsReference(normalized)
            ? await grains.GetGrain<IPaymentReferenceGrain>(normalized).GetPaymentIdAsync()
            : null;
    }
}
