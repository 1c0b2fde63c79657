using MotCua.Grains.Interfaces.Events;

namespace MotCua.Api.Kpi;

/// <summary>A text in Vietnamese and in English.</summary>
public sealed record KpiText(string Vi, string En);

/// <summary>
/// On-time settlement (Decision 766 group <c>progress</c>): of the dossiers whose result was ready (<c>processed</c>) in the
/// month, those early, on time and late against the appointment date given before any apology; <c>rate</c> is
/// (early + on time) / results, null when there are none.
/// </summary>
public sealed record OnTimeIndicator(string Group, KpiText Definition, int Results, int Early, int OnTime, int Late, double? Rate);

/// <summary>Overdue (group <c>progress</c>): dossiers still being handled past their appointment date, as of <c>asOf</c>.</summary>
public sealed record OverdueIndicator(string Group, KpiText Definition, DateTimeOffset AsOf, int Total, int WithApology, int WithoutApology);

/// <summary>
/// Online payment (group <c>online_service</c>): fee payments that succeeded in the month (refunded in full ones left out),
/// and those by a non-cash method, by count and by amount (VND); the shares are null when nothing was paid.
/// </summary>
public sealed record OnlinePaymentIndicator(
    string Group, KpiText Definition, int Payments, long Amount, int OnlinePayments, long OnlineAmount, double? CountShare, double? AmountShare);

/// <summary>A rating score and how many ratings gave it.</summary>
public sealed record RatingCount(int Score, int Count);

/// <summary>Satisfaction (group <c>satisfaction</c>): ratings given in the month, 1–5, and the share rated 4 or 5.</summary>
public sealed record SatisfactionIndicator(string Group, KpiText Definition, int Ratings, IReadOnlyList<RatingCount> Distribution, double? ShareFourOrFive);

/// <summary>Lead time (group <c>progress</c>): working days from acceptance to result, for the month's results (nearest rank).</summary>
public sealed record LeadTimeIndicator(string Group, KpiText Definition, int Results, decimal? MedianWorkingDays, decimal? P90WorkingDays);

/// <summary>The five indicators of one agency for one month.</summary>
public sealed record KpiIndicators(
    OnTimeIndicator OnTimeSettlement, OverdueIndicator Overdue, OnlinePaymentIndicator OnlinePayment,
    SatisfactionIndicator Satisfaction, LeadTimeIndicator LeadTime);

/// <summary>An overdue dossier, oldest appointment first; <c>dueAt</c> is the new date when the agency apologised.</summary>
public sealed record OverdueDossierView(string Code, string Status, DateTimeOffset PromisedAt, bool Apologized, DateTimeOffset? DueAt);

/// <summary>
/// An agency's service-quality indicators for a Vietnam month (Decision 766/QĐ-TTg), computed from MotCua's own events.
/// Rates only: no Decision 766 points are computed, since no scoring rule for these indicators is cited here.
/// </summary>
public sealed record KpiAgencyResponse(
    string AgencyCode, string Month, DateTimeOffset AsOf, KpiIndicators Indicators, IReadOnlyList<OverdueDossierView> OverdueDossiers);

/// <summary>One agency of the board: its rank by on-time rate (agencies without results last) and its indicators.</summary>
public sealed record KpiRankedAgency(int Rank, string AgencyCode, KpiIndicators Indicators);

/// <summary>Every agency of the catalogue for a month, ranked by on-time settlement rate.</summary>
public sealed record KpiBoardResponse(string Month, DateTimeOffset AsOf, IReadOnlyList<KpiRankedAgency> Agencies);

/// <summary>Turns the projection's figures into the indicators, their definitions and the board's ranking.</summary>
public static class KpiIndicatorRules
{
    public const string Progress = "progress";
    public const string OnlineService = "online_service";
    public const string Satisfaction = "satisfaction";

