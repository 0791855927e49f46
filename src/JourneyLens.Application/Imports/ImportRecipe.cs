using JourneyLens.Application.Parameters;
using JourneyLens.Core.Errors;
using JourneyLens.Core.Yaml;
using JourneyLens.Ingest.Mapping;
using YamlDotNet.RepresentationModel;

namespace JourneyLens.Application.Imports;

/// <summary>
/// A whole import in one YAML file (<c>import --recipe FILE</c>, docs/importing.md): every reading option under the
/// name of its command-line option (<c>timezone</c>, <c>timestamp-format</c>, …; <c>_</c> for <c>-</c> is fine), plus
/// <c>map</c> (field: column, or a list of columns for ignore, property and identifiers), <c>steps</c> and <c>flags</c>
/// (lists of column, touchpoint and an optional channel) and <c>labels</c> (column: code: name).
/// </summary>
public sealed class ImportRecipe
{
    public const int MaxBytes = 1024 * 1024;

    private readonly Dictionary<string, object?> _values = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _lines = new(StringComparer.Ordinal);

    private ImportRecipe(string file) => File = file;

    public string File { get; }
    public List<RowEvent> Steps { get; } = [];
    public List<RowEvent> Flags { get; } = [];
    public Dictionary<string, IReadOnlyDictionary<string, string>> Labels { get; } = new(StringComparer.OrdinalIgnoreCase);

    public bool Has(string name) => _values.ContainsKey(name);

    public T Get<T>(Parameter<T> parameter) => _values.TryGetValue(parameter.Name, out var value) ? (T)value! : parameter.Default;

    /// <summary>The recipe's value made into what the import takes; a value it refuses is an error at its line in the recipe.</summary>
    public TOut Read<T, TOut>(Parameter<T> parameter, Func<T, TOut> parse)
    {
        try
        {
            return parse(Get(parameter));
        }
        catch (RequestException e)
        {
            throw new InputException(e.Message, File, _lines.GetValueOrDefault(parameter.Name), parameter.Name);
        }
    }

    /// <summary>The recipe in a file; any mistake is an error naming the file, line and key.</summary>
    public static ImportRecipe Load(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            throw new InputException("no such recipe file", path);
        }

        if (info.Length > MaxBytes)
        {
            throw new InputException($"a recipe of {info.Length:N0} bytes; at most {MaxBytes:N0}", path);
        }

        var recipe = new ImportRecipe(path);
        switch (YamlLoader.Load(System.IO.File.ReadAllText(path), path))
        {
            case null:
                return recipe;
            case YamlMappingNode root:
                foreach (var (keyNode, value) in root.Children)
                {
                    recipe.Read(Scalar(keyNode, path).Replace('_', '-').ToLowerInvariant(), keyNode, value);
                }

                return recipe;
            case var other:
                throw new InputException("a recipe is a mapping of option names to values (timezone: UTC, map: …)", path, other.Start.Line);
        }
    }

    private static readonly HashSet<string> s_structured = ["map", "steps", "flags", "labels"];

    /// <summary>Keys a recipe takes: every reading option, and the structured ones.</summary>
    public static IEnumerable<string> Keys =>
        ReadingParameters.All.Select(p => p.Name).Where(n => n is not ("map" or "recipe" or "step" or "flag" or "label")).Concat(s_structured);

    private void Read(string key, YamlNode keyNode, YamlNode value)
    {
        switch (key)
        {
            case "map":
                _values[ReadingParameters.Map.Name] = ReadMap(value);
                return;
            case "steps":
                Steps.AddRange(ReadRowEvents(value, "steps"));
                return;
            case "flags":
                Flags.AddRange(ReadRowEvents(value, "flags"));
                return;
            case "labels":
                ReadLabels(value);
                return;
        }

        var parameter = Keys.Contains(key) ? ReadingParameters.All.Single(p => p.Name == key) : null;
        if (parameter is null)
        {
            throw new InputException($"unknown key '{key}'; a recipe takes {string.Join(", ", Keys)}", File, keyNode.Start.Line, key);
        }

        _lines[parameter.Name] = value.Start.Line;
        try
        {
            _values[parameter.Name] = parameter.Parse(value is YamlSequenceNode list ? [.. list.Children.Select(c => Scalar(c, File))] : [Scalar(value, File)]);
        }
        catch (RequestException e)
        {
            throw new InputException(e.Message, File, value.Start.Line, key);
        }
    }

    /// <summary>The map as <c>field=column</c> entries, as <c>--map</c> takes them.</summary>
    private string[] ReadMap(YamlNode node)
    {
        var entries = new List<string>();
        foreach (var (field, columns) in Mapping(node, "map: field: column"))
        {
            var name = Scalar(field, File);
            if (FieldNames.ParseTarget(name) is null)
            {
                throw new InputException($"'{name}' is not a field; use one of {string.Join(", ", FieldNames.MappableNames)}", File, field.Start.Line, "map");
            }

            entries.AddRange((columns is YamlSequenceNode list ? list.Children : [columns]).Select(c => $"{name}={Scalar(c, File)}"));
        }

        return entries.Count <= ReadingParameters.MaxMappings ? [.. entries]
            : throw new InputException($"at most {ReadingParameters.MaxMappings} map entries", File, node.Start.Line, "map");
    }

    private IEnumerable<RowEvent> ReadRowEvents(YamlNode node, string key)
    {
        if (node is not YamlSequenceNode list)
        {
            throw new InputException($"{key}: a list of column, touchpoint (and channel)", File, node.Start.Line, key);
        }

        foreach (var item in list.Children.Take(ReadingParameters.MaxEntries + 1))
        {
            string? column = null, touchpoint = null, channel = null;
            foreach (var (k, v) in Mapping(item, $"{key}: - column: …, touchpoint: …"))
            {
                switch (Scalar(k, File))
                {
                    case "column": column = Scalar(v, File); break;
                    case "touchpoint": touchpoint = Scalar(v, File); break;
                    case "channel": channel = Scalar(v, File); break;
                    case var other: throw new InputException($"unknown key '{other}' in {key}; expected column, touchpoint, channel", File, k.Start.Line, key);
                }
            }

            if (string.IsNullOrWhiteSpace(column) || string.IsNullOrWhiteSpace(touchpoint))
            {
                throw new InputException($"each of {key} needs a column and a touchpoint", File, item.Start.Line, key);
            }

            yield return new RowEvent(column.Trim(), touchpoint.Trim(), string.IsNullOrWhiteSpace(channel) ? null : channel.Trim());
        }

        if (list.Children.Count > ReadingParameters.MaxEntries)
        {
            throw new InputException($"at most {ReadingParameters.MaxEntries} {key}", File, node.Start.Line, key);
        }
    }

    private void ReadLabels(YamlNode node)
    {
        foreach (var (column, codes) in Mapping(node, "labels: column: code: name"))
        {
            var names = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (code, name) in Mapping(codes, "labels: column: code: name").Take(ReadingParameters.MaxEntries))
            {
                names[Scalar(code, File).Trim()] = Scalar(name, File).Trim();
            }

            Labels[Scalar(column, File).Trim()] = names;
        }
    }

    private IEnumerable<KeyValuePair<YamlNode, YamlNode>> Mapping(YamlNode node, string shape) =>
        node as YamlMappingNode ?? throw new InputException($"expected {shape}", File, node.Start.Line);

    private static string Scalar(YamlNode node, string file) =>
        node is YamlScalarNode { Value: { } text } ? text : throw new InputException("expected a single value here", file, node.Start.Line);
}
