using MotCua.Grains.Interfaces.Catalogue;
using MotCua.Grains.Interfaces.Common;
using MotCua.Grains.Interfaces.Dossiers;
using MotCua.Grains.Interfaces.Payments;

namespace MotCua.Api.StatusLinks;

/// <summary>Words for one status: Vietnamese (the national portal's) and English.</summary>
public sealed record StatusWords(string Vi, string En);

/// <summary>
/// What anyone holding a dossier's status link sees: no citizen id, the applicant's name masked, no officer's identity.
/// </summary>
public sealed record PublicStatusView(
    string Code,
    string ProcedureCode,
    string? ProcedureName,
    string AgencyCode,
    string ReceivingCentre,
    string ApplicantName,
    string Status,
    int StatusCode,
    StatusWords StatusText,
    DateTimeOffset SubmittedAt,
    DateTimeOffset? DueAt,
    bool Overdue,
    PublicApology? Apology,
    PublicNextStep NextStep,
    IReadOnlyList<PublicFee> Fees,
    IReadOnlyList<PublicStatusChange> History);

/// <summary>The agency's apology for lateness and the new appointment date.</summary>
public sealed record PublicApology(DateTimeOffset PreviousDueAt, DateTimeOffset NewDueAt, string Reason);

/// <summary>
/// What the citizen must do now: <c>supplement</c> (with the officer's <see cref="Reason"/>), <c>payment</c> (the amount
/// due, the reference to give a cash agent when a cash payment is open, and the image of the open VietQR payment), or
/// <c>none</c>.
/// </summary>
public sealed record PublicNextStep(string Kind, string? Reason = null, long? AmountDue = null, PublicCash? Cash = null, PublicVietQr? VietQr = null);

/// <summary>The reference a cash agent (post office, agent) collects against, and the amount.</summary>
public sealed record PublicCash(string Reference, long Amount, DateTimeOffset ExpiresAt);

/// <summary>The open VietQR payment: its amount and where its image is.</summary>
public sealed record PublicVietQr(long Amount, string ImageUrl, DateTimeOffset ExpiresAt);

/// <summary>A fee item and whether it is paid.</summary>
public sealed record PublicFee(string Kind, string Name, long Amount, bool Paid);

/// <summary>A status change, without who made it.</summary>
public sealed record PublicStatusChange(DateTimeOffset At, string Status, StatusWords StatusText);

/// <summary>Builds the public view of a dossier (a plain class: its rules are unit-tested without a host).</summary>
public static class PublicStatus
{
    public static PublicStatusView From(DossierView view, ProcedureView? procedure, IReadOnlyList<PaymentView> openPayments, string? vietQrImageUrl)
    {
        var unpaid = view.Fees.Where(f => !f.Paid).Sum(f => f.Amount);
        PublicNextStep next;
        if (view.Status == DossierStatus.SupplementRequested.ToApiName())
        {
            var asked = view.History.LastOrDefault(h => h.ToStatus == DossierStatus.SupplementRequested.ToApiName());
            next = new PublicNextStep("supplement", Reason: asked?.Reason);
        }
        else if (unpaid > 0 && view.Status == DossierStatus.PaymentRequested.ToApiName())
        {
            var cash = openPayments.FirstOrDefault(p => p.Method == PaymentMethods.Cash);
            var qr = openPayments.FirstOrDefault(p => p.Method == PaymentMethods.VietQr && p.VietQr is not null);
            next = new PublicNextStep("payment", AmountDue: unpaid,
                Cash: cash is null ? null : new PublicCash(cash.Reference, cash.Amount, cash.ExpiresAt.ToVietnam()),
                VietQr: qr is null || vietQrImageUrl is null ? null : new PublicVietQr(qr.Amount, vietQrImageUrl, qr.ExpiresAt.ToVietnam()));
        }
        else
        {
            next = new PublicNextStep("none");
        }

        var history = view.History
            .Where(h => h.ToStatus is not null && h.ToStatus != h.FromStatus)
            .Select(h => new PublicStatusChange(h.At.ToVietnam(), h.ToStatus!, Words(h.ToStatus!)))
            .ToList();
        return new PublicStatusView(
            view.Code, view.ProcedureCode, procedure?.Name, view.AgencyCode, view.ReceivingCentre, MaskName(view.Applicant.FullName),
            view.Status, view.StatusCode, Words(view.Status), view.SubmittedAt.ToVietnam(), view.DueAt?.ToVietnam(), view.Overdue,
            view.Apology is { } a ? new PublicApology(a.PreviousDueAt.ToVietnam(), a.NewDueAt.ToVietnam(), a.Reason) : null,
            next,
            view.Fees.Select(f => new PublicFee(f.Kind, f.Name, f.Amount, f.Paid)).ToList(),
            history);
    }

    /// <summary>The family name in full and the other names as initials: "Nguyễn Văn An" → "Nguyễn V. A.".</summary>
    public static string MaskName(string fullName)
    {
        var parts = fullName.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length == 0)
        {
            return "";
        }

        if (parts.Length == 1)
        {
            return Initial(parts[0]);
        }

        return parts[0] + " " + string.Join(" ", parts.Skip(1).Select(Initial));
    }

    /// <summary>A status in the national portal's words, and in English.</summary>
    public static StatusWords Words(string status) => status switch
    {
        "submitted" => new("Chờ tiếp nhận", "Awaiting reception"),
        "accepted" => new("Đã tiếp nhận", "Received"),
        "refused" => new("Từ chối tiếp nhận", "Refused"),
        "processing" => new("Đang xử lý", "Being processed"),
        "supplement_requested" => new("Yêu cầu bổ sung hồ sơ", "Supplement requested"),
        "payment_requested" => new("Chờ thanh toán phí, lệ phí", "Awaiting payment of fees"),
        "withdrawn" => new("Đã rút hồ sơ", "Withdrawn"),
        "stopped" => new("Dừng xử lý", "Processing stopped"),
        "processed" => new("Đã có kết quả, chờ trả", "Result ready for collection"),
        "returned" => new("Đã trả kết quả", "Result returned"),
        _ => new(status, status),
    };

    private static string Initial(string name)
    {
        var first = System.Globalization.StringInfo.GetNextTextElementLength(name);
        return name[..first].ToUpperInvariant() + ".";
    }
}
