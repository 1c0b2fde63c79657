namespace MotCua.Grains.Interfaces.Catalogue;

/// <summary>An administrative procedure of the catalogue.</summary>
[GenerateSerializer, Immutable, Alias("motcua.procedure-view")]
public sealed record ProcedureView(
    [property: Id(0)] string Code,
    [property: Id(1)] string Name,
    [property: Id(2)] string AgencyCode,
    [property: Id(3)] string Field,
    [property: Id(4)] int WorkingDays,
    [property: Id(5)] bool OnlinePayment,
    [property: Id(6)] IReadOnlyList<ProcedureFeeView> Fees);

/// <summary>A default fee item of a procedure: kind <c>fee</c> (phí) or <c>charge</c> (lệ phí).</summary>
[GenerateSerializer, Immutable, Alias("motcua.procedure-fee-view")]
public sealed record ProcedureFeeView(
    [property: Id(0)] string Kind,
    [property: Id(1)] string Name,
    [property: Id(2)] long Amount);

/// <summary>The procedure catalogue, read-only data loaded at start; a stateless worker, local to each silo.</summary>
public interface IProcedureCatalogueGrain : IGrainWithIntegerKey
{
    /// <summary>Every procedure, ordered by code.</summary>
    Task<IReadOnlyList<ProcedureView>> ListAsync();

    /// <summary>One procedure, or null if the code is unknown.</summary>
    Task<ProcedureView?> FindAsync(string code);
}
