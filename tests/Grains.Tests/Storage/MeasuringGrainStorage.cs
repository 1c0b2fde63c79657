using System.Collections.Concurrent;
using Orleans.Serialization;
using Orleans.Storage;

namespace MotCua.Grains.Tests.Storage;

/// <summary>
/// Grain storage in memory that keeps each row as the bytes Orleans' serializer makes of the state (what the ADO.NET
/// provider stores in <c>payloadbinary</c>), checks ETags like a database would, and records the largest row written
/// per state name.
/// </summary>
public sealed class MeasuringGrainStorage(Serializer serializer) : IGrainStorage
{
    private readonly ConcurrentDictionary<(string State, GrainId Grain), (byte[] Payload, string ETag)> rows = new();
    private readonly ConcurrentDictionary<string, int> largest = new(StringComparer.Ordinal);
    private long version;

    /// <summary>The largest row ever written, by state name (rows at their busiest, with work in flight).</summary>
    public IReadOnlyDictionary<string, int> Largest => new Dictionary<string, int>(largest, StringComparer.Ordinal);

    /// <summary>The largest row stored now, by state name.</summary>
    public IReadOnlyDictionary<string, int> Stored =>
        rows.GroupBy(r => r.Key.State, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Max(r => r.Value.Payload.Length), StringComparer.Ordinal);

    /// <summary>The stored state of every grain with <paramref name="stateName"/>, as <typeparamref name="T"/>.</summary>
    public IReadOnlyList<T> StatesOf<T>(string stateName) =>
        [.. rows.Where(r => r.Key.State == stateName).Select(r => serializer.Deserialize<T>(r.Value.Payload)!)];

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (rows.TryGetValue((stateName, grainId), out var row))
        {
            grainState.State = serializer.Deserialize<T>(row.Payload);
            grainState.ETag = row.ETag;
            grainState.RecordExists = true;
        }

        return Task.CompletedTask;
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var payload = serializer.SerializeToArray(grainState.State);
        var etag = Interlocked.Increment(ref version).ToString(System.Globalization.CultureInfo.InvariantCulture);
        lock (rows)
        {
            var stored = rows.TryGetValue((stateName, grainId), out var row) ? row.ETag : null;
            if (stored != grainState.ETag)
            {
                throw new InconsistentStateException($"ETag mismatch for {stateName} of {grainId}", stored, grainState.ETag);
            }

            rows[(stateName, grainId)] = (payload, etag);
        }

        largest.AddOrUpdate(stateName, payload.Length, (_, held) => Math.Max(held, payload.Length));
        grainState.ETag = etag;
        grainState.RecordExists = true;
        return Task.CompletedTask;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        rows.TryRemove((stateName, grainId), out _);
        grainState.ETag = null;
        grainState.RecordExists = false;
        return Task.CompletedTask;
    }
}
