using JourneyLens.Core.Events;

namespace JourneyLens.Generation;

/// <summary>Which of the customer's identifiers an event carries: what that channel really knows about them.</summary>
[Flags]
public enum Ids : byte
{
    None = 0,
    Anonymous = 1,
    Customer = 2,
    Email = 4,
    Phone = 8,
}

/// <summary>One generated event before it is written.</summary>
internal struct GeneratedEvent
{
    public long TimestampMs;
    public Ids Ids;
    public int Device;
    public Label Channel;
    public Label Touchpoint;
    public ScoreType ScoreType;
    public int Score;
    public Label? About;
    public double Value;
    public Label? Outcome;
}
