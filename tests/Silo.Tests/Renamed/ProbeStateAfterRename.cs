namespace MotCua.Silo.Tests.Renamed;

/// <summary>A state class after a rename and a move to another namespace: same alias, same field ids.</summary>
[GenerateSerializer, Alias("motcua.test.rename-probe")]
public sealed class ProbeStateAfterRename
{
    [Id(0)] public string DossierCode { get; set; } = "";
    [Id(1)] public long AmountDue { get; set; }
    [Id(2)] public List<string> FeeKinds { get; set; } = [];
}
