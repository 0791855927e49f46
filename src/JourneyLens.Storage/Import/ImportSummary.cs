using JourneyLens.Core.Events;
using JourneyLens.Ingest.Mapping;

namespace JourneyLens.Storage.Import;

/// <summary>Settings of one import run that are not about reading the file.</summary>
public sealed record ImportSettings
{
    /// <summary>Abort and roll back when more rows than this are rejected; null = no limit.</summary>
    public long? MaxErrors { get; init; }

    /// <summary>Read and validate everything, then roll back: nothing is stored.</summary>
    public bool DryRun { get; init; }

    /// <summary>How many accepted records a dry run shows.</summary>
    public int SampleSize { get; init; } = 5;

    /// <summary>
    /// Whether a large file may switch the workspace to a rollback journal for the import (<see cref="BulkJournal"/>).
    /// Off for the web server: its other connections always refuse the switch, and asking costs a second.
    /// </summary>
    public bool MaySwitchJournal { get; init; } = true;
}

/// <summary>Progress of a running import, for the progress bar.</summary>
public readonly record struct ImportProgress(long Records, long BytesRead, long? TotalBytes);

/// <summary>An earlier import of a file with the same content.</summary>
public sealed record EarlierImport(long Id, string File, string FinishedUtc);

/// <summary>What an import did (or, for a dry run, would do).</summary>
public sealed record ImportSummary
{
    public required string File { get; init; }
    public required string Format { get; init; }
    public long? ImportId { get; init; }
    public bool DryRun { get; init; }

    /// <summary>
    /// The import stitched every identifier again (a new workspace, a migration, or changes touching more than a
    /// quarter of them) rather than the components it touched: the engine is then built anew on the next load, not
    /// brought up to date.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool StitchedEverything { get; init; }

    public long Accepted { get; init; }
    public long IdentityMessages { get; init; }
    public long LinksAdded { get; init; }
    public long Duplicates { get; init; }
    public long Quarantined { get; init; }
    public long Filtered { get; init; }

    /// <summary>Rejections counted by their reason (the text before any detail).</summary>
    public required IReadOnlyDictionary<string, long> QuarantinedByReason { get; init; }
    public string? QuarantineFile { get; init; }
    public required IReadOnlyList<EarlierImport> EarlierImports { get; init; }
    public required IReadOnlyList<(string Source, FieldTarget Target)> Mapping { get; init; }
    public required IReadOnlyList<EventRecord> Sample { get; init; }

    /// <summary>The zone the summary shows times in: the workspace's, else the import's --timezone.</summary>
    public TimeZoneInfo? DisplayZone { get; init; }

    /// <summary>The CSV delimiter read (given or detected); null for other formats.</summary>
    public string? Delimiter { get; init; }

    /// <summary>The first rejected rows (at most 20), with line, field and reason: what a dry run lists.</summary>
    public IReadOnlyList<Ingest.Validation.Rejection> FirstRejections { get; init; } = [];
    public long PersonsAfter { get; init; }

    /// <summary>Identity links stitching refused in the workspace after this import, and why (docs/importing.md).</summary>
    public RefusedLinks Refused { get; init; } = RefusedLinks.None;
    public TimeSpan Elapsed { get; init; }

    /// <summary>Seconds spent in each phase of a committed import, for tuning.</summary>
    public IReadOnlyDictionary<string, double> Phases { get; init; } = new Dictionary<string, double>();

    public double EventsPerSecond => Elapsed.TotalSeconds > 0 ? (Accepted + Duplicates + Quarantined + Filtered + IdentityMessages) / Elapsed.TotalSeconds : 0;
}

/// <summary>
/// Links stitching refused: at the identifier cap (one visitor id shared by very many logins — a kiosk, a test account)
/// or between two different values of a unique identifier; the capped persons, the largest first, by name.
/// </summary>
public sealed record RefusedLinks(long AtCap, long Unique, long CappedPersons, IReadOnlyList<string> LargestCapped)
{
    public static readonly RefusedLinks None = new(0, 0, 0, []);
}
