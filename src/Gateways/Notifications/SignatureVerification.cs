namespace MotCua.Gateways.Notifications;

/// <summary>The result of checking a notification's signature.</summary>
/// <param name="Status">The verdict.</param>
/// <param name="SignedAt">The header's timestamp, when it could be read.</param>
public readonly record struct SignatureVerification(SignatureStatus Status, DateTimeOffset? SignedAt = null)
{
    /// <summary>True only for <see cref="SignatureStatus.Valid"/>: anything else must be answered 401 and change nothing.</summary>
    public bool IsValid => Status == SignatureStatus.Valid;
}
