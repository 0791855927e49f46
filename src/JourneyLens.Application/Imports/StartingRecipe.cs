using JourneyLens.Ingest;
using JourneyLens.Ingest.Mapping;
using JourneyLens.Ingest.Validation;
using JourneyLens.Storage.Import;
using YamlDotNet.RepresentationModel;

namespace JourneyLens.Application.Imports;

/// <summary>
/// The recipe a dry run writes from what it read and detected (<c>import --dry-run</c>): the options used, every column
/// with its field (properties listed, so ignoring one is an edit), steps, flags and labels. Saved, it repeats the import.
/// </summary>
public static class StartingRecipe
{
    public static string Yaml(ImportSummary summary, ImportOptions options)
    {
        var root = new YamlMappingNode();
        void Add(string key, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                root.Add(key, new YamlScalarNode(value) { Style = YamlDotNet.Core.ScalarStyle.DoubleQuoted });
            }
        }

        Add("input-format", summary.Format);
        Add("delimiter", summary.Delimiter is "\t" ? "tab" : summary.Delimiter);
        Add("encoding", options.Encoding?.WebName);
        Add("timezone", options.TimeZone?.Id);
        Add("timestamp-format", options.TimestampFormat);
        Add("timestamp-unit", Unit(options.TimestampUnit));
        Add("offset-unit", Unit(options.OffsetUnit));
        Add("default-channel", options.DefaultChannel);
        Add("lifecycle", options.Lifecycle);

        var map = new YamlMappingNode();
        foreach (var group in summary.Mapping.Where(m => m.Target.Field is not (Field.Step or Field.Flag) && !RecognisedType(m.Target, options)).GroupBy(m => m.Target.ToString()))
        {
            var columns = group.Select(m => new YamlScalarNode(m.Source) { Style = YamlDotNet.Core.ScalarStyle.DoubleQuoted }).ToList();
            map.Add(group.Key, columns.Count == 1 && group.First().Target.Field is not (Field.Property or Field.Ignored) ? columns[0] : new YamlSequenceNode(columns));
        }

        root.Add("map", map);
        AddRowEvents(root, "steps", options.Steps);
        AddRowEvents(root, "flags", options.Flags);
        if (options.Labels.Count > 0)
        {
            root.Add("labels", new YamlMappingNode(options.Labels.Select(column => new KeyValuePair<YamlNode, YamlNode>(
                new YamlScalarNode(column.Key), new YamlMappingNode(column.Value.Select(code => new KeyValuePair<YamlNode, YamlNode>(
                    new YamlScalarNode(code.Key) { Style = YamlDotNet.Core.ScalarStyle.DoubleQuoted }, new YamlScalarNode(code.Value))))))));
        }

        var text = new StringWriter();
        new YamlStream(new YamlDocument(root)).Save(text, assignAnchors: false);
        var yaml = text.ToString().Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd('\n');
        if (yaml.EndsWith("\n...", StringComparison.Ordinal))
        {
            yaml = yaml[..^4]; // the document-end marker
        }

        return $"# Import recipe for {Path.GetFileName(summary.File)}, written by a dry run from what it detected.\n"
            + "# Check each column's field (move a column to ignore to leave it out), save as a .yaml file, and import with --recipe FILE.\n"
            + yaml + "\n";
    }

    /// <summary>A column recognised (not mapped) as a message type: left to recognition, which keeps a non-Segment "type" as data.</summary>
    private static bool RecognisedType(FieldTarget target, ImportOptions options) =>
        target.Field == Field.MessageType && !options.Map.Any(m => FieldNames.ParseTarget(m.Key)?.Field == Field.MessageType);

    private static void AddRowEvents(YamlMappingNode root, string key, IReadOnlyList<RowEvent> events)
    {
        if (events.Count == 0)
        {
            return;
        }

        root.Add(key, new YamlSequenceNode(events.Select(e =>
        {
            var node = new YamlMappingNode { { "column", e.Column }, { "touchpoint", e.Touchpoint } };
            if (e.Channel is { } channel)
            {
                node.Add("channel", channel);
            }

            return (YamlNode)node;
        })));
    }

    private static string? Unit(TimestampUnit? unit) => unit switch
    {
        TimestampUnit.Seconds => "s",
        TimestampUnit.Milliseconds => "ms",
        TimestampUnit.Microseconds => "us",
        _ => null,
    };
}
