namespace JourneyLens.Ingest.Mapping;

/// <summary>The fields of an event that the input's columns (or JSON keys, or XES attributes) can be mapped to.</summary>
public enum Field
{
    /// <summary>Not a known field: the column becomes a free property.</summary>
    Property,
    Timestamp,
    Touchpoint,
    Channel,
    EventId,
    Score,
    ScoreType,
    About,
    Value,
    Outcome,
    Lifecycle,

    /// <summary>Segment message type: track, identify, alias, page, screen.</summary>
    MessageType,

    /// <summary>Segment <c>previousId</c> of an alias message.</summary>
    PreviousId,

    /// <summary>A person identifier; the target names its type (customer_id, email, …).</summary>
    Identifier,

    /// <summary>Mapped to nothing with <c>--map ignore=column</c>: read, not stored.</summary>
    Ignored,

    /// <summary>The date part of the time, when date and time of day are separate columns (<c>--map date=…</c>).</summary>
    Date,

    /// <summary>The time-of-day part that goes with <see cref="Date"/> (<c>--map time=…</c>).</summary>
    Time,

    /// <summary>A number added to the timestamp (or date) in <c>--offset-unit</c> units: "session date + ms offset" exports.</summary>
    Offset,

    /// <summary>A column of a wide row holding the time of one step (<c>--step COLUMN=TOUCHPOINT</c>): one event per step.</summary>
    Step,

    /// <summary>A 0/1 column of a wide row (<c>--flag COLUMN=TOUCHPOINT</c>): one event when set.</summary>
    Flag,

    /// <summary>The contact (a call, a chat session) an event belongs to: its events count as one contact.</summary>
    ContactId,
}

/// <summary>Where a source name goes: a field, and for identifiers the identifier type.</summary>
public readonly record struct FieldTarget(Field Field, string? IdentifierType = null)
{
    public static readonly FieldTarget Property = new(Field.Property);

    public override string ToString() => Field == Field.Identifier ? IdentifierType! : FieldNames.Name(Field);
}
