using MotCua.Gateways.VietQr;

namespace MotCua.Gateways.Tests;

public sealed class VietQrRoundTripTests
{
    public static TheoryData<VietQrRequest> Requests => new()
    {
        new VietQrRequest("970436", "1017595600"),
        new VietQrRequest("970422", "VQRQAEJCI2814", Amount: 10_000_000, Purpose: "Test"),
        new VietQrRequest("970415", "1", Amount: 1),
        new VietQrRequest("970418", "1234567890123456789", Amount: VietQrCodec.MaxAmount),
        new VietQrRequest("970403", "9704031101234567", VietQrService.CardTransfer),
        new VietQrRequest("970403", "9704031101234567890", VietQrService.CardTransfer, 500_000_000, "HS-000.01-20250701-0001"),
        new VietQrRequest("546034", "abcXYZ019", Amount: 2_000, BillNumber: "B", Purpose: "P"),
        new VietQrRequest("970405", "0011001932418", BillNumber: new string('9', 25), Purpose: " spaces  inside ~!@#$%^&*"),
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public void DecodeOfEncodeGivesBackTheRequest(VietQrRequest request)
    {
        string payload = VietQrCodec.Encode(request);

        VietQrPayload decoded = VietQrCodec.Decode(payload);

        Assert.Equal(request, ToRequest(decoded));
        Assert.Equal(request.Amount is not null, decoded.IsDynamic);
        Assert.Equal(payload, VietQrCodec.Encode(ToRequest(decoded)));
    }

    [Fact]
    public void DecodeOfEncodeGivesBackAThousandGeneratedRequests()
    {
        var random = new Random(20250701);
        const string alphanumerics = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

        for (int i = 0; i < 1000; i++)
        {
            var service = random.Next(2) == 0 ? VietQrService.AccountTransfer : VietQrService.CardTransfer;
            string bin = Text(random, "0123456789", 6, 6);
            string accountOrCard = Text(random, service == VietQrService.CardTransfer ? "0123456789" : alphanumerics, 1, 19);
            long? amount = random.Next(3) == 0 ? null : random.NextInt64(1, VietQrCodec.MaxAmount + 1);
            string? bill = random.Next(2) == 0 ? null : Text(random, Printable, 1, 25);
            string? purpose = random.Next(2) == 0 ? null : Text(random, Printable, 1, 25);
            var request = new VietQrRequest(bin, accountOrCard, service, amount, bill, purpose);

            VietQrPayload decoded = VietQrCodec.Decode(VietQrCodec.Encode(request));

            Assert.Equal(request, ToRequest(decoded));
        }
    }

    private static readonly string Printable = new(Enumerable.Range(' ', '~' - ' ' + 1).Select(c => (char)c).ToArray());

    private static string Text(Random random, string alphabet, int minLength, int maxLength)
    {
        var chars = new char[random.Next(minLength, maxLength + 1)];
        for (int i = 0; i < chars.Length; i++)
        {
            chars[i] = alphabet[random.Next(alphabet.Length)];
        }

        return new string(chars);
    }

    private static VietQrRequest ToRequest(VietQrPayload decoded) =>
        new(decoded.BankBin, decoded.AccountOrCard, decoded.Service, decoded.Amount, decoded.BillNumber, decoded.Purpose);
}
