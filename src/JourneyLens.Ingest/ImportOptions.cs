using System.Text;
using JourneyLens.Core.Identity;

namespace JourneyLens.Ingest;

/// <summary>Input formats the importers read.</summary>
public enum InputFormat
{
    Auto,
    Csv,
    Jsonl,
    Xes,
    Parquet,
}

/// <summary>How to read one input file. Every option has a CLI flag of the same name (docs/importing.md).</summary>
public sealed record ImportOptions
{
    public InputFormat Format { get; init; } = InputFormat.Auto;

    /// <summary>CSV delimiter; detected from the header line when null.</summary>
    public char? Delimiter { get; init; }

    /// <summary>Text encoding; strict UTF-8 (invalid bytes are an error, not replaced) when null.</summary>
    public Encoding? Encoding { get; init; }

    /// <summary>Explicit mappings, field name to source column (<c>--map field=column</c>), in the order given.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Map { get; init; } = [];

    /// <summary>The unit of the offset column (<c>--map offset=…</c>) added to the timestamp.</summary>
    public Validation.TimestampUnit? OffsetUnit { get; init; }

    /// <summary>Step columns of a wide row: one event per step whose time is not empty or zero.</summary>
    public IReadOnlyList<Mapping.RowEvent> Steps { get; init; } = [];

    /// <summary>0/1 flag columns of a wide row: one event per set flag, at the row's time.</summary>
    public IReadOnlyList<Mapping.RowEvent> Flags { get; init; } = [];

    /// <summary>Value labels per column (case-insensitive): a coded value read as its name; a code without a label is rejected.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Labels { get; init; } =
        new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Whether a row can make several events (step or flag columns).</summary>
    public bool WideRows => Steps.Count > 0 || Flags.Count > 0;

    /// <summary>A .NET custom date format for the timestamp column (<c>--timestamp-format</c>).</summary>
    public string? TimestampFormat { get; init; }

    /// <summary>The unit of numeric timestamps (Unix time); null: seconds or milliseconds, when that falls in 1990–2100.</summary>
    public Validation.TimestampUnit? TimestampUnit { get; init; }

    /// <summary>Zone for timestamps that carry no UTC offset; without it such timestamps are an error.</summary>
    public TimeZoneInfo? TimeZone { get; init; }

    /// <summary>Keep only events with this lifecycle transition (XES <c>lifecycle:transition</c>).</summary>
    public string? Lifecycle { get; init; }

    /// <summary>Channel for events whose input names none.</summary>
    public string? DefaultChannel { get; init; }

    public IdentityRules IdentityRules { get; init; } = IdentityRules.Default;

    /// <summary>
    /// When the input was received: the time of identify and alias messages that carry none of their own (Segment's
    /// rule). Null refuses such messages as having no timestamp.
    /// </summary>
    public DateTimeOffset? ReceivedAt { get; init; }

    /// <summary>Upper bound on the length of any one value, so a broken file cannot fill memory.</summary>
    public int MaxValueLength { get; init; } = 64 * 1024;

    /// <summary>Upper bound on the number of free properties of one event.</summary>
    public int MaxProperties { get; init; } = 256;
}
