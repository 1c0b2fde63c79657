using System.Reflection;
using System.Text.Json;
using MotCua.Grains.Interfaces.Catalogue;

namespace MotCua.Grains.Catalogue;

/// <summary>The procedure catalogue: data shipped as <c>Data/procedures.json</c>, loaded once at start.</summary>
public sealed class ProcedureCatalogue
{
    private const string ResourceName = "MotCua.Data.procedures.json";
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);
    private readonly Dictionary<string, ProcedureView> _byCode;

    public ProcedureCatalogue(IEnumerable<ProcedureView> procedures)
    {
        _byCode = new Dictionary<string, ProcedureView>(StringComparer.Ordinal);
        foreach (var procedure in procedures)
        {
            Validate(procedure);
            if (!_byCode.TryAdd(procedure.Code, procedure))
            {
                throw new InvalidDataException($"Procedure code '{procedure.Code}' appears twice in the catalogue.");
            }
        }

        All = [.. _byCode.Values.OrderBy(p => p.Code, StringComparer.Ordinal)];
    }

    public IReadOnlyList<ProcedureView> All { get; }

    public ProcedureView? Find(string code) => _byCode.GetValueOrDefault(code);

    /// <summary>The catalogue embedded in this assembly.</summary>
    public static ProcedureCatalogue LoadEmbedded()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(ResourceName)
            ?? throw new InvalidDataException($"The embedded resource {ResourceName} is missing.");
        return FromJson(stream);
    }

    public static ProcedureCatalogue FromJson(Stream json)
    {
        var procedures = JsonSerializer.Deserialize<List<ProcedureView>>(json, JsonOptions)
            ?? throw new InvalidDataException("The procedure catalogue is empty.");
        return new ProcedureCatalogue(procedures);
    }

    private static void Validate(ProcedureView procedure)
    {
        if (string.IsNullOrWhiteSpace(procedure.Code) || string.IsNullOrWhiteSpace(procedure.AgencyCode)
            || string.IsNullOrWhiteSpace(procedure.Name))
        {
            throw new InvalidDataException("A procedure lacks its code, name or agency code.");
        }

        if (procedure.WorkingDays is < 1 or > 365)
        {
            throw new InvalidDataException($"Procedure {procedure.Code}: working days must be 1–365.");
        }

        foreach (var fee in procedure.Fees ?? [])
        {
            if (fee.Amount <= 0 || fee.Kind is not ("fee" or "charge"))
            {
                throw new InvalidDataException($"Procedure {procedure.Code}: fee '{fee.Name}' needs kind fee|charge and a positive amount.");
            }
        }
    }
}
