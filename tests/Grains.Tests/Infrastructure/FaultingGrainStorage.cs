using Orleans.Storage;

namespace MotCua.Grains.Tests.Infrastructure;

/// <summary>Which grain-state writes fail next, for tests of what a grain does when its own write fails.</summary>
public sealed class StorageFaults
{
    private readonly Lock gate = new();
    private string? stateName;
    private int skip;
    private int failures;
    private bool stored;

    /// <summary>
    /// Fails <paramref name="count"/> writes of <paramref name="state"/> after letting <paramref name="after"/> of them
    /// through. With <paramref name="stored"/> the write is made and only its answer lost (the caller sees a failure).
    /// </summary>
    public void FailWrites(string state, int after = 0, int count = 1, bool stored = false)
    {
        lock (gate)
        {
            (stateName, skip, failures, this.stored) = (state, after, count, stored);
        }
    }

    /// <summary>Whether the next write of <paramref name="state"/> fails, and whether it is stored before failing.</summary>
    internal (bool Fails, bool Stored) Next(string state)
    {
        lock (gate)
        {
            if (state != stateName || failures == 0)
            {
                return (false, false);
            }

            if (skip > 0)
            {
                skip--;
                return (false, false);
            }

            failures--;
            return (true, stored);
        }
    }
}

/// <summary>A grain storage that fails the writes <see cref="StorageFaults"/> asks for, and otherwise is <paramref name="inner"/>.</summary>
public sealed class FaultingGrainStorage(IGrainStorage inner, StorageFaults faults) : IGrainStorage
{
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ReadStateAsync(stateName, grainId, grainState);

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var (fails, stored) = faults.Next(stateName);
        if (!fails || stored)
        {
            await inner.WriteStateAsync(stateName, grainId, grainState);
        }

        if (fails)
        {
            throw new TimeoutException($"Injected: the answer to the write of {stateName} for {grainId} was lost (stored: {stored}).");
        }
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ClearStateAsync(stateName, grainId, grainState);
}
