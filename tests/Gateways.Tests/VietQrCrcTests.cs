using System.Text;
using MotCua.Gateways.VietQr;
using static MotCua.Gateways.Tests.VietQrPublishedExamples;

namespace MotCua.Gateways.Tests;

public sealed class VietQrCrcTests
{
    [Fact]
    public void CrcOfTheStandardCheckString123456789Is29B1() =>
        Assert.Equal("29B1", VietQrCodec.Crc16CcittFalse("123456789"u8));

    [Fact]
    public void CrcOfNothingIsTheInitialValueBecauseThereIsNoFinalXor() =>
        Assert.Equal("FFFF", VietQrCodec.Crc16CcittFalse([]));

    [Theory]
    [InlineData("J", "087E")]
    [InlineData("AQX", "0072")]
    public void CrcStartingWithZeroKeepsItsLeadingZeros(string input, string expected)
    {
        string crc = VietQrCodec.Crc16CcittFalse(Encoding.ASCII.GetBytes(input));

        Assert.Equal(expected, crc);
        Assert.Equal(4, crc.Length);
    }

    [Theory]
    [InlineData(NapasDynamicAccount)]
    [InlineData(NapasStaticCard)]
    [InlineData(NapasStaticAccountAsPrinted)]
    [InlineData(StaticAccount)]
    [InlineData(StaticCard)]
    [InlineData(DynamicAccount)]
    [InlineData(DynamicCard)]
    [InlineData(MerchantPushWithoutServiceCode)]
    [InlineData(PayloadFormatZero)]
    public void CrcOfEveryPublishedPayloadMatchesItsTag63(string payload)
    {
        byte[] covered = Encoding.ASCII.GetBytes(payload[..^4]);

        Assert.Equal(payload[^4..], VietQrCodec.Crc16CcittFalse(covered));
    }

    [Fact]
    public void CrcIsUppercaseHex()
    {
        // "AF" has CRC 0BF0: a lowercase formatter would write "0bf0".
        Assert.Equal("0BF0", VietQrCodec.Crc16CcittFalse("AF"u8));
    }
}
