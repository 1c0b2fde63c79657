namespace MotCua.Gateways.VietQr;

/// <summary>
/// The NAPAS 24/7 inter-bank fund transfer (IBFT) service a VietQR points to: tag 38, sub-tag 02.
/// </summary>
public enum VietQrService
{
    /// <summary>Transfer to a bank account: service code <c>QRIBFTTA</c>.</summary>
    AccountTransfer,

    /// <summary>Transfer to a domestic card number: service code <c>QRIBFTTC</c>.</summary>
    CardTransfer,
}
