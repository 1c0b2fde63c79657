using System.Collections.ObjectModel;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace MotCua.Grains.Calendar;

/// <summary>
/// Public holidays and swapped working days for Vietnam's civil service, loaded from one JSON document
/// per year (the government announces them each year, so they are data, not code).
/// </summary>
/// <remarks>
/// <para>
/// A working day is Monday to Friday unless it is listed as a holiday, or any Saturday or Sunday that a
/// year's notice lists as a compensating working day ("làm bù").
/// </para>
/// <para>
/// For a date in a year that has no calendar document, only Saturdays and Sundays are non-working:
/// no holiday is assumed, so deadlines in such a year may fall on a real holiday until its document is
/// added. Check <see cref="Years"/> to see which years are covered.
/// </para>
/// <para>An instance is immutable and safe to share between threads.</para>
/// </remarks>
public sealed class HolidayCalendar
{
    /// <summary>Prefix of the embedded resources that <see cref="LoadEmbedded"/> reads.</summary>
    private const string ResourcePrefix = "MotCua.Data.holidays-";
    private const string ResourceSuffix = ".json";
    private const string DateFormat = "yyyy-MM-dd";

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    private readonly Dictionary<DateOnly, string> holidays;
    private readonly HashSet<DateOnly> workingWeekendDays;

    private HolidayCalendar(
        Dictionary<DateOnly, string> holidays, HashSet<DateOnly> workingWeekendDays, IEnumerable<int> years)
    {
        this.holidays = holidays;
        this.workingWeekendDays = workingWeekendDays;
        Years = new ReadOnlyCollection<int>(years.Order().ToArray());
    }

    /// <summary>The years that have a calendar document, in ascending order.</summary>
    public IReadOnlyCollection<int> Years { get; }

    /// <summary>
    /// Reads every embedded resource named <c>MotCua.Data.holidays-{year}.json</c> from this assembly.
    /// </summary>
    /// <exception cref="InvalidOperationException">No such resource is embedded.</exception>
    /// <exception cref="InvalidDataException">
    /// A document is invalid, or its <c>year</c> differs from the year in its resource name.
    /// </exception>
    public static HolidayCalendar LoadEmbedded()
    {
        var assembly = typeof(HolidayCalendar).Assembly;
        var names = assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)
                        && n.EndsWith(ResourceSuffix, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();
        if (names.Count == 0)
        {
            throw new InvalidOperationException(
                $"No embedded holiday calendar found: expected resources named '{ResourcePrefix}<year>{ResourceSuffix}' in {assembly.GetName().Name}.");
        }

        var documents = new List<YearDocument>(names.Count);
        foreach (var name in names)
        {
            using var stream = assembly.GetManifestResourceStream(name)
                ?? throw new InvalidOperationException($"Embedded resource '{name}' could not be opened.");
            using var reader = new StreamReader(stream);
            var document = Parse(reader.ReadToEnd(), name);

            var yearText = name[ResourcePrefix.Length..^ResourceSuffix.Length];
            if (!int.TryParse(yearText, NumberStyles.None, CultureInfo.InvariantCulture, out var nameYear)
                || nameYear != document.Year)
            {
                throw new InvalidDataException(
                    $"{name}: the resource name says '{yearText}' but the document's \"year\" is {document.Year}.");
            }

            documents.Add(document);
        }

        return Build(documents);
    }

    /// <summary>
    /// Builds a calendar from JSON documents, one per year, each of the form
    /// <c>{ "year": 2025, "sources": ["..."], "holidays": [{ "date": "2025-01-01", "name": "..." }],
    /// "workingWeekendDays": [{ "date": "2025-04-26", "name": "..." }] }</c>.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="jsonDocuments"/> is null.</exception>
    /// <exception cref="InvalidDataException">
    /// A document is not valid JSON of that form, a date is not <c>yyyy-MM-dd</c> or lies outside the
    /// document's year, a date is listed twice, a working weekend day is not a Saturday or Sunday, or two
    /// documents are for the same year.
    /// </exception>
    public static HolidayCalendar FromJson(IEnumerable<string> jsonDocuments)
    {
        ArgumentNullException.ThrowIfNull(jsonDocuments);
        var documents = jsonDocuments
            .Select((json, index) => Parse(json, $"holiday document #{index + 1}"))
            .ToList();
        return Build(documents);
    }

    /// <summary>True if <paramref name="date"/> is listed as a holiday (including weekend days inside an announced break).</summary>
    public bool IsHoliday(DateOnly date) => holidays.ContainsKey(date);

    /// <summary>
    /// True for Monday to Friday when not a holiday, and for a Saturday or Sunday listed as a
    /// compensating working day. In a year with no calendar document, every Monday to Friday is a working day.
    /// </summary>
    public bool IsWorkingDay(DateOnly date)
    {
        if (workingWeekendDays.Contains(date))
        {
            return true;
        }

        return !IsWeekend(date) && !holidays.ContainsKey(date);
    }

