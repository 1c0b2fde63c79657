using MotCua.Gateways.VietQr;
using static MotCua.Gateways.Tests.VietQrPublishedExamples;

namespace MotCua.Gateways.Tests;

public sealed class VietQrDecodeTests
{
    private const string Dynamic = "000201010212";
    private const string Tail = "53037045406180000" + "5802VN";

    private static string MerchantAccount(
        string bin = "970403", string account = "0011012345678", string service = "QRIBFTTA", string guid = "A000000727") =>
        Tlv("38", Tlv("00", guid) + Tlv("01", Tlv("00", bin) + Tlv("01", account)) + Tlv("02", service));

    private static VietQrException DecodeFails(string payload) =>
        Assert.Throws<VietQrException>(() => VietQrCodec.Decode(payload));

    [Fact]
    public void DecodeReadsEveryFieldOfTheNapasDynamicAccountExample()
    {
        VietQrPayload decoded = VietQrCodec.Decode(NapasDynamicAccount);

        Assert.Equal(
            new VietQrPayload(
                "01", true, "970403", "0011012345678", VietQrService.AccountTransfer, "704", 180_000, "VN",
                "NPS6869", "thanh toan don hang", "2E2E"),
            decoded);
    }

    [Fact]
    public void DecodeReadsTheNapasStaticCardExample()
    {
        VietQrPayload decoded = VietQrCodec.Decode(NapasStaticCard);

        Assert.False(decoded.IsDynamic);
        Assert.Equal("970403", decoded.BankBin);
        Assert.Equal("9704031101234567", decoded.AccountOrCard);
        Assert.Equal(VietQrService.CardTransfer, decoded.Service);
        Assert.Null(decoded.Amount);
        Assert.Null(decoded.BillNumber);
        Assert.Null(decoded.Purpose);
        Assert.Equal("4F52", decoded.Crc);
    }

    public static TheoryData<string, string, string, VietQrService, long?, bool> PublishedTransfers => new()
    {
        { NapasDynamicAccount, "970403", "0011012345678", VietQrService.AccountTransfer, 180_000, true },
        { NapasStaticCard, "970403", "9704031101234567", VietQrService.CardTransfer, null, false },
        { StaticAccount, "970403", "0011012345678", VietQrService.AccountTransfer, null, false },
        { StaticCard, "970403", "0011012345678", VietQrService.CardTransfer, null, false },
        { DynamicAccount, "970403", "0011012345678", VietQrService.AccountTransfer, 180_000, true },
        { DynamicCard, "970403", "0011012345678", VietQrService.CardTransfer, 180_000, true },
    };

    [Theory]
    [MemberData(nameof(PublishedTransfers))]
    public void DecodeGetsBinAccountAndAmountOfPublishedPayloads(
        string payload, string bin, string accountOrCard, VietQrService service, long? amount, bool isDynamic)
    {
        VietQrPayload decoded = VietQrCodec.Decode(payload);

        Assert.Equal(bin, decoded.BankBin);
        Assert.Equal(accountOrCard, decoded.AccountOrCard);
        Assert.Equal(service, decoded.Service);
        Assert.Equal(amount, decoded.Amount);
        Assert.Equal(isDynamic, decoded.IsDynamic);
        Assert.Equal("704", decoded.Currency);
        Assert.Equal("VN", decoded.CountryCode);
        Assert.Equal(payload[^4..], decoded.Crc);
    }

    [Fact]
    public void DecodeSkipsDataObjectsItDoesNotKnowAtEveryLevel()
    {
        string payload = WithCrc(
            Dynamic
            + Tlv("26", Tlv("00", "A000000999") + Tlv("01", "OTHER"))
            + Tlv("38", Tlv("00", "A000000727")
                + Tlv("01", Tlv("00", "970403") + Tlv("01", "0011012345678") + Tlv("05", "x"))
                + Tlv("02", "QRIBFTTA")
                + Tlv("09", "future"))
            + "52045812" + Tail
            + Tlv("59", "PHUONG CAC") + Tlv("60", "HANOI")
            + Tlv("62", Tlv("05", "REF1") + Tlv("01", "HS-0001") + Tlv("07", "T1") + Tlv("08", "Le phi"))
            + Tlv("80", Tlv("00", "private")));

        VietQrPayload decoded = VietQrCodec.Decode(payload);

        Assert.Equal("970403", decoded.BankBin);
        Assert.Equal("0011012345678", decoded.AccountOrCard);
        Assert.Equal(180_000, decoded.Amount);
        Assert.Equal("HS-0001", decoded.BillNumber);
        Assert.Equal("Le phi", decoded.Purpose);
    }

