using System.Text.Json;
using System.Text.RegularExpressions;
using MotCua.Grains.Calendar;

namespace MotCua.Grains.Tests;

public sealed partial class ProcedureDataTests
{
    private const string ResourceName = "MotCua.Data.procedures.json";

    private static readonly IReadOnlyList<ProcedureRow> Procedures = Load();

    [GeneratedRegex("^[A-Z0-9-]{1,32}$")]
    private static partial Regex CodePattern();

    private static List<ProcedureRow> Load()
    {
        using var stream = typeof(HolidayCalendar).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"Embedded resource {ResourceName} is missing.");
        return JsonSerializer.Deserialize<List<ProcedureRow>>(stream, new JsonSerializerOptions(JsonSerializerDefaults.Web))
            ?? throw new InvalidOperationException($"{ResourceName} is JSON null.");
    }

    [Fact]
    public void TheCatalogueParsesAndHasAtLeastTwentyProcedures()
    {
        Assert.True(Procedures.Count >= 20, $"only {Procedures.Count} procedures");
        Assert.All(Procedures, p =>
        {
            Assert.False(string.IsNullOrWhiteSpace(p.Name), p.Code);
            Assert.False(string.IsNullOrWhiteSpace(p.AgencyCode), p.Code);
            Assert.False(string.IsNullOrWhiteSpace(p.Field), p.Code);
            Assert.NotNull(p.Fees);
        });
    }

    [Fact]
    public void CodesAreUniqueUppercaseAndShort()
    {
        Assert.All(Procedures, p => Assert.Matches(CodePattern(), p.Code ?? ""));
        var duplicates = Procedures.GroupBy(p => p.Code).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.Empty(duplicates);
    }

    [Fact]
    public void TheConstructionDepartmentHasAtLeastFiveProcedures()
    {
        Assert.True(Procedures.Count(p => p.AgencyCode == "SXD") >= 5);
    }

    [Fact]
    public void EveryFieldTheCentresOfferIsCovered()
    {
        var fields = Procedures.Select(p => p.Field).ToHashSet();
        Assert.Superset(new HashSet<string?> { "land", "civil-status", "construction", "business" }, fields);
        Assert.Contains(Procedures, p => p.AgencyCode == "STNMT");
        Assert.Contains(Procedures, p => p.AgencyCode == "SKHDT");
        Assert.Contains(Procedures, p => p.AgencyCode is "STP" or "UBND-X");
    }

    [Fact]
    public void FeeAmountsAreWholePositiveDongAndKindsAreFeeOrCharge()
    {
        Assert.All(Procedures.SelectMany(p => p.Fees ?? []), f =>
        {
            Assert.True(f.Amount > 0, $"{f.Name}: {f.Amount}");
            Assert.Contains(f.Kind, new[] { "fee", "charge" });
            Assert.False(string.IsNullOrWhiteSpace(f.Name));
        });
    }

    [Fact]
    public void WorkingDaysAreBetweenOneAndNinety()
    {
        Assert.All(Procedures, p => Assert.InRange(p.WorkingDays, 1, 90));
    }

    [Fact]
    public void SomeProceduresAreFreeAndSomeHaveAFeeAndACharge()
    {
        Assert.Contains(Procedures, p => p.Fees is { Count: 0 });
        Assert.Contains(Procedures, p =>
            p.Fees is { Count: 2 } && p.Fees.Any(f => f.Kind == "fee") && p.Fees.Any(f => f.Kind == "charge"));
    }

    [Fact]
    public void MostProceduresCanBePaidOnlineButNotAll()
    {
        var online = Procedures.Count(p => p.OnlinePayment);
        Assert.True(online > Procedures.Count / 2);
        Assert.True(online < Procedures.Count);
    }

    private sealed record ProcedureRow(
        string? Code, string? Name, string? AgencyCode, string? Field, int WorkingDays, bool OnlinePayment,
        List<FeeRow>? Fees);

    private sealed record FeeRow(string? Kind, string? Name, long Amount);
}
