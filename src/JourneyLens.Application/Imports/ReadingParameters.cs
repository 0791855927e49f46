using System.Text;
using JourneyLens.Application.Parameters;
using JourneyLens.Ingest;

namespace JourneyLens.Application.Imports;

/// <summary>How an input file is read: the options of an import, which the analyses also take for a file read into memory.</summary>
public static class ReadingParameters
{
    public static readonly Parameter<InputFormat> Format = new("input-format", "auto (by extension and content), csv, jsonl or xes") { Default = InputFormat.Auto };
    public static readonly Parameter<string?> Delimiter = new("delimiter", "CSV delimiter: , ; | or tab (detected when left out)");
    public static readonly Parameter<string?> Encoding = new("encoding", "Text encoding: utf-8 (default, strict) or latin1");
    public static readonly Parameter<string[]> Map = new("map", "Map a field to a column: --map touchpoint=Activity (repeatable)") { Default = [] };
    public static readonly Parameter<string?> TimestampFormat = new("timestamp-format", "Custom .NET date format of the timestamp column, e.g. dd-MM-yyyy HH:mm");
    public static readonly Parameter<string?> TimestampUnit = new("timestamp-unit", "Unit of numeric (Unix) timestamps: s, ms or us; without it a number must fall in 1990–2100 as seconds or milliseconds");
    public static readonly Parameter<string?> TimeZone = new("timezone", "Zone of timestamps that have no UTC offset, e.g. UTC or Europe/Amsterdam");
    public static readonly Parameter<string?> Lifecycle = new("lifecycle", "Keep only events with this lifecycle transition, e.g. complete");
    public static readonly Parameter<string?> DefaultChannel = new("default-channel", "Channel for events whose input names none");
    public static readonly Parameter<long?> MaxErrors = new("max-errors", "Abort and roll back when more rows than this are rejected");

    public static readonly IReadOnlyList<Parameter> All = [Format, Delimiter, Encoding, Map, TimestampFormat, TimestampUnit, TimeZone, Lifecycle, DefaultChannel, MaxErrors];

    /// <summary>At most this many --map entries (a file has far fewer fields).</summary>
    public const int MaxMappings = 100;

    public static ImportOptions Options(ParameterValues values) => new()
    {
        Format = values.Get(Format),
        Delimiter = ParseDelimiter(values.Get(Delimiter)),
        Encoding = ParseEncoding(values.Get(Encoding)),
        Map = ParseMap(values.Get(Map)),
        TimestampFormat = values.Get(TimestampFormat),
        TimestampUnit = values.Get(TimestampUnit) switch
        {
            null => null,
            "s" or "seconds" => Ingest.Validation.TimestampUnit.Seconds,
            "ms" or "milliseconds" => Ingest.Validation.TimestampUnit.Milliseconds,
            "us" or "microseconds" => Ingest.Validation.TimestampUnit.Microseconds,
            var other => throw new RequestException($"--timestamp-unit {other}: expected s, ms or us", TimestampUnit.Name),
        },
        TimeZone = ParseZone(values.Get(TimeZone)),
        Lifecycle = values.Get(Lifecycle),
        DefaultChannel = values.Get(DefaultChannel),
    };

    private static char? ParseDelimiter(string? value) => value switch
    {
        null => null,
        "tab" or "\\t" or "\t" => '\t',
        "," or ";" or "|" => value[0],
        _ => throw new RequestException($"--delimiter {value}: expected , ; | or tab", Delimiter.Name),
    };

    private static Encoding? ParseEncoding(string? value)
    {
        switch (value?.ToLowerInvariant())
        {
            case null or "utf-8" or "utf8":
                return null;
            case "latin1" or "latin-1" or "iso-8859-1":
                return System.Text.Encoding.Latin1;
            default:
                try
                {
                    return System.Text.Encoding.GetEncoding(value);
                }
                catch (ArgumentException)
                {
                    throw new RequestException($"--encoding {value}: unknown encoding; use utf-8 or latin1", Encoding.Name);
                }
        }
    }

    private static Dictionary<string, string> ParseMap(string[] entries)
    {
        if (entries.Length > MaxMappings)
        {
            throw new RequestException($"at most {MaxMappings} --map entries", Map.Name);
        }

        var map = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var entry in entries)
        {
            var eq = entry.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0 || eq == entry.Length - 1)
            {
                throw new RequestException($"--map {entry}: expected field=column, e.g. --map touchpoint=Activity", Map.Name);
            }

            map[entry[..eq].Trim()] = entry[(eq + 1)..].Trim();
        }

        return map;
    }

    private static TimeZoneInfo? ParseZone(string? id)
    {
        if (id is null)
        {
            return null;
        }

        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (TimeZoneNotFoundException)
        {
            throw new RequestException($"--timezone {id}: unknown time zone; use an IANA name such as UTC or Europe/Amsterdam", TimeZone.Name);
        }
    }
}
