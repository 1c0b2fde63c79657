using System.Globalization;
using MotCua.Grains.Interfaces.Catalogue;
using MotCua.Grains.Interfaces.Common;
using MotCua.Grains.Interfaces.Dossiers;
using MotCua.Grains.Interfaces.Payments;
using PdfSharp.Drawing;
using PdfSharp.Drawing.Layout;
using PdfSharp.Fonts;
using PdfSharp.Pdf;
using QRCoder;

namespace MotCua.Api.StatusLinks;

/// <summary>
/// The receipt slip ("giấy tiếp nhận hồ sơ và hẹn trả kết quả") as a one-page A5 PDF: the dossier code, procedure,
/// receiving centre and agency, when it was received and the appointment date, the fees with the cash reference, and a
/// QR code that opens the status page. Text is set in DejaVu Sans, embedded, so Vietnamese renders on any printer.
/// </summary>
public static class ReceiptSlip
{
    private const string Family = "DejaVu Sans";
    private static readonly CultureInfo Vi = CultureInfo.GetCultureInfo("vi-VN");
    private static readonly Lock FontLock = new();

    public static byte[] Render(DossierView view, ProcedureView? procedure, PaymentView? openCash, string statusPageUrl)
    {
        EnsureFonts();
        var document = new PdfDocument();
        document.Info.Title = $"Giấy tiếp nhận hồ sơ {view.Code}";
        document.Info.Creator = "MotCua";
        var page = document.AddPage();
        page.Size = PdfSharp.PageSize.A5;
        using (var gfx = XGraphics.FromPdfPage(page))
        {
            var options = new XPdfFontOptions(PdfFontEncoding.Unicode);
            var title = new XFont(Family, 12, XFontStyleEx.Bold, options);
            var bold = new XFont(Family, 9.5, XFontStyleEx.Bold, options);
            var body = new XFont(Family, 9.5, XFontStyleEx.Regular, options);
            var small = new XFont(Family, 6, XFontStyleEx.Regular, options);
            var text = new XTextFormatter(gfx);
            const double left = 36;
            var width = page.Width.Point - 2 * left;
            var y = 32.0;

            text.Alignment = XParagraphAlignment.Center;
            text.DrawString("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc", bold, XBrushes.Black, new XRect(left, y, width, 28));
            y += 40;
            text.DrawString("GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ", title, XBrushes.Black, new XRect(left, y, width, 18));
            y += 24;
            text.Alignment = XParagraphAlignment.Left;

            var received = view.History.FirstOrDefault(h => h.ToStatus == DossierStatus.Accepted.ToApiName())?.At ?? view.SubmittedAt;
            var rows = new List<(string Label, string Value)>
            {
                ("Mã hồ sơ:", view.Code),
                ("Thủ tục:", procedure is null ? view.ProcedureCode : $"{procedure.Name} ({procedure.Code})"),
                ("Nơi tiếp nhận:", view.ReceivingCentre),
                ("Cơ quan giải quyết:", view.AgencyCode),
                ("Người nộp:", PublicStatus.MaskName(view.Applicant.FullName)),
                ("Ngày tiếp nhận:", received.ToVietnam().ToString("HH:mm 'ngày' dd/MM/yyyy", CultureInfo.InvariantCulture)),
                ("Ngày hẹn trả kết quả:", view.DueAt is { } due
                    ? due.ToVietnam().ToString("dd/MM/yyyy", CultureInfo.InvariantCulture)
                    : "sau khi hồ sơ được tiếp nhận"),
            };
            foreach (var (label, value) in rows)
            {
                gfx.DrawString(label, bold, XBrushes.Black, new XRect(left, y, 120, 14), XStringFormats.TopLeft);
                var lines = Math.Max(1, (int)Math.Ceiling(gfx.MeasureString(value, body).Width / (width - 124)));
                text.DrawString(value, body, XBrushes.Black, new XRect(left + 124, y, width - 124, 13 * lines));
                y += 13 * lines + 3;
            }

            y += 6;
            gfx.DrawString("Phí, lệ phí:", bold, XBrushes.Black, new XRect(left, y, width, 14), XStringFormats.TopLeft);
            y += 15;
            if (view.Fees.Count == 0)
            {
                gfx.DrawString("Không có (hoặc cơ quan sẽ thông báo sau).", body, XBrushes.Black, new XRect(left + 10, y, width, 14), XStringFormats.TopLeft);
                y += 15;
            }

            foreach (var fee in view.Fees)
            {
                gfx.DrawString($"• {fee.Name}: {Money(fee.Amount)}{(fee.Paid ? " (đã nộp)" : "")}", body, XBrushes.Black,
                    new XRect(left + 10, y, width - 10, 14), XStringFormats.TopLeft);
                y += 14;
            }

            var unpaid = view.Fees.Where(f => !f.Paid).Sum(f => f.Amount);
            if (unpaid > 0)
            {
                gfx.DrawString($"Còn phải nộp: {Money(unpaid)}", bold, XBrushes.Black, new XRect(left + 10, y, width, 14), XStringFormats.TopLeft);
                y += 15;
                var cash = openCash is null
                    ? "Nộp tiền mặt tại bưu điện, đại lý: tạo mã thanh toán trên Cổng dịch vụ công."
                    : $"Nộp tiền mặt tại bưu điện, đại lý: đọc mã thanh toán {openCash.Reference} ({Money(openCash.Amount)}).";
                text.DrawString(cash, body, XBrushes.Black, new XRect(left + 10, y, width - 10, 28));
                y += 30;
            }

            // The QR that opens the status page, drawn module by module (vector, sharp on any printer).
            const double qrSize = 120;
            var qrTop = Math.Max(y + 8, page.Height.Point - 36 - qrSize - 40);
            DrawQr(gfx, statusPageUrl, left, qrTop, qrSize);
            text.DrawString("Quét mã QR để tra cứu tình trạng hồ sơ, ngày hẹn và phí phải nộp, không cần tài khoản. "
                + "Giữ phiếu này: ai có mã QR đều xem được tình trạng hồ sơ (tên đã che, không có số định danh).",
                body, XBrushes.Black, new XRect(left + qrSize + 12, qrTop + 4, width - qrSize - 12, qrSize - 8));
            // The address in full, for whoever types it: broken into lines that fit, as it has no spaces to wrap at.
            var urlLines = new List<string>();
            for (var rest = statusPageUrl; rest.Length > 0;)
            {
                var take = rest.Length;
                while (take > 1 && gfx.MeasureString(rest[..take], small).Width > width)
                {
                    take--;
                }

                urlLines.Add(rest[..take]);
                rest = rest[take..];
            }

            text.DrawString(string.Join('\n', urlLines), small, XBrushes.Black, new XRect(left, qrTop + qrSize + 6, width, 9 * urlLines.Count));
        }

        using var stream = new MemoryStream();
        document.Save(stream, closeStream: false);
        return stream.ToArray();
    }

