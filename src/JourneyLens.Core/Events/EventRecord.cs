namespace JourneyLens.Core.Events;

/// <summary>What a message in the input is: a customer event, or only a statement that identifiers belong together.</summary>
public enum RecordKind : byte
{
    /// <summary>A touchpoint event (Segment <c>track</c>, <c>page</c>, a CSV row, an XES event).</summary>
    Event = 0,

    /// <summary>Segment <c>identify</c>: links identifiers, adds no touchpoint.</summary>
    Identify = 1,

    /// <summary>Segment <c>alias</c>: links a previous id to a user id, adds no touchpoint.</summary>
    Alias = 2,
}

/// <summary>
/// One validated input record, independent of the file format it came from.
/// Timestamps are UTC milliseconds since the Unix epoch.
/// </summary>
public sealed record EventRecord
{
    public RecordKind Kind { get; init; }
    public long TimestampMs { get; init; }

    /// <summary>The UTC offset the timestamp was written in: wall-clock durations (as pm4py computes them) need it.</summary>
    public short UtcOffsetMinutes { get; init; }
    public required IReadOnlyList<Identifier> Identifiers { get; init; }
    public string Channel { get; init; } = "";
    public string Touchpoint { get; init; } = "";
    public string? EventId { get; init; }
    public ScoreType ScoreType { get; init; }
    public int? Score { get; init; }
    public string? About { get; init; }
    public double? Value { get; init; }
    public string? Outcome { get; init; }

    /// <summary>The contact (one call, one chat) the event is part of: its events count as one contact (docs/experience.md).</summary>
    public string? ContactId { get; init; }

    /// <summary>Free properties, in input order. Keys are unique.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Properties { get; init; } = [];

    /// <summary>Line in the source file where the record starts (1-based).</summary>
    public long SourceLine { get; init; }
}
