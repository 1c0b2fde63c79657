namespace MotCua.Gateways;

/// <summary>A payment (or, for the bank, a credited transfer) as a provider reports it.</summary>
/// <param name="Provider">One of <see cref="GatewayProviders"/>.</param>
/// <param name="TransactionId">The provider's id for it.</param>
/// <param name="Reference">MotCua's reference: the order id for e-wallets, the VietQR bill number for the bank.</param>
/// <param name="Amount">Whole đồng.</param>
/// <param name="Status">Where it stands.</param>
/// <param name="RefundedAmount">Whole đồng refunded so far.</param>
/// <param name="PaidAt">When the money arrived, if it has.</param>
/// <param name="RedirectUrl">For e-wallets, where to send the citizen to pay.</param>
public sealed record GatewayPayment(
    string Provider,
    string TransactionId,
    string Reference,
    long Amount,
    GatewayPaymentStatus Status,
    long RefundedAmount = 0,
    DateTimeOffset? PaidAt = null,
    Uri? RedirectUrl = null);
