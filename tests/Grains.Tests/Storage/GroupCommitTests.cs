using Microsoft.Extensions.DependencyInjection;
using MotCua.Grains.Storage;
using Orleans.Serialization;

namespace MotCua.Grains.Tests.Storage;

public sealed class GroupCommitTests
{
    private static readonly DeepCopier<SeriesState> Copier = new ServiceCollection().AddSerializer()
        .BuildServiceProvider().GetRequiredService<DeepCopier<SeriesState>>();

    [Fact]
    public async Task CallsThatArriveWhileAWriteIsInFlightAreStoredTogetherInTheNextWrite()
    {
        var store = new GatedState();
        var commit = new GroupCommit<SeriesState>(store, Copier, () => { });

        commit.State.Receipts.Add(Receipt("pay_1"));
        var first = commit.CommitAsync();
        var behind = Enumerable.Range(2, 5).Select(i =>
        {
            commit.State.Receipts.Add(Receipt($"pay_{i}"));
            return commit.CommitAsync();
        }).ToList();

        Assert.Single(store.Started);
        Assert.Single(store.Started[0].Receipts); // the write carries what was there when it started
        store.FinishNext();
        await first;
        Assert.All(behind, t => Assert.False(t.IsCompleted)); // not stored yet: their write has only just started
        Assert.Equal(2, store.Started.Count);
        Assert.Equal(6, store.Started[1].Receipts.Count);
        store.FinishNext();
        await Task.WhenAll(behind);
        Assert.False(commit.HasUnstoredChanges);
    }

    [Fact]
    public async Task AWriteStoresACopySoLaterChangesDoNotLeakIntoIt()
    {
        var store = new GatedState();
        var commit = new GroupCommit<SeriesState>(store, Copier, () => { });

        commit.State.Receipts.Add(Receipt("pay_1"));
        var first = commit.CommitAsync();
        commit.State.Receipts.Add(Receipt("pay_2")); // changed while the first write is being serialized elsewhere

        Assert.Single(store.Started[0].Receipts);
        Assert.NotSame(commit.State, store.State);
        store.FinishNext();
        await first;
    }

    [Fact]
    public async Task AFailedWriteFailsItsBatchAndEveryCallBehindItAndTheCommitStaysBroken()
    {
        var store = new GatedState();
        var brokenSignals = 0;
        var commit = new GroupCommit<SeriesState>(store, Copier, () => brokenSignals++);

        commit.State.Receipts.Add(Receipt("pay_1"));
        var first = commit.CommitAsync();
        commit.State.Receipts.Add(Receipt("pay_2"));
        var behind = commit.CommitAsync();
        store.FailNext(new TimeoutException("database gone"));

        await Assert.ThrowsAsync<TimeoutException>(() => first);
        await Assert.ThrowsAsync<TimeoutException>(() => behind);
        Assert.Equal(1, brokenSignals);
        Assert.Single(store.Started); // nothing more was attempted from a state that is ahead of storage
        Assert.Throws<InvalidOperationException>(commit.ThrowIfBroken);
        Assert.Throws<InvalidOperationException>(() => { _ = commit.CommitAsync(); });
    }

    [Fact]
    public async Task StoredAsyncWaitsOnlyWhenSomethingIsUnstored()
    {
        var store = new GatedState();
        var commit = new GroupCommit<SeriesState>(store, Copier, () => { });

        Assert.True(commit.StoredAsync().IsCompletedSuccessfully);
        commit.State.Receipts.Add(Receipt("pay_1"));
        var first = commit.CommitAsync();
        var stored = commit.StoredAsync();
        Assert.False(stored.IsCompleted);

        store.FinishNext();
        await first;
        store.FinishNext();
        await stored;
        Assert.Equal(2, store.Started.Count);
    }

    [Fact]
    public async Task AWriteThatLingersCarriesTheCallsThatArriveDuringThePause()
    {
        var store = new GatedState();
        var commit = new GroupCommit<SeriesState>(store, Copier, () => { }, TimeSpan.FromMilliseconds(200));

        commit.State.Receipts.Add(Receipt("pay_1"));
        var first = commit.CommitAsync();
        commit.State.Receipts.Add(Receipt("pay_2"));
        var second = commit.CommitAsync();
        Assert.Empty(store.Started); // still pausing

        while (store.Started.Count == 0)
        {
            await Task.Delay(20);
        }

        Assert.Equal(2, store.Started.Single().Receipts.Count);
        store.FinishNext();
        await Task.WhenAll(first, second);
        Assert.Same(first, second);
    }

    private static SeriesRecord Receipt(string paymentId) => new(paymentId, 1_000, DateTimeOffset.UnixEpoch);

    /// <summary>A persistent state whose writes finish (or fail) only when the test says so, one at a time.</summary>
    private sealed class GatedState : IPersistentState<SeriesState>
    {
        private readonly Queue<TaskCompletionSource> pending = new();

        /// <summary>The state each write was given, in the order the writes started.</summary>
        public List<SeriesState> Started { get; } = [];

        public SeriesState State { get; set; } = new();

        public string? Etag { get; private set; }

        public bool RecordExists { get; private set; }

        public async Task WriteStateAsync()
        {
            Started.Add(State);
            // Completed by the test's thread, which then runs the grain's continuation inline: one thread, as on a grain.
            var gate = new TaskCompletionSource();
            pending.Enqueue(gate);
            await gate.Task;
            RecordExists = true;
            Etag = Started.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        public void FinishNext() => pending.Dequeue().SetResult();

        public void FailNext(Exception ex) => pending.Dequeue().SetException(ex);

        public Task ReadStateAsync() => Task.CompletedTask;

        public Task ClearStateAsync() => throw new NotSupportedException();
    }
}

/// <summary>A state shaped like a list of receipts, for the group commit's tests.</summary>
[GenerateSerializer, Alias("motcua.tests.group-commit-series-state")]
public sealed class SeriesState
{
    [Id(0)] public List<SeriesRecord> Receipts { get; set; } = [];
}

[GenerateSerializer, Immutable, Alias("motcua.tests.group-commit-series-record")]
public sealed record SeriesRecord([property: Id(0)] string PaymentId, [property: Id(1)] long Amount, [property: Id(2)] DateTimeOffset IssuedAt);
