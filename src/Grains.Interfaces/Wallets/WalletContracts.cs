using MotCua.Grains.Interfaces.Common;

namespace MotCua.Grains.Interfaces.Wallets;

/// <summary>Money is added to a citizen's wallet.</summary>
[GenerateSerializer, Immutable, Alias("motcua.top-up-wallet")]
public sealed record TopUpWallet(
    [property: Id(0)] string OperationId,
    [property: Id(1)] Actor Actor,
    [property: Id(2)] long Amount);

/// <summary>A payment reserves <see cref="Amount"/> of the wallet's available balance; one hold per payment.</summary>
[GenerateSerializer, Immutable, Alias("motcua.hold-wallet-funds")]
public sealed record HoldWalletFunds(
    [property: Id(0)] string PaymentId,
    [property: Id(1)] long Amount);

/// <summary>A refund of a payment is credited back to the wallet; <see cref="OperationId"/> is the refund's id.</summary>
[GenerateSerializer, Immutable, Alias("motcua.credit-wallet-refund")]
public sealed record CreditWalletRefund(
    [property: Id(0)] string OperationId,
    [property: Id(1)] string PaymentId,
    [property: Id(2)] long Amount);

/// <summary>States of a wallet hold.</summary>
public static class WalletHoldStatuses
{
    public const string Held = "held";
    public const string Captured = "captured";
    public const string Released = "released";
}

/// <summary>A hold on a wallet, keyed by the payment that placed it.</summary>
[GenerateSerializer, Immutable, Alias("motcua.wallet-hold-view")]
public sealed record WalletHoldView(
    [property: Id(0)] string PaymentId,
    [property: Id(1)] long Amount,
    [property: Id(2)] string Status,
    [property: Id(3)] DateTimeOffset At);

/// <summary>
/// A citizen's wallet. <see cref="Balance"/> is the money MotCua holds for the citizen, holds included;
/// <see cref="Available"/> = <see cref="Balance"/> − <see cref="Held"/>. None is ever negative.
/// </summary>
[GenerateSerializer, Immutable, Alias("motcua.wallet-view")]
public sealed record WalletView(
    [property: Id(0)] string CitizenId,
    [property: Id(1)] long Balance,
    [property: Id(2)] long Held,
    [property: Id(3)] long Available,
    [property: Id(4)] IReadOnlyList<WalletHoldView> Holds,
    [property: Id(5)] IReadOnlyList<WalletEntryView> History);

/// <summary>One movement of a wallet.</summary>
[GenerateSerializer, Immutable, Alias("motcua.wallet-entry-view")]
public sealed record WalletEntryView(
    [property: Id(0)] long Sequence,
    [property: Id(1)] string Type,
    [property: Id(2)] DateTimeOffset At,
    [property: Id(3)] long Amount,
    [property: Id(4)] long BalanceAfter,
    [property: Id(5)] long HeldAfter,
    [property: Id(6)] string? PaymentId);
