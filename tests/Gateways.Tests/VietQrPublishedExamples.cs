using System.Text;
using MotCua.Gateways.VietQr;

namespace MotCua.Gateways.Tests;

/// <summary>
/// VietQR payloads published by others, with where each came from. Each one's CRC was also checked with an
/// independent CRC-16/CCITT-FALSE implementation before it was put here.
/// </summary>
internal static class VietQrPublishedExamples
{
    /// <summary>
    /// NAPAS "Technical Specifications on NAPAS QR Switching" v1.5.2, example of a dynamic QR for a transfer to an
    /// account (BIN 970403, account 0011012345678, 180 000 đồng, bill NPS6869, purpose "thanh toan don hang").
    /// Quoted from the specification in github.com/binhnguyenduc/vietqr-ts,
    /// tests/compliance/napas-dynamic-account.test.ts ("qr_format_v1.5.2.md line 981").
    /// </summary>
    public const string NapasDynamicAccount =
        "00020101021238570010A00000072701270006970403011300110123456780208QRIBFTTA530370454061800005802VN62340107NPS68690819thanh toan don hang63042E2E";

    /// <summary>
    /// NAPAS v1.5.2 specification, static QR for a transfer to a card (BIN 970403, card 9704031101234567).
    /// Source: github.com/binhnguyenduc/vietqr-ts, tests/compliance/napas-static-card.test.ts ("line 953").
    /// </summary>
    public const string NapasStaticCard =
        "00020101021138600010A00000072701300006970403011697040311012345670208QRIBFTTC53037045802VN63044F52";

    /// <summary>
    /// The NAPAS v1.5.2 specification's static-account example exactly as printed: the account has 13 digits but its
    /// length says 12 ("0112"), so one digit spills out of the account. The CRC (F4E5) was computed over the misprint.
    /// Source: github.com/binhnguyenduc/vietqr-ts, tests/compliance/napas-static-account.test.ts, which notes the
    /// error and uses the corrected payload (<see cref="StaticAccount"/>, CRC 9E6F).
    /// </summary>
    public const string NapasStaticAccountAsPrinted =
        "00020101021138570010A00000072701270006970403011200110123456780208QRIBFTTA53037045802VN6304F4E5";

    /// <summary>Static, account 0011012345678 at BIN 970403. Source: github.com/jocelynTV/dynamic-vietqr, README.md.</summary>
    public const string StaticAccount =
        "00020101021138570010A00000072701270006970403011300110123456780208QRIBFTTA53037045802VN63049E6F";

    /// <summary>Static, card transfer to 0011012345678 at BIN 970403. Source: github.com/jocelynTV/dynamic-vietqr, README.md.</summary>
    public const string StaticCard =
        "00020101021138570010A00000072701270006970403011300110123456780208QRIBFTTC53037045802VN63046E2C";

    /// <summary>Dynamic, account, 180 000 đồng, purpose only. Source: github.com/jocelynTV/dynamic-vietqr, README.md.</summary>
    public const string DynamicAccount =
        "00020101021238570010A00000072701270006970403011300110123456780208QRIBFTTA530370454061800005802VN62230819thanh toan don hang63045FAB";

    /// <summary>Dynamic, card, 180 000 đồng, purpose only. Source: github.com/jocelynTV/dynamic-vietqr, README.md.</summary>
    public const string DynamicCard =
        "00020101021238570010A00000072701270006970403011300110123456780208QRIBFTTC530370454061800005802VN62230819thanh toan don hang630415C1";

    /// <summary>
    /// A NAPAS merchant-payment (QRPUSH) code, not a transfer: tag 38 has no service code, and it carries tags
    /// 52, 59, 60 and 62/07. Source: github.com/liopayvn/vietqr-php, README.md ("Build a Static Payment QR Code").
    /// </summary>
    public const string MerchantPushWithoutServiceCode =
        "00020101021138480010A00000072701300006970403011621129950446040255204581253037045802VN5910PHUONG CAC6005HANOI62110307NPS686963045802";

    /// <summary>
    /// Output printed in the README of the Go package thanhtinhpas1/vietqr-parser
    /// (https://pkg.go.dev/github.com/thanhtinhpas1/vietqr-parser): its CRC is right, but its payload format
    /// indicator is "00" instead of "01".
    /// </summary>
    public const string PayloadFormatZero =
        "00020001021238570010A00000072701270006970436011308810004580860208QRIBFTTA53037045802VN6304CD60";

    /// <summary>Appends "6304" and the CRC to <paramref name="body"/>: for test payloads built by hand.</summary>
    public static string WithCrc(string body)
    {
        string withTag = body + "6304";
        return withTag + VietQrCodec.Crc16CcittFalse(Encoding.ASCII.GetBytes(withTag));
    }

    /// <summary>The payload without its last 8 characters ("6304" and the CRC).</summary>
    public static string WithoutCrc(string payload) => payload[..^8];

    /// <summary>One data object: id, 2-digit length, value.</summary>
    public static string Tlv(string id, string value) => $"{id}{value.Length:D2}{value}";

    /// <summary>The ids of the root data objects, read by a walker independent of the codec.</summary>
    public static List<string> RootIds(string payload)
    {
        var ids = new List<string>();
        for (int i = 0; i < payload.Length; i += 4 + int.Parse(payload.AsSpan(i + 2, 2), provider: null))
        {
            ids.Add(payload.Substring(i, 2));
        }

        return ids;
    }
}
