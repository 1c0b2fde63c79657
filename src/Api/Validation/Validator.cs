using System.Text.RegularExpressions;

namespace MotCua.Api.Validation;

/// <summary>Collects field errors; the endpoint answers 400 with all of them at once.</summary>
public sealed partial class Validator
{
    /// <summary>The largest amount one item or payment may carry (100 billion VND): far above any fee, far below overflow.</summary>
    public const long MaxAmount = 100_000_000_000;

    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool IsValid => _errors.Count == 0;

    public IDictionary<string, string[]> Errors => _errors.ToDictionary(e => e.Key, e => e.Value.ToArray());

    public void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list))
        {
            _errors[field] = list = [];
        }

        list.Add(message);
    }

    /// <summary>Free text (a name, a reason): required or not, NFC-normalised, no control characters, bounded length.</summary>
    public string? Text(string field, string? value, int maxLength, bool required = true)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required)
            {
                Add(field, "is required.");
            }

            return null;
        }

        if (HasForbiddenCharacters(value))
        {
            Add(field, "must not contain control characters or broken Unicode.");
            return null;
        }

        var normalized = value.Trim().Normalize(System.Text.NormalizationForm.FormC);

        if (normalized.Length > maxLength)
        {
            Add(field, $"must be at most {maxLength} characters.");
            return null;
        }

        return normalized;
    }

    /// <summary>A code (procedure, agency, centre): upper-case letters, digits and hyphens.</summary>
    public string? Code(string field, string? value, int maxLength = 32)
    {
        if (string.IsNullOrEmpty(value))
        {
            Add(field, "is required.");
            return null;
        }

        if (value.Length > maxLength || !CodePattern().IsMatch(value))
        {
            Add(field, $"must be 1–{maxLength} upper-case letters, digits or hyphens.");
            return null;
        }

        return value;
    }

    /// <summary>
    /// A citizen id: the 12-digit personal identification number, whose first 3 digits are the code of the province
    /// where the birth was registered (<see cref="ProvinceCodes"/>).
    /// </summary>
    public string? CitizenId(string field, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            Add(field, "is required.");
            return null;
        }

        if (!CitizenIdPattern().IsMatch(value))
        {
            Add(field, "must be the 12-digit personal identification number.");
            return null;
        }

        if (!ProvinceCodes.IsValid(value[..3]))
        {
            Add(field, "must start with the code of the province where the birth was registered (Circular 07/2016/TT-BCA).");
            return null;
        }

        return value;
    }

    /// <summary>An amount of whole đồng, 1 to <see cref="MaxAmount"/>.</summary>
    public long? Amount(string field, long? value)
    {
        if (value is null)
        {
            Add(field, "is required.");
            return null;
        }

        if (value is <= 0 or > MaxAmount)
        {
            Add(field, $"must be a whole number of đồng from 1 to {MaxAmount}.");
            return null;
        }

        return value;
    }

    /// <summary>
    /// The sum of amounts that were each valid, refused when it exceeds <see cref="MaxAmount"/> (so no later sum of a
    /// dossier's fees can overflow a <c>long</c>).
    /// </summary>
    public long? Total(string field, IEnumerable<long> amounts)
    {
        long total = 0;
        foreach (var amount in amounts)
        {
            if (amount <= 0 || amount > MaxAmount - total)
            {
                Add(field, $"the amounts must add up to at most {MaxAmount} đồng.");
                return null;
            }

            total += amount;
        }

        return total;
    }

    /// <summary>An identifier with a fixed shape (a key id, a payment id): checked by <paramref name="isValid"/>.</summary>
    public string? Id(string field, string? value, Func<string, bool> isValid, string shape)
    {
        if (string.IsNullOrEmpty(value))
        {
            Add(field, "is required.");
            return null;
        }

        if (value.Length > 128 || !isValid(value))
        {
            Add(field, $"must be {shape}.");
            return null;
        }

        return value;
    }

    /// <summary>A calendar date <c>yyyy-MM-dd</c> between 2000 and 2100.</summary>
    public DateOnly? Date(string field, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            Add(field, "is required.");
            return null;
        }

        if (value.Length != 10
            || !DateOnly.TryParseExact(value, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture,
                System.Globalization.DateTimeStyles.None, out var date)
            || date.Year is < 2000 or > 2100)
        {
            Add(field, "must be a date yyyy-MM-dd between 2000 and 2100.");
            return null;
        }

        return date;
    }

    public string? OneOf(string field, string? value, IReadOnlyCollection<string> allowed)
    {
        if (string.IsNullOrEmpty(value))
        {
            Add(field, "is required.");
            return null;
        }

        if (!allowed.Contains(value))
        {
            Add(field, $"must be one of: {string.Join(", ", allowed)}.");
            return null;
        }

        return value;
    }

    /// <summary>Whether a path segment has the shape of a dossier code <c>{unit}-{yyMMdd}-{nnnn}</c>.</summary>
    public static bool IsDossierCode(string value) => value.Length <= 48 && DossierCodePattern().IsMatch(value);

    /// <summary>Whether a path segment has the shape of a channel id <c>{provider}:{code}</c>.</summary>
    public static bool IsChannelId(string value) => value.Length <= 64 && ChannelIdPattern().IsMatch(value);

    /// <summary>
    /// Control characters, unpaired surrogates, invisible format characters (bidirectional overrides, zero-width
    /// characters, BOM), private-use and unassigned code points, and noncharacters are refused in free text.
    /// </summary>
    public static bool HasForbiddenCharacters(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsControl(c) || char.IsLowSurrogate(c))
            {
                return true;
            }

            var category = char.GetUnicodeCategory(value, i);
            if (category is System.Globalization.UnicodeCategory.Format or System.Globalization.UnicodeCategory.PrivateUse
                or System.Globalization.UnicodeCategory.OtherNotAssigned
                || c is '\uFFFE' or '\uFFFF' or (>= '\uFDD0' and <= '\uFDEF'))
            {
                return true;
            }

            if (char.IsHighSurrogate(c))
            {
                if (i + 1 >= value.Length || !char.IsLowSurrogate(value[i + 1]))
                {
                    return true;
                }

                i++;
            }
        }

        return false;
    }

    [GeneratedRegex("^[A-Z0-9](?:[A-Z0-9-]*[A-Z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex CodePattern();

    [GeneratedRegex("^[0-9]{12}$", RegexOptions.CultureInvariant)]
    private static partial Regex CitizenIdPattern();

    [GeneratedRegex("^[A-Z0-9](?:[A-Z0-9-]*[A-Z0-9])?-[0-9]{6}-[0-9]{4}$", RegexOptions.CultureInvariant)]
    private static partial Regex DossierCodePattern();

    [GeneratedRegex("^[a-z][a-z0-9]{1,19}:[A-Za-z0-9][A-Za-z0-9-]{0,40}$", RegexOptions.CultureInvariant)]
    private static partial Regex ChannelIdPattern();
}
