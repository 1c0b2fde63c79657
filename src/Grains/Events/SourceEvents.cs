using MotCua.Grains.Channels;
using MotCua.Grains.Interfaces.Events;
using MotCua.Grains.Payments;
using MotCua.Grains.Wallets;

namespace MotCua.Grains.Events;

/// <summary>
/// Turns the history a payment or wallet has just recorded into domain events in its outbox, right before the write
/// that stores both, so the event carries the state as written (a cash payment's channel is set after its transition).
/// </summary>
public static class SourceEvents
{
    /// <summary>Emits every payment history entry not yet emitted; the event's sequence is the entry's.</summary>
    public static void EmitPayment(PaymentState state, string paymentId)
    {
        var source = DomainEvent.SourceOf("payment", paymentId);
        foreach (var e in state.Events)
        {
            if (e.Sequence <= state.EventOutbox.LastSequence)
            {
                continue;
            }

            state.EventOutbox.EmitNumbered(source, e.Sequence, e.Type, e.At, new EventSubject
            {
                PaymentId = paymentId,
                DossierCode = state.DossierCode,
                AgencyCode = state.AgencyCode,
                CitizenId = state.CitizenId,
                ChannelId = state.ChannelId ?? state.Provider ?? state.Method,
                Method = state.Method,
                Amount = state.Amount,
                From = e.From,
                Status = e.To ?? state.Status,
                Reference = state.Reference,
                ReceiptNumber = state.ReceiptNumber ?? state.AgentReceiptNumber,
                Detail = e.Detail,
            });
        }
    }

    /// <summary>Emits every wallet movement not yet emitted (<c>wallet.topped_up</c>, <c>wallet.held</c>, ...).</summary>
    public static void EmitWallet(WalletState state, string citizenId)
    {
        var source = DomainEvent.SourceOf("wallet", citizenId);
        foreach (var e in state.History)
        {
            if (e.Sequence <= state.EventOutbox.LastSequence)
            {
                continue;
            }

            state.EventOutbox.EmitNumbered(source, e.Sequence, e.Type, e.At, new EventSubject
            {
                CitizenId = citizenId,
                PaymentId = e.PaymentId,
                Amount = e.Amount,
                BalanceAfter = e.BalanceAfter,
            });
        }
    }

    /// <summary>Emits <c>channel.collection_recorded</c> for a collection the payment has confirmed.</summary>
    public static void EmitCollection(ChannelState state, string channelId, CollectionState collection, DateTimeOffset at)
    {
        state.EventOutbox.Emit(DomainEvent.SourceOf("channel", channelId), EventTypes.ChannelCollectionRecorded, at, new EventSubject
        {
            ChannelId = channelId,
            PaymentId = collection.PaymentId,
            DossierCode = collection.DossierCode,
            Method = "cash",
            Amount = collection.Amount,
            Reference = collection.Reference,
            ReceiptNumber = collection.ReceiptNumber,
            Status = collection.PaymentStatus,
        });
    }
}
