using System.Text;

namespace MotCua.Gateways.VietQr;

/// <summary>
/// What to put in a VietQR code. An <paramref name="Amount"/> makes the code dynamic
/// (point of initiation <c>12</c>, one payment); without one it is static (<c>11</c>) and the payer types the amount.
/// </summary>
/// <param name="BankBin">The beneficiary bank's 6-digit NAPAS BIN, e.g. <c>970436</c>.</param>
/// <param name="AccountOrCard">Account number (1–19 letters or digits) or, for <see cref="VietQrService.CardTransfer"/>, card number (digits).</param>
/// <param name="Service">Transfer to an account or to a card.</param>
/// <param name="Amount">Whole đồng, 1 to <see cref="VietQrCodec.MaxAmount"/>; <see langword="null"/> for a static code.</param>
/// <param name="BillNumber">Tag 62 sub-tag 01: at most 25 printable ASCII characters. Empty is treated as absent.</param>
/// <param name="Purpose">
/// Tag 62 sub-tag 08: at most 25 printable ASCII characters. Empty is treated as absent.
/// Fold Vietnamese text first with <see cref="VietQrCodec.FoldToAscii"/>; the encoder does not change what it is given.
/// </param>
public sealed record VietQrRequest(
    string BankBin,
    string AccountOrCard,
    VietQrService Service = VietQrService.AccountTransfer,
    long? Amount = null,
    string? BillNumber = null,
    string? Purpose = null)
{
    // The generated ToString would print the full account or card number into any log that prints a request.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("BankBin = ").Append(BankBin)
            .Append(", AccountOrCard = ").Append(VietQrCodec.Mask(AccountOrCard))
            .Append(", Service = ").Append(Service)
            .Append(", Amount = ").Append(Amount)
            .Append(", BillNumber = ").Append(BillNumber)
            .Append(", Purpose = ").Append(Purpose);
        return true;
    }
}
