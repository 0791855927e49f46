using JourneyLens.Core.Errors;

namespace JourneyLens.Ingest.Mapping;

/// <summary>
/// Decides where each source name (CSV column, flattened JSON key, XES attribute key) goes: explicit
/// <c>--map</c> entries first, then the recognised common names, else a free property.
/// </summary>
public sealed class ColumnMapping
{
    private readonly Dictionary<string, FieldTarget> _explicit = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<Field> _explicitFields = [];
    private readonly Dictionary<string, FieldTarget> _cache = new(StringComparer.Ordinal);

    private readonly Func<string, FieldTarget> _recognise;

    /// <param name="recognise">How unmapped names are recognised; the common-name table by default.</param>
    public ColumnMapping(IReadOnlyDictionary<string, string> map, Func<string, FieldTarget>? recognise = null)
    {
        _recognise = recognise ?? FieldNames.Recognise;
        foreach (var (field, column) in map)
        {
            var target = FieldNames.ParseTarget(field)
                ?? throw new InputException($"--map {field}={column}: '{field}' is not a field; use one of {string.Join(", ", FieldNames.MappableNames)}");
            _explicit[column] = target;
            if (target.Field is not (Field.Identifier or Field.Property or Field.Ignored))
            {
                _explicitFields.Add(target.Field);
            }
        }

        if (_explicitFields.Contains(Field.Time) && !_explicitFields.Contains(Field.Date))
        {
            throw new InputException("--map time=… needs the date column too: --map date=COLUMN");
        }

        if (_explicitFields.Contains(Field.Date) && _explicitFields.Contains(Field.Timestamp))
        {
            throw new InputException("--map timestamp=… and --map date=… both say when an event happened; use one");
        }
    }

    /// <summary>The target of a source name. A recognised name loses to an explicit mapping of the same field.</summary>
    public FieldTarget Resolve(string sourceName)
    {
        if (_cache.TryGetValue(sourceName, out var cached))
        {
            return cached;
        }

        if (!_explicit.TryGetValue(sourceName, out var target))
        {
            target = _recognise(sourceName);
            // A mapped date (and time) replaces any column recognised as the timestamp.
            if (_explicitFields.Contains(target.Field) || (target.Field == Field.Timestamp && _explicitFields.Contains(Field.Date)))
            {
                target = FieldTarget.Property;
            }
        }

        if (_cache.Count < 100_000)
        {
            _cache[sourceName] = target;
        }

        return target;
    }

    /// <summary>Targets for a fixed header; two columns recognised as the same field keep the first and make the rest properties.</summary>
    public FieldTarget[] ResolveHeader(IReadOnlyList<string> header)
    {
        var targets = new FieldTarget[header.Count];
        var seen = new HashSet<FieldTarget>();
        for (var i = 0; i < header.Count; i++)
        {
            var t = Resolve(header[i]);
            targets[i] = t.Field is Field.Property or Field.Ignored || seen.Add(t) ? t : FieldTarget.Property;
        }

        return targets;
    }

    /// <summary>Mapped columns that the header lacks: a typo in --map is an error, not a silent no-op.</summary>
    public void CheckExplicitColumnsExist(IReadOnlyList<string> header, string file)
    {
        foreach (var column in _explicit.Keys)
        {
            if (!header.Contains(column, StringComparer.OrdinalIgnoreCase))
            {
                throw new InputException($"--map names column '{column}', which the header does not have (columns: {string.Join(", ", header)})", file, 1);
            }
        }
    }
}
