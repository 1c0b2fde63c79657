using System.Collections.Concurrent;
using MotCua.Gateways;

namespace MotCua.Sandbox.Faults;

/// <summary>The live faults of every provider.</summary>
public sealed class FaultBook
{
    private readonly ConcurrentDictionary<string, ProviderFaults> byProvider = new(StringComparer.Ordinal);

    /// <summary>Replaces the faults of the settings' provider, or of every provider when none is named.</summary>
    public void Set(FaultSettings settings)
    {
        foreach (var provider in string.IsNullOrEmpty(settings.Provider) ? GatewayProviders.All : [settings.Provider])
        {
            byProvider[provider] = new ProviderFaults(settings with { Provider = provider });
        }
    }

    /// <summary>The live faults of <paramref name="provider"/>; none set means none fire.</summary>
    public ProviderFaults For(string provider) => byProvider.GetOrAdd(provider, p => new ProviderFaults(new FaultSettings { Provider = p }));

    /// <summary>What is left to fire, per provider.</summary>
    public IReadOnlyDictionary<string, FaultSettings> Snapshot() =>
        GatewayProviders.All.ToDictionary(p => p, p => For(p).Current);

    /// <summary>Turns every fault off.</summary>
    public void Clear() => byProvider.Clear();
}
