using System.Text;
using MotCua.Gateways.VietQr;

namespace MotCua.Gateways.Tests;

public sealed class VietQrFoldToAsciiTests
{
    [Fact]
    public void FoldToAsciiTurnsAFeeDescriptionIntoTwentyFiveAsciiCharactersAtMost()
    {
        string folded = VietQrCodec.FoldToAscii("Lệ phí cấp phép xây dựng Đà Nẵng");

        // "Le phi cap phep xay dung Da Nang" is 32 characters; the cut at 25 leaves a trailing space, which is trimmed.
        Assert.Equal("Le phi cap phep xay dung", folded);
    }

    [Fact]
    public void FoldToAsciiWithoutALimitKeepsTheWholeText() =>
        Assert.Equal(
            "Le phi cap phep xay dung Da Nang",
            VietQrCodec.FoldToAscii("Lệ phí cấp phép xây dựng Đà Nẵng", int.MaxValue));

    [Theory]
    [InlineData("àáảãạăằắẳẵặâầấẩẫậ", "aaaaaaaaaaaaaaaaa")]
    [InlineData("ÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬ", "AAAAAAAAAAAAAAAAA")]
    [InlineData("èéẻẽẹêềếểễệ", "eeeeeeeeeee")]
    [InlineData("ÈÉẺẼẸÊỀẾỂỄỆ", "EEEEEEEEEEE")]
    [InlineData("ìíỉĩị", "iiiii")]
    [InlineData("ÌÍỈĨỊ", "IIIII")]
    [InlineData("òóỏõọôồốổỗộơờớởỡợ", "ooooooooooooooooo")]
    [InlineData("ÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢ", "OOOOOOOOOOOOOOOOO")]
    [InlineData("ùúủũụưừứửữự", "uuuuuuuuuuu")]
    [InlineData("ÙÚỦŨỤƯỪỨỬỮỰ", "UUUUUUUUUUU")]
    [InlineData("ỳýỷỹỵ", "yyyyy")]
    [InlineData("ỲÝỶỸỴ", "YYYYY")]
    [InlineData("đĐ", "dD")]
    public void FoldToAsciiRemovesEveryVietnameseDiacritic(string text, string expected) =>
        Assert.Equal(expected, VietQrCodec.FoldToAscii(text, int.MaxValue));

    [Fact]
    public void FoldToAsciiGivesTheSameResultForPrecomposedAndDecomposedInput()
    {
        const string text = "Nguyễn Thị Hường";

        Assert.Equal(
            VietQrCodec.FoldToAscii(text.Normalize(NormalizationForm.FormC)),
            VietQrCodec.FoldToAscii(text.Normalize(NormalizationForm.FormD)));
        Assert.Equal("Nguyen Thi Huong", VietQrCodec.FoldToAscii(text));
    }

    [Fact]
    public void FoldToAsciiDropsControlCharactersEmojiAndOtherNonAscii()
    {
        string folded = VietQrCodec.FoldToAscii("Phí 🚀 hồ sơ\u0007 #12 – 3€ ✓", int.MaxValue);

        Assert.Equal("Phi ho so #12 3", folded);
    }

    [Fact]
    public void FoldToAsciiMakesRunsOfWhiteSpaceOneSpaceAndTrims() =>
        Assert.Equal("Ho so 0001", VietQrCodec.FoldToAscii("  \tHồ\u00A0 sơ\r\n 0001  "));

    [Fact]
    public void FoldToAsciiDropsALoneSurrogateInsteadOfThrowing() =>
        Assert.Equal("ab", VietQrCodec.FoldToAscii("a\uD800b"));

    [Fact]
    public void FoldToAsciiLeavesAsciiTextAlone() =>
        Assert.Equal("HS-2025/0001 (phi)", VietQrCodec.FoldToAscii("HS-2025/0001 (phi)"));

    [Theory]
    [InlineData(0, "")]
    [InlineData(1, "L")]
    [InlineData(3, "Le")]
    [InlineData(6, "Le phi")]
    public void FoldToAsciiCutsToMaxLengthWithoutATrailingSpace(int maxLength, string expected) =>
        Assert.Equal(expected, VietQrCodec.FoldToAscii("Lệ phí hồ sơ", maxLength));

    [Fact]
    public void FoldToAsciiRejectsANegativeMaxLength() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => VietQrCodec.FoldToAscii("x", -1));

    [Fact]
    public void FoldToAsciiRejectsNullText() =>
        Assert.Throws<ArgumentNullException>(() => VietQrCodec.FoldToAscii(null!));

    [Theory]
    [InlineData("Nộp lệ phí trước bạ nhà đất tại Ủy ban nhân dân phường")]
    [InlineData("Phí thẩm định hồ sơ cấp Giấy chứng nhận quyền sử dụng đất")]
    [InlineData("    ")]
    public void FoldToAsciiOutputIsAlwaysAcceptedAsAPurpose(string text)
    {
        string purpose = VietQrCodec.FoldToAscii(text);

        string payload = VietQrCodec.Encode(new VietQrRequest("970436", "1017595600", Amount: 25_000, Purpose: purpose));

        Assert.True(purpose.Length <= VietQrCodec.MaxAdditionalDataLength);
        Assert.Equal(purpose.Length == 0 ? null : purpose, VietQrCodec.Decode(payload).Purpose);
    }
}
