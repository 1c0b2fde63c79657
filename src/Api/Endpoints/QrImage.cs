using QRCoder;

namespace MotCua.Api.Endpoints;

/// <summary>Renders a QR payload as a PNG (QRCoder, error correction M as banking apps expect, a quiet zone of 4 modules).</summary>
public static class QrImage
{
    /// <summary>Pixels per QR module: about 300 px for a typical VietQR.</summary>
    private const int PixelsPerModule = 6;

    public static byte[] Png(string payload)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(payload, QRCodeGenerator.ECCLevel.M);
        return new PngByteQRCode(data).GetGraphic(PixelsPerModule);
    }
}
