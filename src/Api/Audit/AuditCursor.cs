using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using MotCua.Grains.Interfaces.Storage;

namespace MotCua.Api.Audit;

/// <summary>
/// The audit log's page cursor: <c>{microseconds since 1970 UTC}-{entry id, 32 hex digits}</c>, the last entry of a page.
/// Opaque to callers, who pass a page's <c>next</c> back as <c>before</c>.
/// </summary>
public static class AuditCursor
{
    public static string Format(AuditPosition position) =>
        string.Create(CultureInfo.InvariantCulture, $"{(position.At.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10}-{position.Id:N}");

    public static bool TryParse(string value, [NotNullWhen(true)] out AuditPosition? position)
    {
        position = null;
        var dash = value.IndexOf('-', StringComparison.Ordinal);
        if (dash is < 1 or > 17
            || !long.TryParse(value.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out var micros)
            || micros > (DateTimeOffset.MaxValue.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10
            || !Guid.TryParseExact(value.AsSpan(dash + 1), "N", out var id))
        {
            return false;
        }

        position = new AuditPosition(DateTimeOffset.UnixEpoch.AddTicks(micros * 10), id);
        return true;
    }
}
