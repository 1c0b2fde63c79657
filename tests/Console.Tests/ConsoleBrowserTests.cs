using System.Net;
using System.Text.Json.Nodes;
using MotCua.Console.Tests.Infrastructure;

namespace MotCua.Console.Tests;

/// <summary>
/// The web console in headless chromium against a running embedded MotCua: what an agent at a post-office counter
/// and an operator see and do. Screenshots of every step are saved under the test output's artifacts/ folder.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class ConsoleBrowserTests(ConsoleFixture fixture)
{
    private const long Fee = 75_000;

    [Fact]
    public async Task AgentCollectsAFeeThroughTheConsoleOnceAndThePaymentReadsSucceeded()
    {
        var (dossier, reference, paymentId) = await fixture.PendingCashPaymentAsync("Nguyễn Văn An", Fee);
        var before = await fixture.ChannelAsync();
        var countBefore = (int)before["openWindow"]!["count"]!;
        var totalBefore = (long)before["openWindow"]!["total"]!;
        var receipt = $"BL-{Random.Shared.Next(100_000, 999_999)}";

        var result = await Browser.RunAsync("agent", new JsonObject
        {
            ["baseUrl"] = fixture.Silo.BaseAddress.ToString(),
            ["agentKey"] = ConsoleFixture.AgentKey,
            ["otherAgentKey"] = ConsoleFixture.OtherAgentKey,
            ["channelId"] = ConsoleFixture.ChannelId,
            ["windowCountBefore"] = countBefore,
            ["reference"] = reference,
            ["dossierCode"] = dossier,
            ["applicantName"] = "Nguyễn Văn An",
            ["expectedMaskedName"] = "Nguyễn V** A*",
            ["expectedAmount"] = ConsoleFixture.Vnd(Fee),
            ["receiptNumber"] = receipt,
            ["remittanceReference"] = "UNC-CONSOLE-1",
        });

        // The page showed the window move by exactly this collection.
        Assert.Equal(countBefore + 1, (int)result["windowAfter"]!["count"]!);
        Assert.Equal(ConsoleFixture.Vnd(totalBefore), (string?)result["windowBefore"]!["total"]);
        Assert.Equal(ConsoleFixture.Vnd(totalBefore + Fee), (string?)result["windowAfter"]!["total"]);
        // The refused collection reads in Vietnamese by its code; the server's English text only behind "Chi tiết".
        Assert.Equal("Không thu được: khoản thanh toán này không thu bằng tiền mặt được nữa (đã được thanh toán, đã hủy, hết hạn "
            + "hoặc không phải thanh toán tiền mặt).", (string?)result["conflictMessage"]);
        Assert.False((bool)result["conflictDetailsOpen"]!);
        Assert.DoesNotContain("cannot be collected", (string?)result["conflictVisibleText"], StringComparison.Ordinal);
        Assert.Contains("payment_not_collectable", (string?)result["conflictDetails"]);
        Assert.Equal("Open settlement window", (string?)result["englishTitle"]);
        // After the cash, the agent is told the citizen's slip QR shows the fee paid (an agent reads no slip or status link).
        Assert.StartsWith("Không cần giấy mới: công dân quét mã QR trên giấy tiếp nhận hồ sơ sẽ thấy khoản phí này đã nộp.",
            (string?)result["collectedNote"], StringComparison.Ordinal);

        // Over the API: the payment succeeded, collected by this channel with the agent's receipt number, once.
        var payment = await fixture.PaymentWhenAsync(paymentId, p => (string?)p["status"] == "succeeded");
        Assert.Equal("succeeded", (string?)payment["status"]);
        Assert.Equal(ConsoleFixture.ChannelId, (string?)payment["channelId"]);
        Assert.Equal(receipt, (string?)payment["agentReceiptNumber"]);

        // The agent declared the window with its remittance reference: declared, listed as awaiting receipt, and the
        // cash still counted against the float.
        Assert.True((string?)result["settlement"] == "summary", $"Declaring the window showed: {result["closeMessage"]}");
        Assert.Equal("Nhập số chứng từ nộp tiền (ủy nhiệm chi hoặc giấy nộp tiền).", (string?)result["missingReferenceMessage"]);
        Assert.Contains(reference, result["settlementReferences"]!.AsArray().Select(r => (string?)r));
        Assert.Equal(("Đã kê khai, chờ kho bạc xác nhận", "UNC-CONSOLE-1"), ((string?)result["settlementStatus"], (string?)result["settlementRemittance"]));
        var after = await fixture.ChannelAsync();
        var settlementId = (string)result["settlementId"]!;
        Assert.Equal((int)before["openWindow"]!["number"]! + 1, (int)after["openWindow"]!["number"]!);
        Assert.Equal(0, (int)after["openWindow"]!["count"]!);
        var awaiting = after["awaitingReceipt"]!.AsArray().Single(s => (string?)s!["id"] == settlementId)!;
        Assert.Equal(("UNC-CONSOLE-1", totalBefore + Fee), ((string?)awaiting["remittanceReference"], (long)awaiting["total"]!));
        Assert.Equal(["UNC-CONSOLE-1", ConsoleFixture.Vnd(totalBefore + Fee)], result["awaitingRow"]!.AsArray().Skip(2).Select(c => (string?)c));
        Assert.Equal(ConsoleFixture.Vnd((long)after["awaitingReceiptTotal"]!), (string?)result["awaitingTotal"]);
        Assert.Equal((long)before["position"]! + Fee, (long)after["position"]!);

        // An operator confirms the treasury received it on the console: the float frees up by the total.
        var confirmed = await Browser.RunAsync("receipts", new JsonObject
        {
            ["baseUrl"] = fixture.Silo.BaseAddress.ToString(),
            ["operatorKey"] = ConsoleFixture.OperatorKey,
            ["channelId"] = ConsoleFixture.ChannelId,
            ["settlementId"] = settlementId,
        });
        Assert.Equal($"Đã xác nhận kho bạc nhận {ConsoleFixture.Vnd(totalBefore + Fee)} của phiên số {(int)before["openWindow"]!["number"]!}.",
            (string?)confirmed["confirmedMessage"]);
        var received = await fixture.ChannelAsync();
        Assert.DoesNotContain(received["awaitingReceipt"]!.AsArray(), s => (string?)s!["id"] == settlementId);
        Assert.Equal((long)after["position"]! - (totalBefore + Fee), (long)received["position"]!);
        var audit = await ConsoleFixture.ExpectAsync(fixture.Operator.GetAsync("/v1/ledger/audit"), HttpStatusCode.OK);
        Assert.Equal(0, (long)audit["total"]!);

        Assert.True(result["screenshots"]!.AsArray().Count >= 6, "The agent's screenshots were not saved");
    }

    [Fact]
    public async Task OperatorSeesTheClusterAndABalancedLedgerAudit()
    {
        var cluster = await ConsoleFixture.ExpectAsync(fixture.Operator.GetAsync("/v1/cluster"), HttpStatusCode.OK);
        var audit = await ConsoleFixture.ExpectAsync(fixture.Operator.GetAsync("/v1/ledger/audit"), HttpStatusCode.OK);

        var result = await Browser.RunAsync("operator", new JsonObject
        {
            ["baseUrl"] = fixture.Silo.BaseAddress.ToString(),
            ["operatorKey"] = ConsoleFixture.OperatorKey,
        });

        Assert.Equal((int)cluster["activeSilos"]!, (int)result["activeSilos"]!);
        Assert.Equal(cluster["silos"]!.AsArray().Count, (int)result["siloRows"]!);
        Assert.Contains("LedgerShardGrain", result["grainTypes"]!.AsArray().Select(t => (string?)t));
        Assert.Equal(0, (long)audit["total"]!);
        Assert.Equal("true", (string?)result["auditBalanced"]);
        Assert.Equal(ConsoleFixture.Vnd(0), (string?)result["auditTotal"]);
        Assert.True((int)result["accounts"]! >= audit["accounts"]!.AsObject().Count,
            "The page lists fewer ledger accounts than the audit had before it loaded");
    }

    [Fact]
    public async Task ConsoleRendersTheAnnouncedAnswersAndRetriesALostConfirmationWithTheSameKey()
    {
        var (dossier, reference, paymentId) = await fixture.PendingCashPaymentAsync("Lê Thị Ánh Tuyết", Fee);
        var before = await fixture.ChannelAsync();
        var input = new JsonObject
        {
            ["baseUrl"] = fixture.Silo.BaseAddress.ToString(),
            ["agentKey"] = ConsoleFixture.AgentKey,
            ["operatorKey"] = ConsoleFixture.OperatorKey,
            ["retryReference"] = reference,
            ["receiptNumber"] = "BL-RETRY-1",
            ["reconciliation"] = Browser.ToNode(new
            {
                date = "2026-11-24",
                providers = new object[]
                {
                    new
                    {
                        provider = "bank",
                        matched = 12,
                        discrepancies = new object[]
                        {
                            new { kind = "amount_mismatch", paymentId = "pay_1", reference = "ABCD2345", transactionId = "FT123", ledgerAmount = 75_000L, providerAmount = 70_000L, detail = "short by 5000" },
                            new { kind = "missing_in_ledger", paymentId = (string?)null, reference = (string?)null, transactionId = "FT999", ledgerAmount = (long?)null, providerAmount = (long?)1_250_000L, detail = "unknown transfer" },
                        },
                    },
                    new { provider = "viettelpay", matched = 3, discrepancies = Array.Empty<object>() },
                },
                discrepancyCount = 2,
            }),
            ["stuck"] = Browser.ToNode(new
            {
                items = new[] { new { id = "pay_stuck00000000000001", dossierCode = "HN-TTHCC-261124-0009", method = "vietqr", amount = 150_000L, status = "processing", createdAt = "2026-11-24T09:15:00+07:00" } },
            }),
            ["metrics"] = new JsonArray(
                "# HELP motcua_payments_total Payments by method and outcome.\n# TYPE motcua_payments_total counter\n"
                + "motcua_payments_total{method=\"cash\",outcome=\"succeeded\",otel_scope_name=\"MotCua\"} 10 1700000000000\n"
                + "motcua_payments_total{method=\"vietqr\",outcome=\"failed\"} 2\nmotcua_payments_total_created{method=\"cash\"} 1\n",
                "# TYPE motcua_payments_total counter\n"
                + "motcua_payments_total{method=\"cash\",outcome=\"succeeded\",otel_scope_name=\"MotCua\"} 40 1700000000000\n"
                + "motcua_payments_total{method=\"vietqr\",outcome=\"failed\"} 2\n"),
            ["settlement"] = Browser.ToNode(new
            {
                id = "stl_1",
                status = "declared",
                remittanceReference = "UNC-MOCK-1",
                channelId = ConsoleFixture.ChannelId,
                number = 7,
                openedAt = "2026-11-24T07:00:00+07:00",
                closedAt = "2026-11-24T17:00:00+07:00",
                count = 2,
                total = 1_325_000L,
                collections = new[]
                {
                    new { id = "c1", reference = "F2M4K8X9", paymentId = "pay_1", dossierCode = "HN-TTHCC-261124-0001", amount = 75_000L, receiptNumber = "BL-1", at = "2026-11-24T09:00:00+07:00" },
                    new { id = "c2", reference = "PJF9FKAB", paymentId = "pay_2", dossierCode = "HN-TTHCC-261124-0002", amount = 1_250_000L, receiptNumber = "BL-2", at = "2026-11-24T10:00:00+07:00" },
                },
            }),
        };

        var result = await Browser.RunAsync("contracts", input);

        // Reconciliation, stuck payments and payment rates in the shapes announced for them.
        Assert.Equal("2", (string?)result["discrepancyCount"]);
        Assert.Equal(2, (int)result["discrepancyRows"]!);
        Assert.Equal(new string?[] { ConsoleFixture.Vnd(75_000), ConsoleFixture.Vnd(70_000) }, result["discrepancyAmounts"]!.AsArray().Select(a => (string?)a));
        Assert.Equal(1, (int)result["stuckRows"]!);
        Assert.Contains("pay_stuck00000000000001", (string?)result["stuckText"]);
        Assert.Contains(ConsoleFixture.Vnd(150_000), (string?)result["stuckText"]);
        var rates = result["rateRows"]!.AsArray().Select(r => r!.AsArray().Select(c => (string?)c).ToArray()).ToArray();
        Assert.Equal(2, rates.Length);
        Assert.Equal(new string?[] { "cash", "succeeded" }, rates[0][..2]);
        Assert.True(double.Parse(rates[0][2]!.Replace(".", "").Replace(',', '.'), System.Globalization.CultureInfo.InvariantCulture) > 0,
            $"30 more cash payments between two readings showed a rate of {rates[0][2]}");
        Assert.Equal("40", rates[0][3]);
        Assert.Equal(new string?[] { "vietqr", "failed", "0,0", "2" }, rates[1]);

        // A lost answer: the retry carried the same Idempotency-Key, and the server collected once.
        Assert.Equal(201, (int)result["firstAttemptStatus"]!);
        var keys = result["collectionKeys"]!.AsArray().Select(k => (string?)k).ToArray();
        Assert.Equal(2, keys.Length);
        Assert.Equal(keys[0], keys[1]);
        var payment = await fixture.PaymentWhenAsync(paymentId, p => (string?)p["status"] == "succeeded");
        Assert.Equal("succeeded", (string?)payment["status"]);
        Assert.Equal(dossier, (string?)payment["dossierCode"]);
        var after = await fixture.ChannelAsync();
        Assert.Equal((int)before["openWindow"]!["count"]! + 1, (int)after["openWindow"]!["count"]!);
        Assert.Equal((long)before["openWindow"]!["total"]! + Fee, (long)after["openWindow"]!["total"]!);

        // The settlement summary, printable, and "not available yet" on a 404.
        Assert.Equal(ConsoleFixture.Vnd(1_325_000), (string?)result["summaryTotal"]);
        Assert.Equal("2", (string?)result["summaryCount"]);
        Assert.Equal(("Đã kê khai, chờ kho bạc xác nhận", "UNC-MOCK-1"), ((string?)result["summaryStatus"], (string?)result["summaryRemittance"]));
        var rows = result["summaryRows"]!.AsArray().Select(r => r!.AsArray().Select(c => (string?)c).ToArray()).ToArray();
        Assert.Equal(new string?[] { "PJF9FKAB", "HN-TTHCC-261124-0002", "BL-2", ConsoleFixture.Vnd(1_250_000) }, rows[1][1..]);
        Assert.True((bool)result["printHidesCollect"]!, "Printing shows more than the settlement summary");
        Assert.True((bool)result["printShowsSummary"]!, "Printing hides the settlement summary");
        Assert.Equal("Chưa có chức năng này.", (string?)result["settlement404Message"]);

        // The page's own formatting: Intl's vi-VN currency and the masked names.
        Assert.Equal(ConsoleFixture.Vnd(1_250_000), (string?)result["helpers"]!["vnd"]);
        Assert.Equal(new string?[] { "Nguyễn V** A*", "Lê T** Á** T****", "Nguyễn V** A*", "A*" },
            result["helpers"]!["names"]!.AsArray().Select(n => (string?)n));
    }
}
