using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MotCua.Grains.Dossiers;
using MotCua.Grains.Interfaces.Common;
using MotCua.Grains.Interfaces.Dossiers;

namespace MotCua.Grains.Tests;

/// <summary>Random scripts of actions and passing time, run against real dossier grains.</summary>
[Collection(DossierClusterCollection.Name)]
public sealed class DossierLifecyclePropertyTests(DossierClusterFixture fixture)
{
    /// <summary>One step of a script: an action, or the clock moving on by some minutes.</summary>
    public sealed record Step(DossierAction? Action, int Minutes)
    {
        public override string ToString() => Action?.ToString() ?? $"+{Minutes}min";
    }

    public sealed record Script(IReadOnlyList<Step> Steps)
    {
        public override string ToString() => string.Join(", ", Steps);
    }

    public static class Scripts
    {
        public static Arbitrary<Script> Generate()
        {
            var action = Gen.Elements(Enum.GetValues<DossierAction>()).Select(a => new Step(a, 0));
            // Up to three working days at a time: enough to cross lunch breaks, nights, weekends and due dates.
            var wait = Gen.Choose(1, 3 * 24 * 60).Select(m => new Step(null, m));
            var step = Gen.Frequency((6, action), (1, wait));
            var scripts = Gen.Choose(0, 25).SelectMany(n => Gen.ArrayOf(step, n)).Select(steps => new Script(steps));
            // Shrinks by dropping one step at a time, so a failure is reported with the shortest script that still fails.
            return Arb.From(scripts, script =>
                Enumerable.Range(0, script.Steps.Count).Select(i => new Script([.. script.Steps.Where((_, j) => j != i)])));
        }
    }

    [Property(Arbitrary = [typeof(Scripts)], MaxTest = 60)]
    public async Task RandomActionSequencesNeverReachAnUndefinedStateAndTheHistoryReplaysToTheStatus(Script script)
    {
        var officer = DossierScenarios.OfficerOf(DossierScenarios.OneDayAgency);
        var dossier = await DossierScenarios.FileAsync(fixture.Grains);
        var view = await dossier.GetAsync();
        foreach (var step in script.Steps)
        {
            if (step.Action is not { } action)
            {
                fixture.Clock.Advance(TimeSpan.FromMinutes(step.Minutes));
                continue;
            }

            var from = Enum.Parse<DossierStatus>(view.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture));
            DossierView after;
            try
            {
                after = await DossierScenarios.ApplyAsync(dossier, action, officer, fixture.Clock);
                Assert.True(DossierTransitionTests.Lifecycle.TryGetValue((from, action), out var expected),
                    $"{action} was applied from {from}, which the lifecycle forbids");
                Assert.Equal(expected.ToApiName(), after.Status);
            }
            catch (DomainException refused)
            {
                Assert.Equal(DomainErrorKind.Conflict, refused.Kind);
                // Only a guard beyond the status may refuse what the lifecycle allows: an apology not yet due or already
                // given, a second rating.
                Assert.True(!DossierTransitionTests.Lifecycle.ContainsKey((from, action)) || action is DossierAction.Apologize or DossierAction.Rate,
                    $"{action} from {from} was refused: {refused.Message}");
                after = await dossier.GetAsync();
                Assert.Equal(view.Status, after.Status);
            }

            AssertWellFormed(after, view);
            view = after;
        }

        AssertWellFormed(await dossier.GetAsync(), view);
    }

    private static void AssertWellFormed(DossierView view, DossierView previous)
    {
        Assert.True(Enum.IsDefined(typeof(DossierStatus), view.StatusCode), $"status code {view.StatusCode} is not defined");
        Assert.Equal(((DossierStatus)view.StatusCode).ToApiName(), view.Status);

        // Replaying the status changes of the history from nothing gives the status, each one starting where the last ended.
        string? replayed = null;
        foreach (var change in view.History.Where(h => h.ToStatus is not null))
        {
            Assert.Equal(replayed, change.FromStatus);
            replayed = change.ToStatus;
        }

        Assert.Equal(view.Status, replayed);
        Assert.Equal(Enumerable.Range(1, view.History.Count).Select(i => (long)i), view.History.Select(h => h.Sequence));
        Assert.True(view.History.Zip(view.History.Skip(1)).All(p => p.First.At <= p.Second.At), "history times go backwards");

        // Overdue only while the agency's clock runs; the due date never moves earlier.
        Assert.True(!view.Overdue || view.Status is "accepted" or "processing", $"overdue while {view.Status}");
        Assert.True(view.ClockPausedSince is null == view.Status is not ("supplement_requested" or "payment_requested"),
            $"clock paused since {view.ClockPausedSince} while {view.Status}");
        if (previous.DueAt is { } before)
        {
            Assert.True(view.DueAt >= before, $"due date moved earlier: {before} → {view.DueAt}");
        }

        Assert.True(view.History.Count(h => h.Type == "dossier.apologized") <= 1, "more than one apology");
        Assert.True(view.History.Count(h => h.Type == "dossier.rated") <= 1, "more than one rating");
    }
}
