namespace MotCua.Grains.Interfaces.Common;

/// <summary>How the API reports a <see cref="DomainException"/>.</summary>
public enum DomainErrorKind
{
    /// <summary>The input is well formed but not acceptable (400).</summary>
    Invalid = 0,
    /// <summary>The thing asked for does not exist (404).</summary>
    NotFound = 1,
    /// <summary>The current state forbids the action (409).</summary>
    Conflict = 2,
    /// <summary>The caller may not act on this thing (403).</summary>
    Forbidden = 3,
}

/// <summary>
/// A rule of the domain refused a command. Thrown by grains, carried across the cluster by Orleans, and turned
/// into an RFC 9457 problem by the API. <see cref="Code"/> is the stable snake_case code callers match on.
/// </summary>
[GenerateSerializer, Alias("motcua.domain-exception")]
public sealed class DomainException : Exception
{
    public DomainException(DomainErrorKind kind, string code, string detail)
        : base(detail)
    {
        Kind = kind;
        Code = code;
        Detail = detail;
    }

    [Id(0)] public DomainErrorKind Kind { get; init; }
    [Id(1)] public string Code { get; init; }
    [Id(2)] public string Detail { get; init; }
    /// <summary>For a refused transition: the status the thing is in.</summary>
    [Id(3)] public string? CurrentStatus { get; init; }
    /// <summary>For a refused transition: what may be done from <see cref="CurrentStatus"/>.</summary>
    [Id(4)] public IReadOnlyList<string>? AllowedActions { get; init; }
    /// <summary>For invalid input: the offending field.</summary>
    [Id(5)] public string? Field { get; init; }

    public static DomainException InvalidTransition(string action, string currentStatus, IReadOnlyList<string> allowed) =>
        new(DomainErrorKind.Conflict, ErrorCodes.InvalidTransition,
            $"'{action}' is not allowed while the status is '{currentStatus}'.")
        {
            CurrentStatus = currentStatus,
            AllowedActions = allowed,
        };

    public static DomainException NotFound(string what, string id) =>
        new(DomainErrorKind.NotFound, ErrorCodes.NotFound, $"{what} '{id}' was not found.");

    public static DomainException InvalidField(string field, string detail) =>
        new(DomainErrorKind.Invalid, ErrorCodes.ValidationFailed, detail) { Field = field };
}

/// <summary>The stable error codes of the API (the <c>code</c> member of every problem).</summary>
public static class ErrorCodes
{
    public const string InvalidTransition = "invalid_transition";
    public const string NotFound = "not_found";
    public const string ValidationFailed = "validation_failed";
    public const string OperationConflict = "operation_conflict";
    public const string NothingToPay = "nothing_to_pay";
    /// <summary>Another payment already paid the fee items this payment was for.</summary>
    public const string FeeAlreadyPaid = "fee_already_paid";
    /// <summary>The dossier no longer waits for a payment (withdrawn, stopped): nothing may be collected for it.</summary>
    public const string DossierNotAwaitingPayment = "dossier_not_awaiting_payment";
    public const string PaymentNotCollectable = "payment_not_collectable";
    public const string FloatLimitExceeded = "float_limit_exceeded";
    /// <summary>The amount declared for a settlement is not the open window's confirmed total.</summary>
    public const string SettlementAmountMismatch = "settlement_amount_mismatch";
    /// <summary>The channel already has as many settlements awaiting receipt as it may.</summary>
    public const string TooManyAwaitingReceipt = "too_many_settlements_awaiting_receipt";
    public const string DailyCounterExhausted = "daily_counter_exhausted";
    public const string ForbiddenBinding = "forbidden";
}
