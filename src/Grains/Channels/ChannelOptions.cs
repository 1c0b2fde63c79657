namespace MotCua.Grains.Channels;

/// <summary>Channel settings (configuration section <c>MotCua:Channels</c>).</summary>
public sealed class ChannelOptions
{
    public const string Section = "MotCua:Channels";

    /// <summary>Cash an agent may hold before remitting, for channels with no limit of their own (VND).</summary>
    public long DefaultFloatLimit { get; set; } = 50_000_000;
}
