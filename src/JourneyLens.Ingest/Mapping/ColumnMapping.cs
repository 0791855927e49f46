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

    /// <summary>Columns the options name outside <c>--map</c> (value labels): they must exist too.</summary>
    private readonly List<string> _named = [];

    /// <param name="recognise">How unmapped names are recognised; the common-name table by default.</param>
    public ColumnMapping(ImportOptions options, Func<string, FieldTarget>? recognise = null)
    {
        _recognise = recognise ?? FieldNames.Recognise;
        foreach (var (field, column) in options.Map)
        {
            var target = FieldNames.ParseTarget(field)
                ?? throw new InputException($"--map {field}={column}: '{field}' is not a field; use one of {string.Join(", ", FieldNames.MappableNames)}");
            if (_explicit.TryGetValue(column, out var earlier) && earlier != target)
            {
                throw new InputException($"--map {field}={column}: column '{column}' is already mapped to {earlier}");
            }

            _explicit[column] = target;
            if (target.Field is not (Field.Identifier or Field.Property or Field.Ignored))
            {
                _explicitFields.Add(target.Field);
            }
        }

        foreach (var (rowEvent, field) in options.Steps.Select(s => (s, Field.Step)).Concat(options.Flags.Select(f => (f, Field.Flag))))
        {
            if (_explicit.TryGetValue(rowEvent.Column, out var earlier))
            {
                throw new InputException($"--{FieldNames.Name(field)} {rowEvent.Column}={rowEvent.Touchpoint}: column '{rowEvent.Column}' is already used as {earlier}");
            }

            _explicit[rowEvent.Column] = new FieldTarget(field);
        }

        _named.AddRange(options.Labels.Keys);
        Check(options);
    }

    private void Check(ImportOptions options)
    {
        if (_explicitFields.Contains(Field.Time) && !_explicitFields.Contains(Field.Date))
        {
            throw new InputException("--map time=… needs the date column too: --map date=COLUMN");
        }

        if (_explicitFields.Contains(Field.Date) && _explicitFields.Contains(Field.Timestamp))
        {
            throw new InputException("--map timestamp=… and --map date=… both say when an event happened; use one");
        }

        if (_explicitFields.Contains(Field.Offset) && options.OffsetUnit is null)
        {
            throw new InputException("--map offset=… needs the offset's unit: --offset-unit s, ms or us");
        }

        if (options.Steps.Count > 0 && _explicitFields.Contains(Field.Time))
        {
            throw new InputException("--step columns give each event its time (on the --map date=… day); leave out --map time=…");
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
            targets[i] = t.Field is Field.Property or Field.Ignored or Field.Step or Field.Flag || seen.Add(t) ? t : FieldTarget.Property;
        }

        return targets;
    }

    /// <summary>Mapped columns that the header lacks: a typo in --map is an error, not a silent no-op.</summary>
    public void CheckExplicitColumnsExist(IReadOnlyList<string> header, string file)
    {
        foreach (var column in _explicit.Keys.Concat(_named))
        {
            if (!header.Contains(column, StringComparer.OrdinalIgnoreCase))
            {
                throw new InputException($"the import names column '{column}', which the header does not have (columns: {string.Join(", ", header)})", file, 1);
            }
        }
    }
}
