using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using MotCua.Gateways.Bank;
using MotCua.Gateways.Http;
using MotCua.Gateways.ViettelPay;
using MotCua.Gateways.VnptPay;

namespace MotCua.Gateways.Notifications;

/// <summary>
/// A provider's notification that a payment succeeded or failed, in one shape for all providers.
/// Read it only after <see cref="NotificationVerifier"/> said the signature is valid.
/// </summary>
/// <param name="Provider">One of <see cref="GatewayProviders"/>.</param>
/// <param name="EventId">The provider's id of this notification: a redelivery carries the same id.</param>
/// <param name="TransactionId">The provider's id of the payment or transfer.</param>
/// <param name="Reference">MotCua's reference: the order id, or the bill number of a VietQR transfer.</param>
/// <param name="Amount">Whole đồng.</param>
/// <param name="Status"><see cref="GatewayPaymentStatus.Succeeded"/> or <see cref="GatewayPaymentStatus.Failed"/>.</param>
/// <param name="OccurredAt">When it happened at the provider, for ordering.</param>
public sealed record PaymentNotification(
    string Provider,
    string EventId,
    string TransactionId,
    string Reference,
    long Amount,
    GatewayPaymentStatus Status,
    DateTimeOffset OccurredAt)
{
    /// <summary>Reads a notification body of <paramref name="provider"/>; false when it is not one.</summary>
    public static bool TryParse(string provider, ReadOnlySpan<byte> rawBody, [NotNullWhen(true)] out PaymentNotification? notification)
    {
        try
        {
            notification = provider switch
            {
                GatewayProviders.Bank => BankWire.ToNotification(Read<BankWire.TransferNotice>(rawBody)),
                GatewayProviders.ViettelPay => ViettelPayWire.ToNotification(Read<ViettelPayWire.Notification>(rawBody)),
                GatewayProviders.VnptPay => VnptPayWire.ToNotification(Read<VnptPayWire.Notification>(rawBody)),
                _ => null,
            };
        }
        catch (Exception e) when (e is JsonException or FormatException)
        {
            notification = null;
        }

        return notification is not null;
    }

    private static T Read<T>(ReadOnlySpan<byte> rawBody) =>
        JsonSerializer.Deserialize<T>(rawBody, GatewayTransport.Json) ?? throw new JsonException("The body is JSON null.");
}
