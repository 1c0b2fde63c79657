using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using MotCua.Api.Tests.Infrastructure;

namespace MotCua.Api.Tests.StatusLinks;

/// <summary>
/// The receipt slip as a citizen gets it at the counter: its text read back with poppler's pdftotext, and its QR read
/// with pdftoppm and zbarimg, whose URL opens the dossier's status page (issue 20).
/// </summary>
[Collection(ApiCollection.Name)]
public sealed partial class ReceiptSlipApiTests(MotCuaFactory factory)
{
    private readonly PaymentApiKit _kit = new(factory);

    [Fact]
    public async Task TheSlipShowsTheCodeTheProcedureInVietnameseAndTheAppointmentDateAndItsQrOpensTheStatusPage()
    {
        var code = await _kit.DossierAwaitingFeesAsync(PaymentApiKit.NewCitizen(), ("charge", 75_000));
        var cash = await _kit.CreatePaymentAsync(code, "cash");
        var dossier = await ApiClient.JsonAsync(await _kit.Portal.GetAsync($"/v1/dossiers/{code}"), HttpStatusCode.OK);
        var due = DateTimeOffset.Parse((string)dossier["dueAt"]!, CultureInfo.InvariantCulture).ToOffset(TimeSpan.FromHours(7));

        var response = await _kit.Officer.GetAsync($"/v1/dossiers/{code}/receipt.pdf");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        var folder = Directory.CreateTempSubdirectory("motcua-receipt-");
        try
        {
            var pdf = Path.Combine(folder.FullName, "receipt.pdf");
            await File.WriteAllBytesAsync(pdf, await response.Content.ReadAsByteArrayAsync());

            var text = Spaces().Replace(await RunAsync("pdftotext", "poppler-utils", "-layout", pdf, "-"), " ");
            Assert.Contains(code, text, StringComparison.Ordinal);
            Assert.Contains("Cấp giấy phép xây dựng nhà ở riêng lẻ", text, StringComparison.Ordinal);
            Assert.Contains("GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ", text, StringComparison.Ordinal);
            Assert.Contains($"Ngày hẹn trả kết quả: {due:dd/MM/yyyy}", text, StringComparison.Ordinal);
            Assert.Contains((string)cash["reference"]!, text, StringComparison.Ordinal);
            Assert.Contains("75.000 đồng", text, StringComparison.Ordinal);
            Assert.Equal("1", Regex.Match(await RunAsync("pdfinfo", "poppler-utils", pdf), @"Pages:\s+(\d+)").Groups[1].Value);
            var fonts = await RunAsync("pdffonts", "poppler-utils", pdf);
            Assert.True(fonts.Contains("DejaVu Sans", StringComparison.Ordinal) && fonts.Contains(" yes ", StringComparison.Ordinal), fonts);

            await RunAsync("pdftoppm", "poppler-utils", "-r", "200", "-png", "-singlefile", pdf, Path.Combine(folder.FullName, "page"));
            var url = (await RunAsync("zbarimg", "zbar-tools", "--raw", "-q", Path.Combine(folder.FullName, "page.png"))).Trim();

            var link = await ApiClient.JsonAsync(await _kit.Portal.GetAsync($"/v1/dossiers/{code}/status-link"), HttpStatusCode.OK);
            Assert.Equal((string)link["pageUrl"]!, url);
            // The address is printed in full too (in lines that fit the page), for whoever types it.
            Assert.Contains(url, Regex.Replace(await RunAsync("pdftotext", "poppler-utils", "-raw", pdf, "-"), @"\s", ""), StringComparison.Ordinal);
            var anyone = factory.CreateClient();
            var page = await anyone.GetAsync(new Uri(url).PathAndQuery);
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
            var token = new Uri(url).Segments.Last();
            var status = await ApiClient.JsonAsync(await anyone.GetAsync($"/v1/public/status/{token}"), HttpStatusCode.OK);
            Assert.Equal(code, (string?)status["code"]);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task AnOfficerOfAnotherAgencyGetsNoSlip()
    {
        var code = await _kit.DossierAwaitingFeesAsync(PaymentApiKit.NewCitizen(), ("charge", 10_000));
        var agent = new ApiClient(factory.ClientFor("dev-agent-vnpost-HN0001"));

        await ApiClient.ProblemAsync(await agent.GetAsync($"/v1/dossiers/{code}/receipt.pdf"), HttpStatusCode.Forbidden, "forbidden");
    }

    private static async Task<string> RunAsync(string tool, string package, params string[] args)
    {
        var path = $"/usr/bin/{tool}";
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"{tool} is missing: install it with 'apt-get install -y {package}' (.ci/run does).");
        }

        using var process = Process.Start(new ProcessStartInfo(path, args) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{tool} {string.Join(' ', args)} failed ({process.ExitCode}): {error}");
        return await output;
    }

    [GeneratedRegex(@"[ \t]+")]
    private static partial Regex Spaces();
}
