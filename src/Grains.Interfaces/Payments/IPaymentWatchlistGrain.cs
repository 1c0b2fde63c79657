namespace MotCua.Grains.Interfaces.Payments;

/// <summary>Keys of <see cref="IPaymentWatchlistGrain"/>.</summary>
public static class PaymentWatchlists
{
    /// <summary>Gateway payments whose outcome is unknown and is being asked of the provider.</summary>
    public const string Processing = "processing";
}

/// <summary>
/// A short list operators watch: gateway payments stuck in <c>processing</c>. Payments add and remove themselves as a
/// saga step (idempotent), so only the rare payment whose provider could not answer ever calls it.
/// </summary>
public interface IPaymentWatchlistGrain : IGrainWithStringKey
{
    Task AddAsync(WatchedPayment payment);

    Task RemoveAsync(string paymentId);

    /// <summary>Listed payments, oldest first.</summary>
    Task<IReadOnlyList<WatchedPayment>> ListAsync();
}

/// <summary>A payment on a watchlist.</summary>
[GenerateSerializer, Immutable, Alias("motcua.watched-payment")]
public sealed record WatchedPayment(
    [property: Id(0)] string Id,
    [property: Id(1)] string DossierCode,
    [property: Id(2)] string Method,
    [property: Id(3)] long Amount,
    [property: Id(4)] string Reference,
    [property: Id(5)] DateTimeOffset Since);
