using MotCua.Grains.Dossiers;
using MotCua.Grains.Interfaces.Common;
using MotCua.Grains.Interfaces.Dossiers;

namespace MotCua.Grains.Tests;

/// <summary>The per-agency list the dossiers keep up to date after their own writes.</summary>
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

    [Fact]
    public async Task AnUpdateThatArrivesLateOrTwiceNeverMovesAnEntryBack()
    {
        var agency = UniqueAgency();
        var index = fixture.Grains.GetGrain<IAgencyDossierIndexGrain>(agency);
        var now = fixture.Clock.GetUtcNow();
        var newer = Entry(agency, "X-260302-0001", DossierStatus.Processing, version: 5, now);
        var older = Entry(agency, "X-260302-0001", DossierStatus.Accepted, version: 3, now);

        await index.UpsertAsync(newer);
        await index.UpsertAsync(older);
        await index.UpsertAsync(newer);

        var listed = Assert.Single((await index.QueryAsync(new DossierIndexQuery(null, null, 1, 20))).Items);
        Assert.Equal("processing", listed.Status);
    }

    [Fact]
    public async Task AClosedDossierLeavesTheIndexAfterTheRetentionWhileOpenOnesStay()
    {
        var agency = UniqueAgency();
        var index = fixture.Grains.GetGrain<IAgencyDossierIndexGrain>(agency);
        var now = fixture.Clock.GetUtcNow();
        await index.UpsertAsync(Entry(agency, "X-260302-0001", DossierStatus.Returned, 9, now));
        await index.UpsertAsync(Entry(agency, "X-260302-0002", DossierStatus.Processing, 4, now));
        // A late update of a dossier closed long ago is not listed again.
        await index.UpsertAsync(Entry(agency, "X-260302-0003", DossierStatus.Withdrawn, 2, now - AgencyDossierIndexGrain.ClosedRetention - TimeSpan.FromDays(1)));
        Assert.Equal(2, (await index.QueryAsync(new DossierIndexQuery(null, null, 1, 20))).Total);

        fixture.Clock.Advance(AgencyDossierIndexGrain.ClosedRetention + TimeSpan.FromDays(1));
        await index.UpsertAsync(Entry(agency, "X-260302-0004", DossierStatus.Submitted, 1, fixture.Clock.GetUtcNow()));

        var listed = await index.QueryAsync(new DossierIndexQuery(null, null, 1, 20));
        Assert.Equal(["X-260302-0002", "X-260302-0004"], listed.Items.Select(i => i.Code).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task TheIndexRefusesAnEntryOfAnotherAgency()
    {
        var index = fixture.Grains.GetGrain<IAgencyDossierIndexGrain>(UniqueAgency());

        await Assert.ThrowsAsync<ArgumentException>(() =>
            index.UpsertAsync(Entry("OTHER", "X-260302-0001", DossierStatus.Submitted, 1, fixture.Clock.GetUtcNow())));
    }

    private static string UniqueAgency() => $"IDX{Guid.NewGuid():N}"[..12].ToUpperInvariant();

    private static DossierIndexEntry Entry(string agency, string code, DossierStatus status, long version, DateTimeOffset changedAt) =>
        new(code, agency, status, null, false, version, changedAt, DossierScenarios.OneDayProcedure, "HN-TTHCC");
}