    [Fact]
    public void DecodeAcceptsRootTagsInAnyOrderBetweenFormatAndCrc()
    {
        string payload = WithCrc("000201" + "5802VN" + "5406180000" + "5303704" + MerchantAccount() + "010212");

        VietQrPayload decoded = VietQrCodec.Decode(payload);

        Assert.True(decoded.IsDynamic);
        Assert.Equal(180_000, decoded.Amount);
    }

    [Fact]
    public void DecodeAcceptsALowercaseCrcAndReportsItInUppercase() =>
        Assert.Equal("2E2E", VietQrCodec.Decode(NapasDynamicAccount[..^4] + "2e2e").Crc);

    [Fact]
    public void DecodeRejectsAWrongCrcWithCrcMismatch()
    {
        var error = DecodeFails(NapasDynamicAccount[..^4] + "2E2F");

        Assert.Equal(VietQrError.CrcMismatch, error.Error);
        Assert.Equal("63", error.Tag);
        Assert.Contains("2E2E", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DecodeRejectsAnAlteredAmountBecauseTheCrcNoLongerMatches()
    {
        string altered = NapasDynamicAccount.Replace("5406180000", "5406980000", StringComparison.Ordinal);

        Assert.Equal(VietQrError.CrcMismatch, DecodeFails(altered).Error);
    }

    [Theory]
    [InlineData(60, "38")] // inside the value of tag 38
    [InlineData(11, "01")] // inside the value of tag 01
    [InlineData(7, null)] // inside the 4-character header after tag 00
    public void DecodeRejectsATruncatedPayloadWithTruncatedTag(int keep, string? tag)
    {
        var error = DecodeFails(NapasDynamicAccount[..keep]);

        Assert.Equal(VietQrError.TruncatedTag, error.Error);
        Assert.Equal(tag, error.Tag);
    }

    [Fact]
    public void DecodeRejectsTheSpecificationStaticExampleWhoseAccountLengthIsMisprinted()
    {
        var error = DecodeFails(NapasStaticAccountAsPrinted);

        Assert.Equal(VietQrError.TruncatedTag, error.Error);
        Assert.Equal("38.01", error.Tag);
    }

    [Theory]
    [InlineData("000201" + "01A212", "01")]
    [InlineData("000201" + "0100", "01")]
    [InlineData("0002010102" + "12" + "38-5", "38")]
    public void DecodeRejectsALengthThatIsNotOneToNinetyNineWithBadLength(string body, string tag)
    {
        var error = DecodeFails(WithCrc(body + MerchantAccount() + Tail));

        Assert.Equal(VietQrError.BadLength, error.Error);
        Assert.Equal(tag, error.Tag);
    }

    [Fact]
    public void DecodeRejectsAPayloadWithoutTag38WithMissingTag()
    {
        var error = DecodeFails(WithCrc(Dynamic + Tail));

        Assert.Equal(VietQrError.MissingTag, error.Error);
        Assert.Equal("38", error.Tag);
    }

    public static TheoryData<string, string> PayloadsMissingATag => new()
    {
        { NapasDynamicAccount[..^8], "63" },
        { WithCrc(MerchantAccount() + "010212" + Tail), "00" },
        { WithCrc("000201" + MerchantAccount() + Tail), "01" },
        { WithCrc(Dynamic + MerchantAccount() + "5406180000" + "5802VN"), "53" },
        { WithCrc(Dynamic + MerchantAccount() + "53037045406180000"), "58" },
        { WithCrc(Dynamic + Tlv("38", Tlv("01", Tlv("00", "970403") + Tlv("01", "1")) + Tlv("02", "QRIBFTTA")) + Tail), "38.00" },
        { WithCrc(Dynamic + Tlv("38", Tlv("00", "A000000727") + Tlv("02", "QRIBFTTA")) + Tail), "38.01" },
        { WithCrc(Dynamic + Tlv("38", Tlv("00", "A000000727") + Tlv("01", Tlv("01", "1")) + Tlv("02", "QRIBFTTA")) + Tail), "38.01.00" },
        { WithCrc(Dynamic + Tlv("38", Tlv("00", "A000000727") + Tlv("01", Tlv("00", "970403")) + Tlv("02", "QRIBFTTA")) + Tail), "38.01.01" },
        { MerchantPushWithoutServiceCode, "38.02" },
    };

    [Theory]
    [MemberData(nameof(PayloadsMissingATag))]
    public void DecodeNamesEachMissingRequiredTag(string payload, string tag)
    {
        var error = DecodeFails(payload);

        Assert.Equal(VietQrError.MissingTag, error.Error);
        Assert.Equal(tag, error.Tag);
    }

    [Fact]
    public void DecodeRejectsAGuidOtherThanNapasWithBadGuid()
    {
        var error = DecodeFails(WithCrc(Dynamic + MerchantAccount(guid: "A000000728") + Tail));

        Assert.Equal(VietQrError.BadGuid, error.Error);
        Assert.Equal("38.00", error.Tag);
    }

    public static TheoryData<string, string> PayloadsWithARepeatedTag => new()
    {
        { WithCrc(Dynamic + MerchantAccount() + "5303704" + "5802VN" + "5802VN"), "58" },
        { WithCrc(Dynamic + MerchantAccount() + Tail + Tlv("62", Tlv("08", "abc") + Tlv("08", "def"))), "62.08" },
        { WithCrc(Dynamic + Tlv("38", Tlv("00", "A000000727") + Tlv("00", "A000000727")) + Tail), "38.00" },
        { WithCrc(Dynamic + MerchantAccount() + Tail + "63041234"), "63" },
    };

    [Theory]
    [MemberData(nameof(PayloadsWithARepeatedTag))]
    public void DecodeRejectsARepeatedTagWithDuplicateTag(string payload, string tag)
    {
        var error = DecodeFails(payload);

        Assert.Equal(VietQrError.DuplicateTag, error.Error);
        Assert.Equal(tag, error.Tag);
    }

    [Theory]
    [InlineData("180000.50")]
    [InlineData("180000.00")]
    [InlineData("180000,5")]
    public void DecodeRejectsAnAmountWithDecimalsWithBadAmount(string amount)
    {
        var error = DecodeFails(WithCrc(Dynamic + MerchantAccount() + "5303704" + Tlv("54", amount) + "5802VN"));

        Assert.Equal(VietQrError.BadAmount, error.Error);
        Assert.Equal("54", error.Tag);
        Assert.Contains("decimal", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("1e6")]
    [InlineData("10000000000000")]
    public void DecodeRejectsAnAmountThatIsNotOneToThirteenDigitsWithBadAmount(string amount) =>
        Assert.Equal(
            VietQrError.BadAmount,
            DecodeFails(WithCrc(Dynamic + MerchantAccount() + "5303704" + Tlv("54", amount) + "5802VN")).Error);

    [Theory]
    [InlineData("thanh toán đơn hàng")]
    [InlineData("thanh toan\ndon hang")]
    public void DecodeRejectsCharactersOutsidePrintableAsciiWithNotAscii(string purpose)
    {
        string payload = NapasDynamicAccount.Replace("thanh toan don hang", purpose, StringComparison.Ordinal);

        Assert.Equal(VietQrError.NotAscii, DecodeFails(payload).Error);
    }

    [Fact]
    public void DecodeRejectsATrailingNewlineFromAScannerWithNotAscii() =>
        Assert.Equal(VietQrError.NotAscii, DecodeFails(NapasDynamicAccount + "\r\n").Error);

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    public void DecodeRejectsNothingWithEmpty(string? payload) =>
        Assert.Equal(VietQrError.Empty, DecodeFails(payload!).Error);

    public static TheoryData<string, VietQrError, string?> PayloadsWithABadValue => new()
    {
        { PayloadFormatZero, VietQrError.BadPayloadFormat, "00" },
        { WithCrc("010212" + "000201" + MerchantAccount() + Tail), VietQrError.BadPayloadFormat, "00" },
        { WithCrc("000201" + "010213" + MerchantAccount() + Tail), VietQrError.BadPointOfInitiation, "01" },
        { WithCrc(Dynamic + MerchantAccount(bin: "97040") + Tail), VietQrError.BadBankBin, "38.01.00" },
        { WithCrc(Dynamic + MerchantAccount(bin: "97O403") + Tail), VietQrError.BadBankBin, "38.01.00" },
        { WithCrc(Dynamic + MerchantAccount(account: "0011-012345") + Tail), VietQrError.BadAccount, "38.01.01" },
        { WithCrc(Dynamic + MerchantAccount(account: "12345678901234567890") + Tail), VietQrError.BadAccount, "38.01.01" },
        { WithCrc(Dynamic + MerchantAccount(account: "VQR123", service: "QRIBFTTC") + Tail), VietQrError.BadAccount, "38.01.01" },
        { WithCrc(Dynamic + MerchantAccount(service: "QRPUSH") + Tail), VietQrError.BadService, "38.02" },
        { WithCrc(Dynamic + MerchantAccount() + "5303840" + "5802VN"), VietQrError.BadCurrency, "53" },
        { WithCrc(Dynamic + MerchantAccount() + "5303704" + "5802US"), VietQrError.BadCountry, "58" },
        { WithoutCrc(NapasDynamicAccount) + "6303E2E", VietQrError.BadCrc, "63" },
        { WithoutCrc(NapasDynamicAccount) + "6304XYZW", VietQrError.BadCrc, "63" },
        { NapasDynamicAccount + "5802VN", VietQrError.DuplicateTag, "58" },
        { NapasDynamicAccount + "9902AB", VietQrError.BadCrc, "63" },
        { WithCrc(Dynamic + MerchantAccount() + Tail + Tlv("62", Tlv("08", new string('x', 26)))), VietQrError.FieldTooLong, "62.08" },
        { WithCrc(Dynamic + MerchantAccount() + Tail + Tlv("62", Tlv("01", new string('1', 26)))), VietQrError.FieldTooLong, "62.01" },
        { WithCrc("000201" + "0A0212" + MerchantAccount() + Tail), VietQrError.BadTagId, null },
    };

    [Theory]
    [MemberData(nameof(PayloadsWithABadValue))]
    public void DecodeGivesEachDefectItsOwnError(string payload, VietQrError expected, string? tag)
    {
        var error = DecodeFails(payload);

        Assert.Equal(expected, error.Error);
        Assert.Equal(tag, error.Tag);
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
    }

    [Fact]
    public void DecodeErrorMessagesNeverContainTheAccountNumber()
    {
        var error = DecodeFails(WithCrc(Dynamic + MerchantAccount(account: "0011-0123456789") + Tail));

        Assert.DoesNotContain("0123456789", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryDecodeReturnsThePayloadWhenValid()
    {
        bool ok = VietQrCodec.TryDecode(NapasDynamicAccount, out VietQrPayload? result, out VietQrException? error);

        Assert.True(ok);
        Assert.Null(error);
        Assert.Equal(180_000, result?.Amount);
    }

    [Fact]
    public void TryDecodeReturnsTheDefectInsteadOfThrowing()
    {
        bool ok = VietQrCodec.TryDecode(NapasDynamicAccount[..^1] + "F", out VietQrPayload? result, out VietQrException? error);

        Assert.False(ok);
        Assert.Null(result);
        Assert.Equal(VietQrError.CrcMismatch, error?.Error);
    }
}
