using JourneyLens.Core.Events;

namespace JourneyLens.Core.Engine;

/// <summary>
/// The engine's columnar view of all events: struct-of-arrays sorted by person, time and input order, with
/// touchpoints, channels and outcomes dictionary-encoded and persons as offset ranges (CSR).
/// 36 bytes an event (events are numbered in an int: up to 2^31); free-form properties stay in the workspace.
/// </summary>
public sealed class EventTable
{
    public const int NoAbout = -1;

    public required string[] TouchpointNames { get; init; }
    public required string[] ChannelNames { get; init; }

    /// <summary>Outcome names; code 0 means "no outcome".</summary>
    public required string[] OutcomeNames { get; init; }

    public required long[] TimestampMs { get; init; }

    /// <summary>The UTC offset each timestamp was written in, in minutes (for wall-clock durations).</summary>
    public required short[] UtcOffsetMinutes { get; init; }
    public required int[] Touchpoint { get; init; }
    public required ushort[] Channel { get; init; }
    public required ScoreType[] ScoreType { get; init; }

    /// <summary>Survey answer on its scale; meaningful only where <see cref="ScoreType"/> is not None.</summary>
    public required sbyte[] Score { get; init; }

    /// <summary>Touchpoint code a survey answer rates, or <see cref="NoAbout"/>.</summary>
    public required int[] About { get; init; }

    /// <summary>Revenue; NaN where the event has none.</summary>
    public required double[] Value { get; init; }
    public required ushort[] Outcome { get; init; }

    /// <summary>The event's row id in the workspace, for properties and export.</summary>
    public required int[] RowId { get; init; }

    /// <summary>Events of person p are [PersonStart[p], PersonStart[p + 1]).</summary>
    public required int[] PersonStart { get; init; }

    /// <summary>The workspace identifier that names each person.</summary>
    public required long[] PersonKeyIdentifier { get; init; }

    /// <summary>The same events with other node names in the touchpoint column (channels, phases); survey subjects follow.</summary>
    public EventTable WithTouchpoints(string[] names, int[] touchpoint, int[] about) => new()
    {
        TouchpointNames = names,
        ChannelNames = ChannelNames,
        OutcomeNames = OutcomeNames,
        TimestampMs = TimestampMs,
        UtcOffsetMinutes = UtcOffsetMinutes,
        Touchpoint = touchpoint,
        Channel = Channel,
        ScoreType = ScoreType,
        Score = Score,
        About = about,
        Value = Value,
        Outcome = Outcome,
        RowId = RowId,
        PersonStart = PersonStart,
        PersonKeyIdentifier = PersonKeyIdentifier,
    };

    public int EventCount => TimestampMs.Length;
    public int PersonCount => PersonStart.Length - 1;

    /// <summary>Bytes held by the per-event and per-person columns (dictionaries excluded).</summary>
    public long ColumnBytes =>
        (long)EventCount * (sizeof(long) + sizeof(short) + sizeof(int) + sizeof(ushort) + sizeof(byte) + sizeof(sbyte) + sizeof(int) + sizeof(double) + sizeof(ushort) + sizeof(int))
        + (long)PersonStart.Length * sizeof(int) + (long)PersonKeyIdentifier.Length * sizeof(long);
}
