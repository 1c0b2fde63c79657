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
/// A year with an announced document uses that document alone. A year without one is never assumed to have no
/// holidays: it uses the statutory days off of Labour Code 2019 Article 112 (<see cref="StatutoryHolidays"/>), computed
/// with the Vietnamese lunar calendar and named as computed, not announced. When the announced document arrives it
/// replaces the statutory days of its year wholesale (swapped days included) for every date counted from then on; due
/// dates already set are stored on their dossiers and stand. <see cref="Years"/> lists the announced years and
/// <see cref="AnnouncedUntil"/> the last announced day.
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

    /// <summary>The file names <see cref="Load"/> reads from a directory: <c>holidays-{year}.json</c>.</summary>
    public const string FilePattern = "holidays-*.json";

    private readonly Dictionary<DateOnly, string> holidays;
    private readonly HashSet<DateOnly> workingWeekendDays;
    private readonly HashSet<int> announcedYears;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<int, IReadOnlyDictionary<DateOnly, string>> statutory = new();

    private HolidayCalendar(
        Dictionary<DateOnly, string> holidays, HashSet<DateOnly> workingWeekendDays, IEnumerable<int> years)
    {
        this.holidays = holidays;
        this.workingWeekendDays = workingWeekendDays;
        announcedYears = [.. years];
        Years = new ReadOnlyCollection<int>(announcedYears.Order().ToArray());
        AnnouncedUntil = Years.Count == 0 ? null : new DateOnly(Years.Max(), 12, 31);
    }

    /// <summary>The years that have an announced calendar document, in ascending order.</summary>
    public IReadOnlyCollection<int> Years { get; }

    /// <summary>The last day an announced calendar covers (31 December of the last announced year), or null if none.</summary>
    public DateOnly? AnnouncedUntil { get; }

    /// <summary>True if <paramref name="year"/> has an announced calendar; false if its days off are the statutory ones.</summary>
    public bool IsAnnounced(int year) => announcedYears.Contains(year);

    /// <summary>
    /// The shipped calendars (embedded in this assembly), and every <c>holidays-{year}.json</c> in
    /// <paramref name="directory"/> when one is named: a file there adds its year, or replaces the shipped file of the
    /// same year, so an operator adds a newly announced year by dropping its file in and restarting the silos.
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">A directory is named and does not exist.</exception>
    /// <exception cref="InvalidDataException">A document is invalid, or its year differs from the year in its name.</exception>
    public static HolidayCalendar Load(string? directory)
    {
        var documents = EmbeddedDocuments().ToDictionary(d => d.Year);
        if (!string.IsNullOrWhiteSpace(directory))
        {
            if (!Directory.Exists(directory))
            {
                throw new DirectoryNotFoundException($"The holiday calendar directory '{directory}' (MotCua:Calendar:Directory) does not exist.");
            }

            var fromDirectory = new HashSet<int>();
            foreach (var path in Directory.EnumerateFiles(directory, FilePattern).Order(StringComparer.Ordinal))
            {
                var document = ReadNamed(File.ReadAllText(path), path, Path.GetFileName(path)["holidays-".Length..^ResourceSuffix.Length]);
                if (!fromDirectory.Add(document.Year))
                {
                    throw new InvalidDataException($"{path}: another file in the directory already covers year {document.Year}.");
                }

                documents[document.Year] = document;
            }
        }

        return Build([.. documents.Values]);
    }

    /// <summary>
    /// Reads every embedded resource named <c>MotCua.Data.holidays-{year}.json</c> from this assembly.
    /// </summary>
    /// <exception cref="InvalidOperationException">No such resource is embedded.</exception>
    /// <exception cref="InvalidDataException">
    /// A document is invalid, or its <c>year</c> differs from the year in its resource name.
    /// </exception>
    public static HolidayCalendar LoadEmbedded() => Build([.. EmbeddedDocuments()]);

    private static IEnumerable<YearDocument> EmbeddedDocuments()
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

        foreach (var name in names)
        {
            using var stream = assembly.GetManifestResourceStream(name)
                ?? throw new InvalidOperationException($"Embedded resource '{name}' could not be opened.");
            using var reader = new StreamReader(stream);
            yield return ReadNamed(reader.ReadToEnd(), name, name[ResourcePrefix.Length..^ResourceSuffix.Length]);
        }
    }

    private static YearDocument ReadNamed(string json, string name, string yearText)
    {
        var document = Parse(json, name);
        if (!int.TryParse(yearText, NumberStyles.None, CultureInfo.InvariantCulture, out var nameYear)
            || nameYear != document.Year)
        {
            throw new InvalidDataException(
                $"{name}: the name says '{yearText}' but the document's \"year\" is {document.Year}.");
        }

        return document;
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

    /// <summary>
    /// True if <paramref name="date"/> is a day off of its year's calendar: listed in the announced document (weekend
    /// days inside an announced break included), or, in a year without one, a statutory holiday or compensatory day.
    /// </summary>
    public bool IsHoliday(DateOnly date) => HolidayName(date) is not null;

    /// <summary>
    /// True for Monday to Friday when not a holiday, and for a Saturday or Sunday listed as a
    /// compensating working day. In a year with no announced document, the statutory days off are not working days.
    /// </summary>
    public bool IsWorkingDay(DateOnly date)
    {
        if (workingWeekendDays.Contains(date))
        {
            return true;
        }

        return !IsWeekend(date) && !IsHoliday(date);
    }

    /// <summary>
    /// The holiday's name, or null if <paramref name="date"/> is not a day off. Statutory days (a year without an
    /// announced calendar) carry <see cref="StatutoryHolidays.Marker"/> in their name.
    /// </summary>
    public string? HolidayName(DateOnly date)
    {
        if (announcedYears.Contains(date.Year))
        {
            return holidays.GetValueOrDefault(date);
        }

        if (date.Year is < 1800 or > 2199)
        {
            return null; // outside the lunar calendar's range: no computed holiday
        }

        return statutory.GetOrAdd(date.Year, static year => StatutoryHolidays.For(year).ToDictionary(d => d.Date, d => d.Name))
            .GetValueOrDefault(date);
    }

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
