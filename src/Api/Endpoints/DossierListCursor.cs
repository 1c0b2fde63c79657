using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using MotCua.Api.Validation;
using MotCua.Grains.Interfaces.Dossiers;

namespace MotCua.Api.Endpoints;

/// <summary>
/// The dossier list's keyset cursor: <c>{due date in microseconds since 1970 UTC, or "none"}~{dossier code}</c>, where the
/// previous page ended. Opaque to callers, who pass a page's <c>next</c> back as <c>after</c>.
/// </summary>
public static class DossierListCursor
{
    private const string NoDueDate = "none";

    public static string Format(DossierIndexPosition position)
    {
        var due = position.DueAt is { } at
            ? ((at.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10).ToString(CultureInfo.InvariantCulture)
            : NoDueDate;
        return $"{due}~{position.Code}";
    }

    public static bool TryParse(string value, [NotNullWhen(true)] out DossierIndexPosition? position)
    {
        position = null;
        var tilde = value.IndexOf('~', StringComparison.Ordinal);
        if (tilde < 1 || !Validator.IsDossierCode(value[(tilde + 1)..]))
        {
            return false;
        }

        DateTimeOffset? due = null;
        var head = value.AsSpan(0, tilde);
        if (!head.SequenceEqual(NoDueDate))
        {
            if (head.Length > 17 || !long.TryParse(head, NumberStyles.None, CultureInfo.InvariantCulture, out var micros)
                || micros > (DateTimeOffset.MaxValue.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10)
            {
                return false;
            }

            due = DateTimeOffset.UnixEpoch.AddTicks(micros * 10);
        }

        position = new DossierIndexPosition(due, value[(tilde + 1)..]);
        return true;
    }
}
