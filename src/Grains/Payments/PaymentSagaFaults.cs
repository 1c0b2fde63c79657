namespace MotCua.Grains.Payments;

/// <summary>The steps of a payment's saga, in the order they run.</summary>
public enum PaymentSagaStep
{
    /// <summary>Reserve the amount in the citizen's wallet.</summary>
    WalletHold,
    /// <summary>Take the held amount.</summary>
    WalletCapture,
    /// <summary>Tell the dossier its fee items are paid (or learn they already were).</summary>
    Dossier,
    /// <summary>Post the payment's journal entry.</summary>
    Ledger,
    /// <summary>Get the electronic receipt number.</summary>
    Receipt,
    /// <summary>Cancel the other pending payments of the fee items this one paid.</summary>
    CancelPending,
    /// <summary>Post a refund's journal entry.</summary>
    RefundLedger,
    /// <summary>Credit a refund back to the wallet.</summary>
    RefundPayout,
    /// <summary>Release the wallet hold of a payment that did not go through.</summary>
    WalletRelease,
    /// <summary>Tell the dossier of a status other than success (failed, cancelled, expired, refunded).</summary>
    DossierStatus,
}

/// <summary>
/// A seam for tests: the payment asks it before every saga step, after the previous step was written. The default
/// does nothing; a test registers one that throws to prove a saga resumes from any step after a failure or a crash.
/// </summary>
public interface IPaymentSagaFaults
{
    void BeforeStep(string paymentId, PaymentSagaStep step);
}

/// <summary>No faults: what runs outside tests.</summary>
public sealed class NoPaymentSagaFaults : IPaymentSagaFaults
{
    public void BeforeStep(string paymentId, PaymentSagaStep step)
    {
    }
}
