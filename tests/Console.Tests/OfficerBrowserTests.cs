using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using MotCua.Console.Tests.Infrastructure;

namespace MotCua.Console.Tests;

/// <summary>
/// The console's officer view (issue 20) in headless chromium against a running embedded MotCua: the agency's list, one
/// dossier, its receipt slip printed with the officer's key, the citizen's status link and its reissue. Screenshots of
/// every step (and the slip's PDF) are saved under the test output's artifacts/officer and artifacts/officer-other-agency.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class OfficerBrowserTests(ConsoleFixture fixture)
{
    private const string ProcedureName = "Cấp giấy phép xây dựng nhà ở riêng lẻ";

    [Fact]
    public async Task AnOfficerFindsAFiledDossierPrintsItsSlipOpensItsStatusLinkAndAReissueStopsTheOldLink()
    {
        // An accepted SXD dossier with a fee and an open cash payment, so the list holds more than submitted dossiers.
        var (feeDossier, _, _) = await fixture.PendingCashPaymentAsync("Phạm Minh Đức", 75_000);
        var code = await FiledDossierAsync("Trần Thị Bích");
        var linkBefore = await ConsoleFixture.ExpectAsync(fixture.Officer.GetAsync($"/v1/dossiers/{code}/status-link"), HttpStatusCode.OK);

        var result = await Browser.RunAsync("officer", new JsonObject
        {
            ["baseUrl"] = fixture.Silo.BaseAddress.ToString(),
            ["officerKey"] = ConsoleFixture.OfficerKey,
            ["agency"] = "SXD",
            ["dossierCode"] = code,
            ["procedureName"] = ProcedureName,
            ["feeDossierCode"] = feeDossier,
        }, "officer.mjs");

        // The list: filtered by status, the dossier found in it, every row submitted.
        Assert.Equal("Cán bộ · SXD", (string?)result["who"]);
        Assert.Contains(result["listQueries"]!.AsArray(), q => ((string?)q)!.Contains("agency=SXD", StringComparison.Ordinal)
            && ((string?)q)!.Contains("status=submitted", StringComparison.Ordinal));
        Assert.Equal(new[] { "Mới tiếp nhận" }, result["listStatuses"]!.AsArray().Select(s => (string?)s));
        Assert.Equal(code, (string?)result["row"]![0]);
        Assert.Equal("SXD-XD-001", (string?)result["row"]![2]);
        Assert.True((int)result["total"]! >= 1, $"total {result["total"]}");

        // The dossier as GET shows it.
        Assert.Equal($"Hồ sơ {code}", (string?)result["dossierTitle"]);
        Assert.Equal("Mới tiếp nhận", (string?)result["dossierStatus"]);
        Assert.Contains("Trần Thị Bích", (string?)result["dossierFacts"], StringComparison.Ordinal);
        Assert.Contains("HN-TTHCC", (string?)result["dossierFacts"], StringComparison.Ordinal);
        Assert.Contains($"SXD-XD-001 · {ProcedureName}", (string?)result["dossierFacts"], StringComparison.Ordinal);

        // The slip: a PDF from a blob URL, whose text holds the dossier's code and whose QR is the link the page showed.
        Assert.Equal("blob:", (string?)result["slipUrlScheme"]);
        Assert.Equal($"giay-tiep-nhan-{code}.pdf", (string?)result["slipFileName"]);
        var pdf = (string)result["slipPath"]!;
        Assert.Equal("%PDF-", Encoding.ASCII.GetString(File.ReadAllBytes(pdf), 0, 5));
        var text = await RunAsync("pdftotext", "-layout", pdf, "-");
        Assert.Contains(code, text, StringComparison.Ordinal);
        Assert.Contains("GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ", text, StringComparison.Ordinal);
        var png = Path.Combine(Path.GetDirectoryName(pdf)!, "slip-page");
        await RunAsync("pdftoppm", "-r", "200", "-png", "-singlefile", pdf, png);
        Assert.Equal((string)linkBefore["pageUrl"]!, await StatusPageBrowserTests.ZbarAsync(png + ".png"));

        // The status link shown is the dossier's, and opens its status page.
        Assert.Equal((string)linkBefore["pageUrl"]!, (string?)result["linkBefore"]);
        Assert.Equal(code, (string?)result["statusPageCode"]);
        Assert.Equal("Chờ tiếp nhận", (string?)result["statusPageStatus"]); // the status page speaks the portal's words

        // Reissue: asked first, with what it does; a new link; the old one answers 404, the new one opens the dossier.
        Assert.Contains(code, (string?)result["reissueQuestion"], StringComparison.Ordinal);
        Assert.Contains("ngừng hoạt động", (string?)result["reissueQuestion"], StringComparison.Ordinal);
        Assert.Matches("^[0-9a-f-]{36}$", (string?)result["reissueIdempotencyKey"]);
        Assert.NotEqual((string?)result["linkBefore"], (string?)result["linkAfter"]);
        Assert.Equal(404, (int)result["oldLinkStatus"]!);
        Assert.Equal("Không tìm thấy hồ sơ theo đường dẫn này.", (string?)result["oldLinkMessage"]);
        Assert.Equal(code, (string?)result["newLinkCode"]);
        var linkAfter = await ConsoleFixture.ExpectAsync(fixture.Officer.GetAsync($"/v1/dossiers/{code}/status-link"), HttpStatusCode.OK);
        Assert.Equal((string)linkAfter["pageUrl"]!, (string?)result["linkAfter"]);
        Assert.Equal((int)linkBefore["generation"]! + 1, (int)linkAfter["generation"]!);
        using (var old = await fixture.Anonymous.GetAsync($"/v1/public/status/{(string)linkBefore["token"]!}"))
        {
            Assert.Equal(HttpStatusCode.NotFound, old.StatusCode);
        }

        // The second dossier, opened by code: its fee and payment, its due date, its own link; nothing left of the first.
        Assert.Equal("Chờ nộp phí", (string?)result["feeDossierStatus"]);
        Assert.Equal(new[] { "Lệ phí", "Lệ phí cấp giấy phép xây dựng", ConsoleFixture.Vnd(75_000), "Không" },
            result["feeRows"]!.AsArray().Single()!.AsArray().Select(c => (string?)c));
        Assert.Equal(new[] { "Tiền mặt", ConsoleFixture.Vnd(75_000), "Chờ thanh toán" },
            result["paymentRows"]!.AsArray().Single()!.AsArray().Take(3).Select(c => (string?)c));
        Assert.NotEqual("—", (string?)result["feeDossierDue"]);
        var feeLink = await ConsoleFixture.ExpectAsync(fixture.Officer.GetAsync($"/v1/dossiers/{feeDossier}/status-link"), HttpStatusCode.OK);
        Assert.Equal((string)feeLink["pageUrl"]!, (string?)result["feeDossierLink"]);
        Assert.False((bool)result["staleSlipOffered"]!);
        Assert.Equal("", (string?)result["staleLinkMessage"]);

        Assert.Equal("Fee requested", (string?)result["englishStatus"]);
        Assert.Equal("The agency’s dossiers", (string?)result["englishTitle"]);
        Assert.Equal(9, result["screenshots"]!.AsArray().Count);
        Assert.All(result["screenshots"]!.AsArray(), s => Assert.True(File.Exists((string)s!), $"missing screenshot {s}"));
    }

    [Fact]
    public async Task AnOfficerOfAnotherAgencyOpeningAnSxdDossierIsToldItIsForbidden()
    {
        var code = await FiledDossierAsync("Lê Văn Cường");

        var result = await Browser.RunAsync("officer-other-agency", new JsonObject
        {
            ["baseUrl"] = fixture.Silo.BaseAddress.ToString(),
            ["officerKey"] = ConsoleFixture.OtherOfficerKey,
            ["agency"] = ConsoleFixture.OtherAgencyCode,
            ["dossierCode"] = code,
        }, "officer.mjs");

        Assert.Equal("loaded", (string?)result["listState"]);
        Assert.Equal("403", (string?)result["openStatus"]);
        Assert.Equal($"Hồ sơ {code} không thuộc cơ quan STP: khóa của bạn không được xem hồ sơ này (403).", (string?)result["openMessage"]);
        Assert.False((bool)result["dossierShown"]!);
        Assert.Equal(0, (int)result["slipRequests"]!);
        Assert.Single(result["screenshots"]!.AsArray());
    }

    /// <summary>A portal files an SXD dossier (status submitted); waits until the agency's list (a projection) shows it.</summary>
    private async Task<string> FiledDossierAsync(string applicant)
    {
        var filed = await ConsoleFixture.ExpectAsync(fixture.Portal.PostWithKeyAsync("/v1/dossiers", new
        {
            procedureCode = "SXD-XD-001",
            agencyCode = "SXD",
            receivingCentre = "HN-TTHCC",
            applicant = new { citizenId = "001089004321", fullName = applicant },
        }), HttpStatusCode.Created);
        var code = (string)filed["code"]!;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var list = await ConsoleFixture.ExpectAsync(fixture.Officer.GetAsync("/v1/dossiers?agency=SXD&status=submitted&pageSize=100"), HttpStatusCode.OK);
            if (list["items"]!.AsArray().Any(i => (string?)i!["code"] == code))
            {
                return code;
            }

            Assert.True(DateTime.UtcNow < deadline, $"{code} did not show in SXD's list within 30 s");
            await Task.Delay(100);
        }
    }

    /// <summary>A poppler-utils tool; a missing one fails with what to install.</summary>
    private static async Task<string> RunAsync(string tool, params string[] arguments)
    {
        var path = $"/usr/bin/{tool}";
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"{tool} is missing: install it with 'apt-get install -y poppler-utils' (.ci/run does).");
        }

        using var process = Process.Start(new ProcessStartInfo(path, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{tool} failed ({process.ExitCode}): {await error}");
        return await output;
    }
}
