using MotCua.Grains.Interfaces.Dossiers;

namespace MotCua.Grains.Tests;

/// <summary>The per-agency list the dossiers keep up to date after their own writes (the projection's rules: Storage.Tests).</summary>
[Collection(DossierClusterCollection.Name)]
public sealed class DossierIndexTests(DossierClusterFixture fixture)
{
    [Fact]
    public async Task TheAgencyIndexListsEachDossierWithItsLatestStatusFilteredAndPaged()
    {
        var agency = UniqueAgency();
        var officer = DossierScenarios.OfficerOf(agency);
        var dossiers = new List<IDossierGrain>();
        for (var i = 0; i < 3; i++)
        {
            dossiers.Add(await DossierScenarios.FileAsync(fixture.Grains, DossierScenarios.OneDayProcedure, agency));
        }

        await dossiers[0].AcceptAsync(new DossierActionCommand(DossierScenarios.Op(), officer));
        var processing = await dossiers[0].ProcessAsync(new DossierActionCommand(DossierScenarios.Op(), officer));
        var index = fixture.Grains.GetGrain<IAgencyDossierIndexGrain>(agency);

        var all = await fixture.EventuallyAsync(() => index.QueryAsync(new DossierIndexQuery(null, null, 1, 20)),
            page => page.Total == 3 && page.Items.Any(i => i.Status == "processing"), because: "three dossiers, one processing");
        var onlyProcessing = await index.QueryAsync(new DossierIndexQuery(DossierStatus.Processing, null, 1, 20));
        var firstPage = await index.QueryAsync(new DossierIndexQuery(null, null, 1, 2));
        var secondPage = await index.QueryAsync(new DossierIndexQuery(null, null, 2, 2));

        // The one with a due date comes first; the submitted ones after it, by code.
        Assert.Equal(processing.Code, all.Items[0].Code);
        Assert.Equal((processing.DueAt, 4, "HN-TTHCC"), (all.Items[0].DueAt, all.Items[0].StatusCode, all.Items[0].ReceivingCentre));
        Assert.Equal([processing.Code], onlyProcessing.Items.Select(i => i.Code));
        Assert.Equal((3, 2), (firstPage.Total, firstPage.Items.Count));
        Assert.Single(secondPage.Items);
        Assert.Equal(all.Items.Select(i => i.Code), firstPage.Items.Concat(secondPage.Items).Select(i => i.Code));
        Assert.Empty((await index.QueryAsync(new DossierIndexQuery(null, true, 1, 20))).Items);
    }

    private static string UniqueAgency() => $"IDX{Guid.NewGuid():N}"[..12].ToUpperInvariant();
}
