using System.Text;
using MotCua.Gateways.VietQr;
using static MotCua.Gateways.Tests.VietQrPublishedExamples;

namespace MotCua.Gateways.Tests;

public sealed class VietQrEncodeTests
{
    [Fact]
    public void EncodeDynamicAccountPayloadMatchesTheNapasSpecificationExample()
    {
        var request = new VietQrRequest(
            "970403", "0011012345678", VietQrService.AccountTransfer, 180_000, "NPS6869", "thanh toan don hang");

        Assert.Equal(NapasDynamicAccount, VietQrCodec.Encode(request));
    }

    [Fact]
    public void EncodeStaticCardPayloadMatchesTheNapasSpecificationExample()
    {
        var request = new VietQrRequest("970403", "9704031101234567", VietQrService.CardTransfer);

        Assert.Equal(NapasStaticCard, VietQrCodec.Encode(request));
    }

    [Fact]
    public void EncodeStaticAccountPayloadMatchesTheCorrectedSpecificationExample() =>
        Assert.Equal(StaticAccount, VietQrCodec.Encode(new VietQrRequest("970403", "0011012345678")));

    [Fact]
    public void EncodeStaticCardPayloadMatchesThePublishedLibraryExample() =>
        Assert.Equal(StaticCard, VietQrCodec.Encode(new VietQrRequest("970403", "0011012345678", VietQrService.CardTransfer)));

    [Fact]
    public void EncodeDynamicAccountPayloadWithPurposeOnlyMatchesThePublishedLibraryExample() =>
        Assert.Equal(
            DynamicAccount,
            VietQrCodec.Encode(new VietQrRequest("970403", "0011012345678", Amount: 180_000, Purpose: "thanh toan don hang")));

    [Fact]
    public void EncodeDynamicCardPayloadMatchesThePublishedLibraryExample() =>
        Assert.Equal(
            DynamicCard,
            VietQrCodec.Encode(new VietQrRequest(
                "970403", "0011012345678", VietQrService.CardTransfer, 180_000, Purpose: "thanh toan don hang")));

    [Fact]
    public void EncodeWithoutAmountIsStaticAndWithAmountIsDynamic()
    {
        string withoutAmount = VietQrCodec.Encode(new VietQrRequest("970436", "1017595600"));
        string withAmount = VietQrCodec.Encode(new VietQrRequest("970436", "1017595600", Amount: 50_000));

        Assert.StartsWith("000201010211", withoutAmount, StringComparison.Ordinal);
        Assert.DoesNotContain("54", RootIds(withoutAmount));
        Assert.StartsWith("000201010212", withAmount, StringComparison.Ordinal);
        Assert.Contains("540550000", withAmount, StringComparison.Ordinal);
    }

    [Fact]
    public void EncodeWritesRootTagsInAscendingOrderWithTheCrcLast()
    {
        string payload = VietQrCodec.Encode(
            new VietQrRequest("970436", "1017595600", Amount: 350_000, BillNumber: "HS-2025-0001", Purpose: "Le phi"));

        Assert.Equal(["00", "01", "38", "53", "54", "58", "62", "63"], RootIds(payload));
    }

    [Fact]
    public void EncodeKeepsTheLeadingZeroOfTheCrc()
    {
        // Constructed (120 000 đồng to 0011001932418 at 970415, purpose TEST5); its CRC, 0FF5, was checked with an
        // independent implementation. A generator that formats the CRC without padding writes "6303FF5".
        string payload = VietQrCodec.Encode(new VietQrRequest("970415", "0011001932418", Amount: 120_000, Purpose: "TEST5"));

        Assert.Equal(
            "00020101021238570010A00000072701270006970415011300110019324180208QRIBFTTA530370454061200005802VN62090805TEST563040FF5",
            payload);
        Assert.Equal("0FF5", VietQrCodec.Crc16CcittFalse(Encoding.ASCII.GetBytes(payload[..^4])));
        Assert.Equal("0FF5", VietQrCodec.Decode(payload).Crc);
    }

    [Fact]
    public void EncodeKeepsBothLeadingZerosOfTheCrc()
    {
        // Constructed (350 000 đồng to 1017595600 at 970436): CRC 00CA.
        string payload = VietQrCodec.Encode(new VietQrRequest("970436", "1017595600", Amount: 350_000));

        Assert.Equal(
            "00020101021238540010A00000072701240006970436011010175956000208QRIBFTTA530370454063500005802VN630400CA",
            payload);
        Assert.Equal("00CA", VietQrCodec.Decode(payload).Crc);
    }

    [Fact]
    public void EncodeWritesTheLargestAmountAsThirteenDigits() =>
        Assert.Contains(
            "54139999999999999",
            VietQrCodec.Encode(new VietQrRequest("970436", "1017595600", Amount: VietQrCodec.MaxAmount)),
            StringComparison.Ordinal);

    [Fact]
    public void EncodeTreatsEmptyBillNumberAndPurposeAsAbsent() =>
        Assert.Equal(
            VietQrCodec.Encode(new VietQrRequest("970436", "1017595600", Amount: 10_000)),
            VietQrCodec.Encode(new VietQrRequest("970436", "1017595600", Amount: 10_000, BillNumber: "", Purpose: "")));

