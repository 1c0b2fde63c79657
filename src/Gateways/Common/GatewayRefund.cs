namespace MotCua.Gateways;

/// <summary>A refund the provider has carried out.</summary>
/// <param name="Provider">One of <see cref="GatewayProviders"/>.</param>
/// <param name="RefundId">The provider's id for the refund.</param>
/// <param name="TransactionId">The refunded payment's provider id.</param>
/// <param name="Amount">Whole đồng given back.</param>
/// <param name="CreatedAt">When the provider carried it out.</param>
public sealed record GatewayRefund(string Provider, string RefundId, string TransactionId, long Amount, DateTimeOffset CreatedAt);
