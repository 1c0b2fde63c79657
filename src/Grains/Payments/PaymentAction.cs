namespace MotCua.Grains.Payments;

/// <summary>What can happen to a payment.</summary>
public enum PaymentAction
{
    /// <summary>The money is on its way but its outcome is not known yet (a wallet hold placed, a gateway still working).</summary>
    Process,
    /// <summary>The money arrived: cash collected, a wallet hold captured, a gateway reported success.</summary>
    Succeed,
    /// <summary>The money will not arrive: a gateway reported failure, the wallet could not cover it.</summary>
    Fail,
    /// <summary>The portal withdrew a payment nobody has paid yet.</summary>
    Cancel,
    /// <summary>A pending payment outlived its lifetime.</summary>
    Expire,
    /// <summary>Part of what remains is given back.</summary>
    RefundPartially,
    /// <summary>All that remains is given back (an operator's refund, or the automatic refund of a duplicate).</summary>
    RefundInFull,
}
