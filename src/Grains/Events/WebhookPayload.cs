using System.Text.Json;
using System.Text.Json.Serialization;
using MotCua.Grains.Interfaces.Common;
using MotCua.Grains.Interfaces.Events;

namespace MotCua.Grains.Events;

/// <summary>The JSON body of a webhook delivery: <c>id</c> (dedupe on it), <c>type</c>, <c>createdAt</c>, <c>source</c>, <c>sequence</c>, <c>data</c>.</summary>
public static class WebhookPayload
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static string Serialize(DomainEvent e) => JsonSerializer.Serialize(new
    {
        id = e.Id,
        type = e.Type,
        createdAt = e.OccurredAt.ToVietnam(),
        source = e.Source,
        sequence = e.Sequence,
        data = e.Subject with { DueAt = e.Subject.DueAt?.ToVietnam() },
    }, Json);
}
