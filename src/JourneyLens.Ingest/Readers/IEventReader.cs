using JourneyLens.Ingest.Mapping;
using JourneyLens.Ingest.Validation;

namespace JourneyLens.Ingest.Readers;

/// <summary>Streams the records of one input file, in file order, in constant memory.</summary>
public interface IEventReader : IDisposable
{
    InputFormat Format { get; }

    /// <summary>How the source's names map to fields, known after the header (CSV) or the first records.</summary>
    IReadOnlyList<(string Source, FieldTarget Target)> DetectedMapping { get; }

    /// <summary>The CSV delimiter (given or detected); null for other formats.</summary>
    string? Delimiter => null;

    /// <summary>Bytes of the (decompressed) input read so far, for progress.</summary>
    long BytesRead { get; }

    IEnumerable<ReadItem> Read();
}