    [Theory]
    [InlineData("")]
    [InlineData("97040")]
    [InlineData("9704031")]
    [InlineData("97040A")]
    [InlineData("９７０４０３")] // full-width digits are digits to char.IsDigit, not to VietQR
    public void EncodeRejectsABankBinThatIsNotSixDigits(string bin)
    {
        var error = Assert.Throws<VietQrException>(() => VietQrCodec.Encode(new VietQrRequest(bin, "1017595600")));

        Assert.Equal(VietQrError.BadBankBin, error.Error);
        Assert.Equal("38.01.00", error.Tag);
    }

    [Theory]
    [InlineData("", VietQrService.AccountTransfer)]
    [InlineData("12345678901234567890", VietQrService.AccountTransfer)]
    [InlineData("0011-012345", VietQrService.AccountTransfer)]
    [InlineData("0011 012345", VietQrService.AccountTransfer)]
    [InlineData("Số0011", VietQrService.AccountTransfer)]
    [InlineData("VQR9704031101", VietQrService.CardTransfer)]
    public void EncodeRejectsABadAccountOrCardNumber(string accountOrCard, VietQrService service)
    {
        var error = Assert.Throws<VietQrException>(
            () => VietQrCodec.Encode(new VietQrRequest("970436", accountOrCard, service)));

        Assert.Equal(VietQrError.BadAccount, error.Error);
        Assert.Equal("38.01.01", error.Tag);
    }

    [Theory]
    [InlineData("1")]
    [InlineData("1234567890123456789")]
    [InlineData("VQRQAEJCI2814")]
    public void EncodeAcceptsAccountsOfOneToNineteenLettersOrDigits(string account) =>
        Assert.Equal(account, VietQrCodec.Decode(VietQrCodec.Encode(new VietQrRequest("970422", account))).AccountOrCard);

    [Fact]
    public void EncodeErrorMessagesNeverContainTheAccountNumber()
    {
        const string account = "0011-0123456789";

        var error = Assert.Throws<VietQrException>(() => VietQrCodec.Encode(new VietQrRequest("970436", account)));

        Assert.DoesNotContain("0123456789", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(-1L)]
    [InlineData(VietQrCodec.MaxAmount + 1)]
    public void EncodeRejectsAnAmountOutsideOneToThirteenNines(long amount)
    {
        var error = Assert.Throws<VietQrException>(
            () => VietQrCodec.Encode(new VietQrRequest("970436", "1017595600", Amount: amount)));

        Assert.Equal(VietQrError.BadAmount, error.Error);
        Assert.Equal("54", error.Tag);
    }

    [Fact]
    public void EncodeRejectsAnUndefinedService()
    {
        var error = Assert.Throws<VietQrException>(
            () => VietQrCodec.Encode(new VietQrRequest("970436", "1017595600", (VietQrService)7)));

        Assert.Equal(VietQrError.BadService, error.Error);
    }

    [Theory]
    [InlineData("12345678901234567890123456", null, VietQrError.FieldTooLong, "62.01")]
    [InlineData(null, "12345678901234567890123456", VietQrError.FieldTooLong, "62.08")]
    [InlineData(null, "Lệ phí hồ sơ", VietQrError.NotAscii, "62.08")]
    [InlineData("HS\u00A0001", null, VietQrError.NotAscii, "62.01")]
    [InlineData(null, "line\nbreak", VietQrError.NotAscii, "62.08")]
    public void EncodeRejectsAdditionalDataThatIsTooLongOrNotAscii(
        string? billNumber, string? purpose, VietQrError expected, string tag)
    {
        var error = Assert.Throws<VietQrException>(
            () => VietQrCodec.Encode(new VietQrRequest("970436", "1017595600", Amount: 1, BillNumber: billNumber, Purpose: purpose)));

        Assert.Equal(expected, error.Error);
        Assert.Equal(tag, error.Tag);
    }

    [Fact]
    public void EncodeAcceptsTwentyFiveCharacterBillNumberAndPurpose()
    {
        string bill = new('B', 25);
        string purpose = "~!@#$%^&*()_+{}|:<>? 1234";

        VietQrPayload decoded = VietQrCodec.Decode(
            VietQrCodec.Encode(new VietQrRequest("970436", "1017595600", BillNumber: bill, Purpose: purpose)));

        Assert.Equal(bill, decoded.BillNumber);
        Assert.Equal(purpose, decoded.Purpose);
    }

    [Fact]
    public void EncodeOfAFoldedVietnamesePurposeSucceeds()
    {
        string purpose = VietQrCodec.FoldToAscii("Lệ phí cấp phép xây dựng Đà Nẵng");

        string payload = VietQrCodec.Encode(new VietQrRequest("970436", "1017595600", Amount: 150_000, Purpose: purpose));

        Assert.Equal("Le phi cap phep xay dung", VietQrCodec.Decode(payload).Purpose);
    }

    [Fact]
    public void EncodeRejectsANullRequest() =>
        Assert.Throws<ArgumentNullException>(() => VietQrCodec.Encode(null!));

    [Fact]
    public void RequestAndPayloadToStringShowOnlyTheLastFourCharactersOfTheAccount()
    {
        var request = new VietQrRequest("970403", "0011012345678", Amount: 180_000);

        Assert.DoesNotContain("0011012345678", request.ToString(), StringComparison.Ordinal);
        Assert.Contains("****5678", request.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("0011012345678", VietQrCodec.Decode(NapasDynamicAccount).ToString(), StringComparison.Ordinal);
    }
}
