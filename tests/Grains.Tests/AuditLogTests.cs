using MotCua.Grains.Interfaces.Access;

namespace MotCua.Grains.Tests;

[Collection(PaymentCollection.Name)]
public sealed class AuditLogTests(PaymentClusterFixture fixture)
{
    [Fact]
    public async Task AnHourKeepsEveryEntryAcrossItsPagesAndARetriedBatchIsStoredOnce()
    {
        var hour = new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.FromHours(7)).AddDays(Random.Shared.Next(1, 300));
        var grain = fixture.Grains.GetGrain<IAuditLogGrain>(AuditShards.Key(hour, 3));
        var entries = new[] { 2, 14, 14, 37, 59 }.Select(minute => Entry(hour.AddMinutes(minute))).ToList();

        await grain.AppendAsync(entries[..3]);
        await grain.AppendAsync(entries); // a retry of the first batch together with new entries
        await fixture.Cluster.DeactivateAsync(grain);
        var stored = await grain.QueryAsync(new AuditQuery(null, null, null, 100));

        Assert.Equal(entries.OrderByDescending(e => e.At).Select(e => e.Id), stored.Select(e => e.Id));
        Assert.Single(await grain.QueryAsync(new AuditQuery(null, null, entries[3].Target, 100)));
    }

    private static AuditEntry Entry(DateTimeOffset at) =>
        new(Guid.NewGuid(), at, "kabcdefghijklmnopqrst", "operator", "POST", "/v1/dossiers", $"T-{Guid.NewGuid():N}", 201, "ok", null);
}
