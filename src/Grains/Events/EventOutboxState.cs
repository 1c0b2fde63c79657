using MotCua.Grains.Interfaces.Events;

namespace MotCua.Grains.Events;

/// <summary>
/// The outbox a grain keeps in its own state: events written in the same storage write as the change they describe,
/// published to the event stream after the write and dropped from the list once published (the drop is stored with
/// the next write, so a reactivated grain may publish an event twice; consumers dedupe by source and sequence).
/// </summary>
[GenerateSerializer, Alias("motcua.event-outbox")]
public sealed class EventOutboxState
{
    /// <summary>The sequence number of the last event this source emitted.</summary>
    [Id(0)] public long LastSequence { get; set; }

    /// <summary>Events written but not yet known to be published, oldest first.</summary>
    [Id(1)] public List<DomainEvent> Pending { get; set; } = [];

    /// <summary>Adds an event of <paramref name="source"/> with the next sequence number; it is published after the next write.</summary>
    public DomainEvent Emit(string source, string type, DateTimeOffset at, EventSubject subject)
    {
        LastSequence++;
        var domainEvent = new DomainEvent(DomainEvent.IdOf(source, LastSequence), source, LastSequence, type, at, subject);
        Pending.Add(domainEvent);
        return domainEvent;
    }

    /// <summary>
    /// Adds an event that takes its sequence number from the source's own history (a payment or wallet numbers its
    /// history entries); numbers at or below <see cref="LastSequence"/> were emitted already and are skipped.
    /// </summary>
    public void EmitNumbered(string source, long sequence, string type, DateTimeOffset at, EventSubject subject)
    {
        if (sequence <= LastSequence)
        {
            return;
        }

        LastSequence = sequence;
        Pending.Add(new DomainEvent(DomainEvent.IdOf(source, sequence), source, sequence, type, at, subject));
    }
}
