using JourneyLens.Core.Events;

namespace JourneyLens.Core.Engine;

/// <summary>
/// The engine's columnar view of all events: struct-of-arrays sorted by person, time and input order, with
/// touchpoints, channels and outcomes dictionary-encoded and persons as offset ranges (CSR).
/// 40 bytes an event (events are numbered in an int: up to 2^31); free-form properties stay in the workspace.
/// </summary>
public sealed record EventTable
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

    /// <summary>
    /// The contact (one call, one chat) an event is part of, as a code (<see cref="ContactCode"/>): events of one contact
    /// share it and count as one contact; 0 for an event that names none, which is a contact of its own.
    /// </summary>
    public required int[] Contact { get; init; }

    /// <summary>The event's row id in the workspace, for properties and export.</summary>
    public required int[] RowId { get; init; }

    /// <summary>Events of person p are [PersonStart[p], PersonStart[p + 1]).</summary>
    public required int[] PersonStart { get; init; }

    /// <summary>The workspace identifier that names each person.</summary>
    public required long[] PersonKeyIdentifier { get; init; }

    /// <summary>The same events with other node names in the touchpoint column (channels, phases); survey subjects follow.</summary>
    public EventTable WithTouchpoints(string[] names, int[] touchpoint, int[] about) => this with { TouchpointNames = names, Touchpoint = touchpoint, About = about };

    /// <summary>
    /// A table whose per-event columns <paramref name="columns"/> makes, each from the column of a table it knows (to
    /// pick events, gather them in sorted order, read or write them): the one place that lists the event columns, in
    /// their canonical order, so the filter, the builder and the cache cannot disagree about them.
    /// </summary>
    public static EventTable Assemble(string[] touchpointNames, string[] channelNames, string[] outcomeNames, int[] personStart, long[] personKeyIdentifier, IEventColumns columns) => new()
    {
        TouchpointNames = touchpointNames,
        ChannelNames = channelNames,
        OutcomeNames = outcomeNames,
        TimestampMs = columns.Column(t => t.TimestampMs),
        UtcOffsetMinutes = columns.Column(t => t.UtcOffsetMinutes),
        Touchpoint = columns.Column(t => t.Touchpoint),
        Channel = columns.Column(t => t.Channel),
        ScoreType = columns.Column(t => t.ScoreType),
        Score = columns.Column(t => t.Score),
        About = columns.Column(t => t.About),
        Value = columns.Column(t => t.Value),
        Outcome = columns.Column(t => t.Outcome),
        Contact = columns.Column(t => t.Contact),
        RowId = columns.Column(t => t.RowId),
        PersonStart = personStart,
        PersonKeyIdentifier = personKeyIdentifier,
    };

    /// <summary>Each per-event column of this table in canonical order (to write it, to size it).</summary>
    public void EachEventColumn(IEventColumns columns) => Assemble(TouchpointNames, ChannelNames, OutcomeNames, PersonStart, PersonKeyIdentifier, columns);

    public int EventCount => TimestampMs.Length;

    /// <summary>
    /// A contact id as a 32-bit code (FNV-1a), never 0: only events of one person's journey are compared, where two
    /// different contacts sharing a code is a chance of one in four billion, and no dictionary of every contact is kept.
    /// </summary>
    public static int ContactCode(string? contact)
    {
        if (contact is null)
        {
            return 0;
        }

        var hash = 2166136261u;
        foreach (var ch in contact)
        {
            hash = (hash ^ ch) * 16777619u;
        }

        return hash == 0 ? 1 : (int)hash;
    }
    public int PersonCount => PersonStart.Length - 1;

    /// <summary>The persons with at least one event: a filtered table keeps every person's slot, so this is the scope's count.</summary>
    public int PersonsWithEvents()
    {
        var count = 0;
        for (var p = 0; p < PersonCount; p++)
        {
            count += PersonStart[p + 1] > PersonStart[p] ? 1 : 0;
        }

        return count;
    }

    /// <summary>Bytes held by the per-event and per-person columns (dictionaries excluded).</summary>
    public long ColumnBytes
    {
        get
        {
            var size = new ColumnSize(this);
            EachEventColumn(size);
            return size.Bytes + (long)PersonStart.Length * sizeof(int) + (long)PersonKeyIdentifier.Length * sizeof(long);
        }
    }

    private sealed class ColumnSize(EventTable table) : IEventColumns
    {
        public long Bytes { get; private set; }

        public T[] Column<T>(Func<EventTable, T[]> of)
            where T : unmanaged
        {
            var column = of(table);
            Bytes += (long)column.Length * System.Runtime.CompilerServices.Unsafe.SizeOf<T>();
            return column;
        }
    }
}

/// <summary>Makes a table's column from the column of another (see <see cref="EventTable.Assemble"/>).</summary>
public interface IEventColumns
{
    /// <param name="of">Which column: a table's own property, so an implementation can take it from any table it holds.</param>
    T[] Column<T>(Func<EventTable, T[]> of)
        where T : unmanaged;
}
