namespace MotCua.Silo.Hosting;

/// <summary>Silo settings (configuration section <c>MotCua:Silo</c>).</summary>
public sealed class SiloOptions
{
    public const string Section = "MotCua:Silo";

    public string ClusterId { get; set; } = "motcua";
    public string ServiceId { get; set; } = "motcua";

    /// <summary>Silo-to-silo port.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>Port Orleans clients (separate API nodes) connect to.</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>The address other silos and clients reach this silo at (durable mode); loopback when empty.</summary>
    public string? AdvertisedAddress { get; set; }

    /// <summary>
    /// How long a silo asked to stop (SIGTERM) may take to finish in-flight calls, deactivate its grains and leave
    /// membership. Orchestrators must wait longer before SIGKILL (Kubernetes: terminationGracePeriodSeconds).
    /// </summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Durable mode: run Orleans' activation rebalancer, which migrates idle activations from busy silos to a silo that
    /// joined, so existing load spreads after a scale-out instead of waiting for activations to be collected.
    /// </summary>
    public bool ActivationRebalancing { get; set; } = true;
}
