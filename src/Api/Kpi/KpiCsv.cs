using System.Globalization;
using System.Text;

namespace MotCua.Api.Kpi;

/// <summary>
/// The indicators as CSV for a spreadsheet: UTF-8 with a byte order mark (so Excel reads the Vietnamese header as
/// UTF-8), RFC 4180 (comma, CRLF, quotes where needed), one header row, one row per agency. Numbers are invariant
/// (a dot before decimals); an indicator without data is an empty cell.
/// </summary>
public static class KpiCsv
{
    public const string ContentType = "text/csv; charset=utf-8";

    /// <summary>Vietnamese header, and the English column key after it in parentheses.</summary>
    private static readonly string[] Header =
    [
        "Hạng (rank)", "Mã cơ quan (agency_code)", "Tháng (month)",
        "Hồ sơ có kết quả (results)", "Trước hạn (early)", "Đúng hạn (on_time)", "Trễ hạn (late)", "Tỷ lệ đúng hạn (on_time_rate)",
        "Quá hạn (overdue)", "Quá hạn có xin lỗi (overdue_with_apology)", "Quá hạn không xin lỗi (overdue_without_apology)",
        "Khoản đã thanh toán (payments)", "Số tiền đã thanh toán VND (amount_vnd)", "Thanh toán trực tuyến (online_payments)",
        "Số tiền trực tuyến VND (online_amount_vnd)", "Tỷ lệ trực tuyến theo số lượng (online_count_share)",
        "Tỷ lệ trực tuyến theo số tiền (online_amount_share)",
        "Lượt đánh giá (ratings)", "Đánh giá 1 (rated_1)", "Đánh giá 2 (rated_2)", "Đánh giá 3 (rated_3)", "Đánh giá 4 (rated_4)",
        "Đánh giá 5 (rated_5)", "Tỷ lệ đánh giá 4-5 (share_4_or_5)",
        "Hồ sơ tính thời gian (lead_time_results)", "Trung vị ngày làm việc (lead_time_median_working_days)",
        "Phân vị 90 ngày làm việc (lead_time_p90_working_days)",
    ];

    /// <summary>The CSV bytes, BOM first, for the agencies in order (<paramref name="ranked"/>: with their rank).</summary>
    public static byte[] Write(string month, IEnumerable<(int? Rank, string AgencyCode, KpiIndicators Indicators)> rows)
    {
        var text = new StringBuilder();
        Line(text, Header);
        foreach (var (rank, code, k) in rows)
        {
            var s = k.Satisfaction.Distribution.ToDictionary(d => d.Score, d => d.Count);
            Line(text,
            [
                rank?.ToString(CultureInfo.InvariantCulture) ?? "", code, month,
                N(k.OnTimeSettlement.Results), N(k.OnTimeSettlement.Early), N(k.OnTimeSettlement.OnTime), N(k.OnTimeSettlement.Late),
                D(k.OnTimeSettlement.Rate),
                N(k.Overdue.Total), N(k.Overdue.WithApology), N(k.Overdue.WithoutApology),
                N(k.OnlinePayment.Payments), N(k.OnlinePayment.Amount), N(k.OnlinePayment.OnlinePayments), N(k.OnlinePayment.OnlineAmount),
                D(k.OnlinePayment.CountShare), D(k.OnlinePayment.AmountShare),
                N(k.Satisfaction.Ratings), N(s[1]), N(s[2]), N(s[3]), N(s[4]), N(s[5]), D(k.Satisfaction.ShareFourOrFive),
                N(k.LeadTime.Results), M(k.LeadTime.MedianWorkingDays), M(k.LeadTime.P90WorkingDays),
            ]);
        }

        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text.ToString())];
    }

    private static string N(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string D(double? value) => value?.ToString("0.####", CultureInfo.InvariantCulture) ?? "";

    private static string M(decimal? value) => value?.ToString("0.##", CultureInfo.InvariantCulture) ?? "";

    private static void Line(StringBuilder text, IReadOnlyList<string> cells)
    {
        for (var i = 0; i < cells.Count; i++)
        {
            if (i > 0)
            {
                text.Append(',');
            }

            var cell = cells[i];
            text.Append(cell.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? $"\"{cell.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : cell);
        }

        text.Append("\r\n");
    }
}
