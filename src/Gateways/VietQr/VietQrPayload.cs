using System.Text;

namespace MotCua.Gateways.VietQr;

/// <summary>A VietQR payload that <see cref="VietQrCodec.Decode"/> has checked field by field, CRC included.</summary>
/// <param name="PayloadFormatIndicator">Tag 00, always <c>01</c>.</param>
/// <param name="IsDynamic">Tag 01: <see langword="true"/> for <c>12</c> (dynamic), <see langword="false"/> for <c>11</c> (static).</param>
/// <param name="BankBin">Tag 38 / 01 / 00: the beneficiary bank's 6-digit BIN.</param>
/// <param name="AccountOrCard">Tag 38 / 01 / 01: the account or card number.</param>
/// <param name="Service">Tag 38 / 02: <c>QRIBFTTA</c> or <c>QRIBFTTC</c>.</param>
/// <param name="Currency">Tag 53, always <c>704</c> (VND).</param>
/// <param name="Amount">Tag 54 in whole đồng, or <see langword="null"/> when the code carries no amount.</param>
/// <param name="CountryCode">Tag 58, always <c>VN</c>.</param>
/// <param name="BillNumber">Tag 62 / 01, if present.</param>
/// <param name="Purpose">Tag 62 / 08, if present.</param>
/// <param name="Crc">Tag 63: 4 uppercase hexadecimal digits.</param>
public sealed record VietQrPayload(
    string PayloadFormatIndicator,
    bool IsDynamic,
    string BankBin,
    string AccountOrCard,
    VietQrService Service,
    string Currency,
    long? Amount,
    string CountryCode,
    string? BillNumber,
    string? Purpose,
    string Crc)
{
    // The generated ToString would print the full account or card number into any log that prints a payload.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("PayloadFormatIndicator = ").Append(PayloadFormatIndicator)
            .Append(", IsDynamic = ").Append(IsDynamic)
            .Append(", BankBin = ").Append(BankBin)
            .Append(", AccountOrCard = ").Append(VietQrCodec.Mask(AccountOrCard))
            .Append(", Service = ").Append(Service)
            .Append(", Currency = ").Append(Currency)
            .Append(", Amount = ").Append(Amount)
            .Append(", CountryCode = ").Append(CountryCode)
            .Append(", BillNumber = ").Append(BillNumber)
            .Append(", Purpose = ").Append(Purpose)
            .Append(", Crc = ").Append(Crc);
        return true;
    }
}
