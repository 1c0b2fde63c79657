using MotCua.Grains.Interfaces.Common;
using MotCua.Grains.Interfaces.Events;

namespace MotCua.Grains.Tests.Events;

[Collection(EventsCollection.Name)]
public sealed class OutboxTests(EventsClusterFixture fixture)
{
    [Fact]
    public async Task EventWrittenButNotPublishedBeforeACrashArrivesOnceWhenTheGrainComesBack()
    {
        var kit = new EventKit(fixture.Grains);
        var code = await kit.FileAsync();
        var source = DomainEvent.SourceOf("dossier", code);
        await Eventually.Await(() => Task.FromResult(EventProbe.Distinct(source)), s => s.Count == 1, "dossier.submitted");
        fixture.Crashes.ArmOnce(source, EventTypes.DossierStatusChanged);

        // The accept is written; the grain dies before publishing its event.
        var accepted = await kit.ActAsync(code, (d, c) => d.AcceptAsync(c));
        Assert.Equal("accepted", accepted.Status);
        await Eventually.Await(() => Task.FromResult(fixture.Crashes.Crashed), n => n >= 1, "the simulated crash");

        // The next activation (any call) publishes what the outbox still holds.
        Assert.Equal("accepted", (await kit.Dossier(code).GetAsync()).Status);
        var seen = await Eventually.Await(() => Task.FromResult(EventProbe.Distinct(source)), s => s.Count == 2, "dossier.status_changed");
        Assert.Equal([1L, 2L], seen.Select(e => e.Sequence));
        Assert.Equal([EventTypes.DossierSubmitted, EventTypes.DossierStatusChanged], seen.Select(e => e.Type));
        Assert.Equal("accepted", seen[1].Subject.Status);
        Assert.Equal(kit.Agency, seen[1].Subject.AgencyCode);

        // The projection, a consumer that dedupes by (source, sequence), counts the dossier once, as accepted.
        var month = accepted.SubmittedAt.ToVietnam().ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        var stats = await Eventually.Await(() => kit.AgencyStatsAsync(month),
            s => s.ByStatus.GetValueOrDefault("accepted") == 1, "the agency projection");
        Assert.Equal(1, stats.Received);
        Assert.Equal(1, stats.ByStatus.Values.Sum());
    }

    [Fact]
    public async Task EventsRepublishedByAReactivatedGrainAreIgnoredByTheProjection()
    {
        var kit = new EventKit(fixture.Grains);
        var code = await kit.FileAsync();
        var source = DomainEvent.SourceOf("dossier", code);
        var accepted = await kit.ActAsync(code, (d, c) => d.AcceptAsync(c));
        var month = accepted.SubmittedAt.ToVietnam().ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        await Eventually.Await(() => Task.FromResult(EventProbe.Distinct(source)), s => s.Count == 2, "both events");
        var received = EventProbe.Received.Count(e => e.Source == source);

        // The outbox drops published events in memory and stores the drop with the next write, so a grain deactivated
        // now publishes its last event again when it comes back.
        await fixture.Cluster.DeactivateAsync(kit.Dossier(code));
        await kit.Dossier(code).GetAsync();
        await Eventually.Await(() => Task.FromResult(EventProbe.Received.Count(e => e.Source == source)), n => n > received,
            "the republished event");

        Assert.Equal(2, EventProbe.Distinct(source).Count);
        var stats = await kit.AgencyStatsAsync(month);
        Assert.Equal(1, stats.Received);
        Assert.Equal(1, stats.ByStatus.GetValueOrDefault("accepted"));
    }

    [Fact]
    public async Task EventWhosePublishFailedIsPublishedByTheRecoveryReminderAfterItsGrainDied()
    {
        var kit = new EventKit(fixture.Grains);
        var code = await kit.FileAsync();
        var source = DomainEvent.SourceOf("dossier", code);
        await Eventually.Await(() => Task.FromResult(EventProbe.Distinct(source)), s => s.Count == 1, "dossier.submitted");
        var crashedBefore = fixture.Crashes.Crashed;
        fixture.Crashes.ArmFailThenCrash(source, EventTypes.DossierStatusChanged);

        // The stream refuses the event: the write still answers, once the recovery reminder watches the grain; the grain
        // then dies before retrying, and nothing calls it again.
        var accepted = await kit.ActAsync(code, (d, c) => d.AcceptAsync(c));
        Assert.Equal("accepted", accepted.Status);
        await Eventually.Await(() => Task.FromResult(fixture.Crashes.Crashed), n => n > crashedBefore, "the simulated crash");
        Assert.Single(EventProbe.Distinct(source));

        // The reminder (first tick 1 s after the failure here, 30 s by default) reactivates the grain, which publishes its stored outbox.
        var seen = await Eventually.Await(() => Task.FromResult(EventProbe.Distinct(source)), s => s.Count == 2,
            "dossier.status_changed, published by the recovery reminder");
        Assert.Equal([1L, 2L], seen.Select(e => e.Sequence));
        Assert.Equal("accepted", seen[1].Subject.Status);
    }
}