    private static string Money(long amount) => amount.ToString("#,0", Vi) + " đồng";

    private static void DrawQr(XGraphics gfx, string payload, double x, double y, double size)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(payload, QRCodeGenerator.ECCLevel.M);
        var matrix = data.ModuleMatrix; // includes the quiet zone
        var modules = matrix.Count;
        var cell = size / modules;
        for (var row = 0; row < modules; row++)
        {
            for (var column = 0; column < modules; column++)
            {
                if (matrix[row][column])
                {
                    // A hair of overlap so that no seam shows between neighbouring modules.
                    gfx.DrawRectangle(XBrushes.Black, x + column * cell, y + row * cell, cell + 0.05, cell + 0.05);
                }
            }
        }
    }

    private static void EnsureFonts()
    {
        lock (FontLock)
        {
            if (GlobalFontSettings.FontResolver is not EmbeddedFonts)
            {
                GlobalFontSettings.FontResolver = new EmbeddedFonts();
            }
        }
    }

    /// <summary>DejaVu Sans and DejaVu Sans Bold from this assembly's resources, for every family PDFsharp asks for.</summary>
    private sealed class EmbeddedFonts : IFontResolver
    {
        public FontResolverInfo ResolveTypeface(string familyName, bool bold, bool italic) =>
            new(bold ? "DejaVuSans-Bold" : "DejaVuSans");

        public byte[] GetFont(string faceName)
        {
            using var stream = typeof(ReceiptSlip).Assembly.GetManifestResourceStream($"fonts/{faceName}.ttf")
                ?? throw new InvalidOperationException($"The font {faceName} is not embedded in the API assembly.");
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return copy.ToArray();
        }
    }
}
