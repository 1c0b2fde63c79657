using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Storage;

namespace MotCua.Silo.Tests;

/// <summary>Durable mode stores grain state with the Orleans serializer (see SiloConfiguration): a rename must not orphan rows.</summary>
public sealed class StorageSerializerTests
{
    /// <summary>
    /// Written by <see cref="OrleansGrainStorageSerializer"/> for a state class that was then called
    /// <c>Old.Naming.DossierProbeState</c>, with the same alias and field ids as <see cref="Renamed.ProbeStateAfterRename"/>.
    /// </summary>
    private const string WrittenBeforeRename =
        "204029484E2D54544843432D3236303330322D3030303701844F12210005410D6368617267654007666565E0E0";

    [Fact]
    public void StateWrittenBeforeAClassRenameReadsBackIntoTheRenamedClass()
    {
        var storage = StorageSerializer();

        var state = storage.Deserialize<Renamed.ProbeStateAfterRename>(new BinaryData(Convert.FromHexString(WrittenBeforeRename)))!;

        Assert.Equal("HN-TTHCC-260302-0007", state.DossierCode);
        Assert.Equal(75_000, state.AmountDue);
        Assert.Equal(["charge", "fee"], state.FeeKinds);
    }

    [Fact]
    public void StoredStateCarriesNoClrTypeName()
    {
        var bytes = StorageSerializer().Serialize(new Renamed.ProbeStateAfterRename { DossierCode = "X", AmountDue = 1 }).ToArray();

        var text = Encoding.ASCII.GetString(bytes);
        Assert.DoesNotContain("ProbeState", text, StringComparison.Ordinal);
        Assert.DoesNotContain("MotCua", text, StringComparison.Ordinal);
    }

    private static OrleansGrainStorageSerializer StorageSerializer()
    {
        var services = new ServiceCollection()
            .AddSerializer(b => b.AddAssembly(typeof(StorageSerializerTests).Assembly))
            .BuildServiceProvider();
        return new OrleansGrainStorageSerializer(services.GetRequiredService<Serializer>());
    }
}
