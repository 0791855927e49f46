using System.CommandLine;
using System.Text;
using JourneyLens.Ingest;

namespace JourneyLens.Cli.Commands;

/// <summary>How an input file is read: the options of <c>import</c>, which the analyses also take with <c>--input</c>.</summary>
public static class ReadingOptions
{
    public static readonly Option<InputFormat> InputFormatOption = new("--input-format") { Description = "auto (by extension and content), csv, jsonl or xes", DefaultValueFactory = _ => InputFormat.Auto };
    public static readonly Option<string?> Delimiter = new("--delimiter") { Description = "CSV delimiter: , ; | or tab (detected when left out)" };
    public static readonly Option<string?> EncodingOption = new("--encoding") { Description = "Text encoding: utf-8 (default, strict) or latin1" };
    public static readonly Option<string[]> Map = new("--map") { Description = "Map a field to a column: --map touchpoint=Activity (repeatable)", AllowMultipleArgumentsPerToken = false };
    public static readonly Option<string?> TimestampFormat = new("--timestamp-format") { Description = "Custom .NET date format of the timestamp column, e.g. dd-MM-yyyy HH:mm" };
    public static readonly Option<string?> TimeZone = new("--timezone") { Description = "Zone of timestamps that have no UTC offset, e.g. UTC or Europe/Amsterdam" };
    public static readonly Option<string?> Lifecycle = new("--lifecycle") { Description = "Keep only events with this lifecycle transition, e.g. complete" };
    public static readonly Option<string?> DefaultChannel = new("--default-channel") { Description = "Channel for events whose input names none" };
    public static readonly Option<long?> MaxErrors = new("--max-errors") { Description = "Abort and roll back when more rows than this are rejected" };

    public static Option[] All => [InputFormatOption, Delimiter, EncodingOption, Map, TimestampFormat, TimeZone, Lifecycle, DefaultChannel, MaxErrors];

    public static ImportOptions Parse(ParseResult parse)
    {
        return new ImportOptions
        {
            Format = parse.GetValue(InputFormatOption),
            Delimiter = ParseDelimiter(parse.GetValue(Delimiter)),
            Encoding = ParseEncoding(parse.GetValue(EncodingOption)),
            Map = ParseMap(parse.GetValue(Map) ?? []),
            TimestampFormat = parse.GetValue(TimestampFormat),
            TimeZone = ParseZone(parse.GetValue(TimeZone)),
            Lifecycle = parse.GetValue(Lifecycle),
            DefaultChannel = parse.GetValue(DefaultChannel),
        };
    }

    private static char? ParseDelimiter(string? value) => value switch
    {
        null => null,
        "tab" or "\\t" or "\t" => '\t',
        "," or ";" or "|" => value[0],
        _ => throw new UsageException($"--delimiter {value}: expected , ; | or tab"),
    };

    private static Encoding? ParseEncoding(string? value)
    {
        switch (value?.ToLowerInvariant())
        {
            case null or "utf-8" or "utf8":
                return null;
            case "latin1" or "latin-1" or "iso-8859-1":
                return Encoding.Latin1;
            default:
                try
                {
                    return Encoding.GetEncoding(value);
                }
                catch (ArgumentException)
                {
                    throw new UsageException($"--encoding {value}: unknown encoding; use utf-8 or latin1");
                }
        }
    }

    private static Dictionary<string, string> ParseMap(string[] entries)
    {
        var map = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var entry in entries)
        {
            var eq = entry.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0 || eq == entry.Length - 1)
            {
                throw new UsageException($"--map {entry}: expected field=column, e.g. --map touchpoint=Activity");
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
            throw new UsageException($"--timezone {id}: unknown time zone; use an IANA name such as UTC or Europe/Amsterdam");
        }
    }
}
