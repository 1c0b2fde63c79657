using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using MotCua.Console.Tests.Infrastructure;

namespace MotCua.Console.Tests;

/// <summary>
/// The citizens' status page (<c>/s/{token}</c>, issue 20) in headless chromium at phone width, against a running
/// embedded MotCua. Screenshots of every step are saved under the test output's artifacts/citizen-status folder.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class StatusPageBrowserTests(ConsoleFixture fixture)
{
    private const long Fee = 75_000;

    [Fact]
    public async Task ACitizenOpensTheSlipsLinkSeesTheFeeWithItsVietQrAndAfterCashAReloadShowsItPaidAndProcessing()
    {
        var (dossier, reference, _) = await fixture.PendingCashPaymentAsync("Nguyễn Văn An", Fee);
        var vietQr = await ConsoleFixture.ExpectAsync(
            fixture.Portal.PostWithKeyAsync("/v1/payments", new { dossierCode = dossier, method = "vietqr" }), HttpStatusCode.Created);
        var view = await ConsoleFixture.ExpectAsync(fixture.Portal.GetAsync($"/v1/dossiers/{dossier}"), HttpStatusCode.OK);
        var link = await ConsoleFixture.ExpectAsync(fixture.Portal.GetAsync($"/v1/dossiers/{dossier}/status-link"), HttpStatusCode.OK);
        var due = DateTimeOffset.Parse((string)view["dueAt"]!, CultureInfo.InvariantCulture).ToOffset(TimeSpan.FromHours(7));

        var result = await Browser.RunAsync("citizen-status", new JsonObject
        {
            ["baseUrl"] = fixture.Silo.BaseAddress.ToString(),
            ["pageUrl"] = (string)link["pageUrl"]!,
            ["dossierCode"] = dossier,
            ["citizenId"] = "001089001234",
            ["expectedMaskedName"] = "Nguyễn V. A.",
            ["expectedDue"] = due.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture),
            ["expectedAmount"] = "75.000 đồng",
            ["reference"] = reference,
            ["amount"] = Fee,
            ["agentKey"] = ConsoleFixture.AgentKey,
            ["channelId"] = ConsoleFixture.ChannelId,
            ["receiptNumber"] = $"BL-S{Random.Shared.Next(100_000, 999_999)}",
        }, "status.mjs");

        // The VietQR the page showed decodes to the open payment's payload.
        Assert.Equal((string)vietQr["vietqr"]!["payload"]!, await DecodeQrAsync(Convert.FromBase64String((string)result["vietQrPng"]!)));
        Assert.Equal(3, result["screenshots"]!.AsArray().Count);
        Assert.All(result["screenshots"]!.AsArray(), s => Assert.True(File.Exists((string)s!), $"missing screenshot {s}"));
        var after = await ConsoleFixture.ExpectAsync(fixture.Portal.GetAsync($"/v1/dossiers/{dossier}"), HttpStatusCode.OK);
        Assert.Equal("processing", (string?)after["status"]);
    }

    /// <summary>zbarimg (Debian's zbar-tools) reads the QR in a PNG; a missing tool fails with what to install.</summary>
    public static async Task<string> DecodeQrAsync(byte[] png)
    {
        var file = Path.Combine(Path.GetTempPath(), $"motcua-qr-{Guid.NewGuid():N}.png");
        await File.WriteAllBytesAsync(file, png);
        try
        {
            return await ZbarAsync(file);
        }
        finally
        {
            File.Delete(file);
        }
    }

    public static async Task<string> ZbarAsync(string imageFile)
    {
        if (!File.Exists("/usr/bin/zbarimg"))
        {
            throw new InvalidOperationException("zbarimg is missing: install it with 'apt-get install -y zbar-tools' (.ci/run does).");
        }

        using var process = Process.Start(new ProcessStartInfo("/usr/bin/zbarimg", ["--raw", "-q", imageFile])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"zbarimg found no QR code in {imageFile} ({process.ExitCode}): {error}");
        return output.TrimEnd('\n');
    }
}
