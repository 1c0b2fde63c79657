namespace MotCua.Gateways.VietQr;

/// <summary>
/// A VietQR request that cannot be encoded or a payload that does not decode. <see cref="Error"/> says which defect,
/// <see cref="Tag"/> where. Messages never contain the account or card number.
/// </summary>
public sealed class VietQrException : Exception
{
    /// <summary>Creates the exception for one defect.</summary>
    /// <param name="error">Which defect.</param>
    /// <param name="message">A sentence a developer can act on.</param>
    /// <param name="tag">The data object concerned as a path of ids (<c>38.01.00</c> is the BIN inside tag 38), if any.</param>
    public VietQrException(VietQrError error, string message, string? tag = null)
        : base(message)
    {
        Error = error;
        Tag = tag;
    }

    /// <summary>Which defect was found.</summary>
    public VietQrError Error { get; }

    /// <summary>
    /// The data object concerned as a dotted path of ids: <c>54</c> for the amount, <c>38.01.00</c> for the BIN,
    /// <c>62.08</c> for the purpose; <see langword="null"/> when the defect is not in one data object.
    /// </summary>
    public string? Tag { get; }
}
