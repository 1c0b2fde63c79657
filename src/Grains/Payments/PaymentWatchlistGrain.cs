using MotCua.Grains.Interfaces;
using MotCua.Grains.Interfaces.Payments;

namespace MotCua.Grains.Payments;

/// <summary>A list of payments operators watch (see <see cref="IPaymentWatchlistGrain"/>).</summary>
[GrainType("payment-watchlist")]
public sealed class PaymentWatchlistGrain(
    [PersistentState(StateNames.PaymentWatchlist, StorageNames.Default)] IPersistentState<PaymentWatchlistState> store)
    : Grain, IPaymentWatchlistGrain
{
    public async Task AddAsync(WatchedPayment payment)
    {
        if (store.State.Payments.Exists(p => p.Id == payment.Id))
        {
            return;
        }

        store.State.Payments.Add(payment);
        await store.WriteStateAsync();
    }

    public async Task RemoveAsync(string paymentId)
    {
        if (store.State.Payments.RemoveAll(p => p.Id == paymentId) > 0)
        {
            await store.WriteStateAsync();
        }
    }

    public Task<IReadOnlyList<WatchedPayment>> ListAsync() =>
        Task.FromResult<IReadOnlyList<WatchedPayment>>([.. store.State.Payments.OrderBy(p => p.Since)]);
}

[GenerateSerializer, Alias("motcua.payment-watchlist-state")]
public sealed class PaymentWatchlistState
{
    [Id(0)] public List<WatchedPayment> Payments { get; set; } = [];
}
