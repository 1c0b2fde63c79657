using MotCua.Grains.Interfaces.Common;
using MotCua.Grains.Interfaces.Dossiers;

namespace MotCua.Grains.Tests;

[Collection(DossierClusterCollection.Name)]
public sealed class DossierRatingTests(DossierClusterFixture fixture)
{
    [Fact]
    public async Task AReturnedDossierIsRatedOnceAndASecondRatingIs409()
    {
        var dossier = await DossierScenarios.InStatusAsync(fixture.Grains, DossierStatus.Returned, fixture.Clock);

        var rated = await dossier.RateAsync(new RateDossierCommand(DossierScenarios.Op(), DossierScenarios.Portal, 4, "Cán bộ hướng dẫn tận tình"));

        Assert.Equal((4, "Cán bộ hướng dẫn tận tình"), (rated.Rating!.Score, rated.Rating.Comment));
        Assert.Equal(fixture.Clock.GetUtcNow(), rated.Rating.RatedAt);
        Assert.Equal(("dossier.rated", "portal"), (rated.History[^1].Type, rated.History[^1].ActorRole));
        Assert.Equal("returned", rated.Status);
        Assert.Empty(rated.AllowedActions);

        var again = await Assert.ThrowsAsync<DomainException>(() =>
            dossier.RateAsync(new RateDossierCommand(DossierScenarios.Op(), DossierScenarios.Portal, 1)));
        Assert.Equal((ErrorCodes.InvalidTransition, "returned"), (again.Code, again.CurrentStatus));
        Assert.Equal(4, (await dossier.GetAsync()).Rating!.Score);
    }

    [Fact]
    public async Task ARetriedRatingWithTheSameOperationIsAppliedOnce()
    {
        var dossier = await DossierScenarios.InStatusAsync(fixture.Grains, DossierStatus.Returned, fixture.Clock);
        var command = new RateDossierCommand(DossierScenarios.Op(), DossierScenarios.Portal, 5);

        await dossier.RateAsync(command);
        var retried = await dossier.RateAsync(command);

        Assert.Single(retried.History, h => h.Type == "dossier.rated");
    }

    [Fact]
    public async Task NoDossierCanBeRatedBeforeItsResultIsReturned()
    {
        foreach (var status in Enum.GetValues<DossierStatus>().Where(s => s != DossierStatus.Returned))
        {
            var dossier = await DossierScenarios.InStatusAsync(fixture.Grains, status, fixture.Clock);

            var refused = await Assert.ThrowsAsync<DomainException>(() =>
                dossier.RateAsync(new RateDossierCommand(DossierScenarios.Op(), DossierScenarios.Portal, 5)));

            Assert.Equal((ErrorCodes.InvalidTransition, status.ToApiName()), (refused.Code, refused.CurrentStatus));
        }
    }

    [Theory]
    [InlineData(0, null, "score")]
    [InlineData(6, null, "score")]
    [InlineData(3, 1001, "comment")]
    public async Task AScoreOutsideOneToFiveOrACommentOverAThousandCharactersIsAFieldError(int score, int? commentLength, string field)
    {
        var dossier = await DossierScenarios.InStatusAsync(fixture.Grains, DossierStatus.Returned, fixture.Clock);
        var comment = commentLength is { } n ? new string('a', n) : null;

        var refused = await Assert.ThrowsAsync<DomainException>(() =>
            dossier.RateAsync(new RateDossierCommand(DossierScenarios.Op(), DossierScenarios.Portal, score, comment)));

        Assert.Equal((DomainErrorKind.Invalid, field), (refused.Kind, refused.Field));
        Assert.Null((await dossier.GetAsync()).Rating);
    }
}