    private static readonly KpiText OnTimeDefinition = new(
        "Trong số hồ sơ có kết quả trong tháng, tỷ lệ có kết quả trước hạn hoặc đúng hạn so với ngày hẹn trả (ngày hẹn trước khi xin lỗi).",
        "Of the dossiers with a result this month, the share with the result early or on time against the appointment date (before any apology).");

    private static readonly KpiText OverdueDefinition = new(
        "Hồ sơ đang giải quyết đã quá ngày hẹn trả, có và không có văn bản xin lỗi, tính đến cuối tháng hoặc đến nay.",
        "Dossiers still being handled past their appointment date, with and without an apology, as of the month's end or now.");

    private static readonly KpiText OnlineDefinition = new(
        "Trong số khoản phí, lệ phí đã thanh toán trong tháng, tỷ lệ thanh toán không dùng tiền mặt (VietQR, ví điện tử, ví trả trước), theo số lượng và số tiền.",
        "Of the fees paid this month, the share paid by a non-cash method (VietQR, e-wallets, prepaid wallet), by count and by amount.");

    private static readonly KpiText SatisfactionDefinition = new(
        "Các đánh giá người dân cho trong tháng theo thang 1–5, và tỷ lệ đánh giá 4 hoặc 5.",
        "The ratings citizens gave this month on a 1–5 scale, and the share rated 4 or 5.");

    private static readonly KpiText LeadTimeDefinition = new(
        "Số ngày làm việc từ khi tiếp nhận đến khi có kết quả, của các hồ sơ có kết quả trong tháng: trung vị và phân vị 90.",
        "Working days from acceptance to result, for the dossiers with a result this month: median and 90th percentile.");

    public static KpiIndicators From(AgencyKpiFigures f, DateTimeOffset overdueAsOf)
    {
        var results = f.Early + f.OnTime + f.Late;
        var rated = f.Ratings.Sum();
        return new KpiIndicators(
            new OnTimeIndicator(Progress, OnTimeDefinition, results, f.Early, f.OnTime, f.Late, Share(f.Early + f.OnTime, results)),
            new OverdueIndicator(Progress, OverdueDefinition, overdueAsOf, f.OverdueWithApology + f.OverdueWithoutApology,
                f.OverdueWithApology, f.OverdueWithoutApology),
            new OnlinePaymentIndicator(OnlineService, OnlineDefinition, f.PaidCount, f.PaidAmount, f.OnlineCount, f.OnlineAmount,
                Share(f.OnlineCount, f.PaidCount), Share(f.OnlineAmount, f.PaidAmount)),
            new SatisfactionIndicator(Satisfaction, SatisfactionDefinition, rated,
                [.. f.Ratings.Select((count, i) => new RatingCount(i + 1, count))], Share(f.Ratings[3] + f.Ratings[4], rated)),
            new LeadTimeIndicator(Progress, LeadTimeDefinition, f.LeadTimeCount, f.LeadTimeMedianDays, f.LeadTimeP90Days));
    }

    /// <summary>
    /// Ranks agencies by on-time rate, highest first; ties by more results, then by code. Agencies without a result in the
    /// month come last, by code.
    /// </summary>
    public static IReadOnlyList<KpiRankedAgency> Rank(IEnumerable<(string AgencyCode, KpiIndicators Indicators)> agencies) =>
        [.. agencies
            .OrderBy(a => a.Indicators.OnTimeSettlement.Rate is null)
            .ThenByDescending(a => a.Indicators.OnTimeSettlement.Rate ?? 0)
            .ThenByDescending(a => a.Indicators.OnTimeSettlement.Results)
            .ThenBy(a => a.AgencyCode, StringComparer.Ordinal)
            .Select((a, i) => new KpiRankedAgency(i + 1, a.AgencyCode, a.Indicators))];

    /// <summary>part / whole to four decimals, null when the whole is zero.</summary>
    public static double? Share(long part, long whole) => whole == 0 ? null : Math.Round((double)part / whole, 4);
}
