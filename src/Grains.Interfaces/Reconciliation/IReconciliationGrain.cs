using MotCua.Grains.Interfaces.Common;
using MotCua.Grains.Interfaces.Payments;

namespace MotCua.Grains.Interfaces.Reconciliation;

/// <summary>
/// One provider's day (key <c>{provider}:{yyyy-MM-dd}</c>, a Vietnam day): its statement matched against the payments
/// MotCua ledgered to the provider's clearing account that day. It holds nothing; every report is computed afresh.
/// </summary>
public interface IReconciliationGrain : IGrainWithStringKey
{
    Task<ProviderReconciliation> ReconcileAsync();

    /// <summary>
    /// Settles one discrepancy in the ledger: the difference between the provider and MotCua goes to the provider's
    /// suspense account in one balanced entry, keyed by provider, day and transaction (so a repeat changes nothing).
    /// </summary>
    Task<ProviderReconciliation> ResolveAsync(ResolveDiscrepancy command);
}

/// <summary>Discrepancy kinds.</summary>
public static class DiscrepancyKinds
{
    /// <summary>The provider booked money MotCua did not ledger (a lost notification, money for a closed payment, a stray transfer).</summary>
    public const string MissingInMotCua = "missing_in_motcua";
    /// <summary>MotCua ledgered money the provider's statement does not show.</summary>
    public const string MissingAtProvider = "missing_at_provider";
    /// <summary>Both have the transaction, with different amounts.</summary>
    public const string AmountMismatch = "amount_mismatch";
}

[GenerateSerializer, Immutable, Alias("motcua.resolve-discrepancy")]
public sealed record ResolveDiscrepancy(
    [property: Id(0)] Actor Actor,
    [property: Id(1)] string TransactionId,
    [property: Id(2)] string Note);

/// <summary>One provider's reconciliation of a day.</summary>
[GenerateSerializer, Immutable, Alias("motcua.provider-reconciliation")]
public sealed record ProviderReconciliation(
    [property: Id(0)] string Provider,
    [property: Id(1)] DateOnly Date,
    [property: Id(2)] bool Available,
    [property: Id(3)] string? Error,
    [property: Id(4)] int Matched,
    [property: Id(5)] long MatchedAmount,
    [property: Id(6)] long StatementTotal,
    [property: Id(7)] long LedgerTotal,
    [property: Id(8)] IReadOnlyList<Discrepancy> Discrepancies,
    [property: Id(9)] IReadOnlyList<UnmatchedNotice> UnmatchedNotices);

/// <summary>A difference between a provider's statement and MotCua's ledger.</summary>
[GenerateSerializer, Immutable, Alias("motcua.discrepancy")]
public sealed record Discrepancy(
    [property: Id(0)] string Kind,
    [property: Id(1)] string TransactionId,
    [property: Id(2)] string? PaymentId,
    [property: Id(3)] string? Reference,
    [property: Id(4)] long? LedgerAmount,
    [property: Id(5)] long? ProviderAmount,
    [property: Id(6)] string Detail,
    [property: Id(7)] string? Resolution);
