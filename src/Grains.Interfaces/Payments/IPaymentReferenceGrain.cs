namespace MotCua.Grains.Interfaces.Payments;

/// <summary>The short code a citizen shows an agent, keyed by the code itself; maps to one payment id, forever.</summary>
public interface IPaymentReferenceGrain : IGrainWithStringKey
{
    /// <summary>Claims this reference for the payment; false if another payment holds it.</summary>
    Task<bool> ClaimAsync(string paymentId);

    /// <summary>The payment holding this reference, or null.</summary>
    Task<string?> GetPaymentIdAsync();
}
