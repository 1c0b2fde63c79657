namespace MotCua.Grains.Interfaces.Wallets;

/// <summary>
/// A citizen's prepaid wallet, keyed by citizen id: top-ups, two-phase holds for payments (hold → capture or release,
/// keyed by payment id) and refunds credited back. The balance is never negative. Every movement of its balance is
/// posted to the ledger account <c>wallet:{citizenId}</c> by the wallet itself (an outbox in the same write), so the
/// wallet's balance and its ledger account agree. It calls only the ledger.
/// </summary>
public interface IWalletGrain : IGrainWithStringKey
{
    /// <summary>Adds money; idempotent by operation id (the same id with another amount is refused).</summary>
    Task<WalletView> TopUpAsync(TopUpWallet command);

    /// <summary>Balance, held and available amounts, holds and history.</summary>
    Task<WalletView> GetAsync();

    /// <summary>
    /// Reserves the amount for a payment; idempotent by payment id. Refused with <c>insufficient_funds</c> when the
    /// available balance is short; a hold already released stays released (a late hold cannot resurrect it).
    /// </summary>
    Task<WalletHoldView> HoldAsync(HoldWalletFunds command);

    /// <summary>Takes the held amount out of the wallet; idempotent by payment id.</summary>
    Task<WalletHoldView> CaptureAsync(string paymentId);

    /// <summary>Gives a held amount back to the available balance; idempotent, and a no-op (remembered) when there was no hold.</summary>
    Task<WalletHoldView> ReleaseAsync(string paymentId);

    /// <summary>Credits a refund back; idempotent by operation id.</summary>
    Task<WalletView> CreditRefundAsync(CreditWalletRefund command);
}
