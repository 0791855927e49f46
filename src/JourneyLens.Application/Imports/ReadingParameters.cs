using System.Text;
using JourneyLens.Application.Parameters;
using JourneyLens.Ingest;
using JourneyLens.Ingest.Mapping;

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
    public static readonly Parameter<string?> OffsetUnit = new("offset-unit", "Unit of the offset column (--map offset=COLUMN) added to the timestamp or date: s, ms or us");
    public static readonly Parameter<string[]> Step = new("step", "A wide row's step column and the touchpoint it stands for: --step q_start=Queue makes an event at each row's q_start time (repeatable)") { Default = [] };
    public static readonly Parameter<string[]> Flag = new("flag", "A wide row's 0/1 column and its touchpoint: --flag searched=Searched makes an event at the row's time when set (repeatable)") { Default = [] };
    public static readonly Parameter<string[]> Label = new("label", "A coded value's name: --label channel:1=web reads 1 in column channel as web (repeatable)") { Default = [] };
    public static readonly Parameter<string?> Recipe = new("recipe", "A YAML file holding the whole import (columns, formats, zone, steps, flags, labels); options given beside it win");

    public static readonly IReadOnlyList<Parameter> All =
        [Format, Delimiter, Encoding, Map, TimestampFormat, TimestampUnit, TimeZone, Lifecycle, DefaultChannel, MaxErrors, OffsetUnit, Step, Flag, Label, Recipe];

    /// <summary>At most this many --map entries (a file has far fewer fields).</summary>
    public const int MaxMappings = 100;

    /// <summary>The reading options alone (an import that takes no --max-errors).</summary>
    public static ImportOptions Options(ParameterValues values) => Read(values).Options;

    /// <summary>
    /// How a file is read: a recipe's options (<c>--recipe</c>, read once), with the options given beside it winning or
    /// adding to them, and the number of rejected rows that aborts the reading.
    /// </summary>
    public static (ImportOptions Options, long? MaxErrors) Read(ParameterValues values)
    {
        var recipe = values.Get(Recipe) is { } path
            ? values.LocalFiles ? ImportRecipe.Load(path) : throw new RequestException("a recipe is read from a file on the command line only", Recipe.Name)
            : null;
        T Get<T>(Parameter<T> p) => FromRecipe(p) ? recipe!.Get(p) : values.Get(p);
        bool FromRecipe(Parameter p) => !values.IsGiven(p.Name) && recipe is not null && recipe.Has(p.Name);
        TOut Parsed<T, TOut>(Parameter<T> p, Func<T, TOut> parse) => FromRecipe(p) ? recipe!.Read(p, parse) : parse(values.Get(p));
        T[] Both<T>(Parameter<T[]> p) => [.. recipe is null ? [] : recipe.Get(p), .. values.Get(p)];
        var options = new ImportOptions
        {
            Format = Get(Format),
            Delimiter = Parsed(Delimiter, ParseDelimiter),
            Encoding = Parsed(Encoding, ParseEncoding),
            Map = ParseMap(Both(Map)),
            TimestampFormat = Get(TimestampFormat),
            TimestampUnit = Parsed(TimestampUnit, v => ParseUnit(v, TimestampUnit)),
            OffsetUnit = Parsed(OffsetUnit, v => ParseUnit(v, OffsetUnit)),
            TimeZone = Parsed(TimeZone, ParseZone),
            Lifecycle = Get(Lifecycle),
            DefaultChannel = Get(DefaultChannel),
            Steps = [.. recipe?.Steps ?? [], .. values.Get(Step).Select(s => ParseRowEvent(s, Step))],
            Flags = [.. recipe?.Flags ?? [], .. values.Get(Flag).Select(s => ParseRowEvent(s, Flag))],
            Labels = ParseLabels(recipe?.Labels, values.Get(Label)),
        };
        return (options, Get(MaxErrors));
    }

    private static Ingest.Validation.TimestampUnit? ParseUnit(string? value, Parameter parameter) => value switch
    {
        null => null,
        "s" or "seconds" => Ingest.Validation.TimestampUnit.Seconds,
        "ms" or "milliseconds" => Ingest.Validation.TimestampUnit.Milliseconds,
        "us" or "microseconds" => Ingest.Validation.TimestampUnit.Microseconds,
        var other => throw new RequestException($"--{parameter.Name} {other}: expected s, ms or us", parameter.Name),
    };

    /// <summary>At most this many step, flag and label entries each.</summary>
    public const int MaxEntries = 1_000;

    private static RowEvent ParseRowEvent(string entry, Parameter parameter)
    {
        var eq = entry.IndexOf('=', StringComparison.Ordinal);
        if (eq <= 0 || eq == entry.Length - 1)
        {
            throw new RequestException($"--{parameter.Name} {entry}: expected COLUMN=TOUCHPOINT, e.g. --{parameter.Name} q_start=Queue", parameter.Name);
        }

        return new RowEvent(entry[..eq].Trim(), entry[(eq + 1)..].Trim());
    }

    /// <summary>The recipe's labels with the command line's <c>COLUMN:CODE=NAME</c> entries over them.</summary>
    private static Dictionary<string, IReadOnlyDictionary<string, string>> ParseLabels(IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>? recipe, string[] entries)
    {
        if (entries.Length > MaxEntries)
        {
            throw new RequestException($"at most {MaxEntries} --label entries", Label.Name);
        }

        var labels = new Dictionary<string, Dictionary<string, string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var (column, codes) in recipe ?? new Dictionary<string, IReadOnlyDictionary<string, string>>())
        {
            labels[column] = new Dictionary<string, string>(codes, StringComparer.Ordinal);
        }

        foreach (var entry in entries)
        {
            var eq = entry.IndexOf('=', StringComparison.Ordinal);
            var colon = eq > 0 ? entry.LastIndexOf(':', eq - 1) : -1;
            if (colon <= 0 || eq == colon + 1 || eq == entry.Length - 1)
            {
                throw new RequestException($"--label {entry}: expected COLUMN:CODE=NAME, e.g. --label channel:1=web", Label.Name);
            }

            var column = entry[..colon].Trim();
            if (!labels.TryGetValue(column, out var codes))
            {
                labels[column] = codes = new Dictionary<string, string>(StringComparer.Ordinal);
            }

            codes[entry[(colon + 1)..eq].Trim()] = entry[(eq + 1)..].Trim();
        }

        return labels.ToDictionary(kv => kv.Key, kv => (IReadOnlyDictionary<string, string>)kv.Value, StringComparer.OrdinalIgnoreCase);
    }

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

    /// <summary>
    /// The <c>field=column</c> entries in order. A field that takes one column (timestamp, touchpoint, …) given again
    /// replaces the earlier entry — the command line's over the recipe's; ignore, property and identifiers take many.
    /// </summary>
    private static List<KeyValuePair<string, string>> ParseMap(string[] entries)
    {
        if (entries.Length > MaxMappings)
        {
            throw new RequestException($"at most {MaxMappings} --map entries", Map.Name);
        }

        var map = new List<KeyValuePair<string, string>>();
        foreach (var entry in entries)
        {
            var eq = entry.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0 || eq == entry.Length - 1)
            {
                throw new RequestException($"--map {entry}: expected field=column, e.g. --map touchpoint=Activity", Map.Name);
            }

            var (field, column) = (entry[..eq].Trim(), entry[(eq + 1)..].Trim());
            var single = Ingest.Mapping.FieldNames.ParseTarget(field)?.Field is not (null or Field.Ignored or Field.Property or Field.Identifier);
            map.RemoveAll(m => string.Equals(m.Value, column, StringComparison.OrdinalIgnoreCase)
                || single && string.Equals(m.Key, field, StringComparison.OrdinalIgnoreCase));
            map.Add(new(field, column));
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