    /// <summary>The holiday's name, or null if <paramref name="date"/> is not a listed holiday.</summary>
    public string? HolidayName(DateOnly date) => holidays.GetValueOrDefault(date);

    private static bool IsWeekend(DateOnly date) =>
        date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;

    private static HolidayCalendar Build(IReadOnlyList<YearDocument> documents)
    {
        var holidays = new Dictionary<DateOnly, string>();
        var workingWeekendDays = new HashSet<DateOnly>();
        var years = new HashSet<int>();

        foreach (var document in documents)
        {
            if (!years.Add(document.Year))
            {
                throw new InvalidDataException(
                    $"{document.Origin}: another document already covers year {document.Year}.");
            }

            foreach (var (date, name) in document.Holidays)
            {
                holidays.Add(date, name);
            }

            workingWeekendDays.UnionWith(document.WorkingWeekendDays);
        }

        return new HolidayCalendar(holidays, workingWeekendDays, years);
    }

    private static YearDocument Parse(string json, string origin)
    {
        if (json is null)
        {
            throw new InvalidDataException($"{origin}: the document is null.");
        }

        YearDto? dto;
        try
        {
            dto = JsonSerializer.Deserialize<YearDto>(json, JsonOptions);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{origin}: not a valid holiday calendar document: {ex.Message}", ex);
        }

        if (dto is null)
        {
            throw new InvalidDataException($"{origin}: the document is empty (JSON null).");
        }

        if (dto.Year is not { } year || year < 1 || year > 9999)
        {
            throw new InvalidDataException($"{origin}: \"year\" is missing or not a year between 1 and 9999.");
        }

        origin = $"{origin} (year {year})";
        if (dto.Sources is not { Count: > 0 } || dto.Sources.Any(string.IsNullOrWhiteSpace))
        {
            throw new InvalidDataException(
                $"{origin}: \"sources\" must list at least one non-empty text saying where the dates come from.");
        }

        var seen = new Dictionary<DateOnly, string>();
        var holidays = new Dictionary<DateOnly, string>();
        foreach (var entry in dto.Holidays ?? throw Missing(origin, "holidays"))
        {
            var (date, name) = ReadEntry(entry, year, origin, "holidays", seen);
            holidays.Add(date, name);
        }

        var workingWeekendDays = new HashSet<DateOnly>();
        foreach (var entry in dto.WorkingWeekendDays ?? [])
        {
            var (date, _) = ReadEntry(entry, year, origin, "workingWeekendDays", seen);
            if (!IsWeekend(date))
            {
                throw new InvalidDataException(
                    $"{origin}: workingWeekendDays lists {date.ToString(DateFormat, CultureInfo.InvariantCulture)}, a {date.DayOfWeek}; only a Saturday or Sunday can be a compensating working day.");
            }

            workingWeekendDays.Add(date);
        }

        return new YearDocument(origin, year, holidays, workingWeekendDays);
    }

    private static (DateOnly Date, string Name) ReadEntry(
        DayDto? entry, int year, string origin, string list, Dictionary<DateOnly, string> seen)
    {
        if (entry is null)
        {
            throw new InvalidDataException($"{origin}: {list} contains a null entry.");
        }

        if (entry.Date is null
            || !DateOnly.TryParseExact(entry.Date, DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            throw new InvalidDataException(
                $"{origin}: {list} has the date '{entry.Date}', which is not in the form {DateFormat}.");
        }

        if (date.Year != year)
        {
            throw new InvalidDataException(
                $"{origin}: {list} has the date {entry.Date}, which is not in the document's year {year}.");
        }

        if (string.IsNullOrWhiteSpace(entry.Name))
        {
            throw new InvalidDataException($"{origin}: {list} entry {entry.Date} has no name.");
        }

        if (!seen.TryAdd(date, list))
        {
            throw new InvalidDataException(
                $"{origin}: the date {entry.Date} is listed twice (in {seen[date]} and in {list}).");
        }

        return (date, entry.Name.Trim());
    }

    private static InvalidDataException Missing(string origin, string property) =>
        new($"{origin}: \"{property}\" is missing.");

    private sealed record YearDocument(
        string Origin, int Year, Dictionary<DateOnly, string> Holidays, HashSet<DateOnly> WorkingWeekendDays);

    private sealed class YearDto
    {
        public int? Year { get; init; }
        public List<string>? Sources { get; init; }
        public List<DayDto?>? Holidays { get; init; }
        public List<DayDto?>? WorkingWeekendDays { get; init; }
    }

    private sealed class DayDto
    {
        public string? Date { get; init; }
        public string? Name { get; init; }
    }
}
