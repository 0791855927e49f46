using JourneyLens.Core.Yaml;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;
using JourneyLens.Core.Errors;

namespace JourneyLens.Maps.Editing;

/// <summary>An edit the map text cannot take as it is written (a list in flow style, an unknown item).</summary>
public sealed class MapEditException(string message) : Exception(message);

/// <summary>
/// Edits one step, pain point or opportunity of a map's YAML in place: the item's own lines are written again from
/// the form's values and everything else — comments, order, layout of the other items — stays as the user wrote it.
/// Form values are texts: a list is one item per line, a flag is "true" or "false".
/// </summary>
public static class MapItemEditor
{
    private const string DefaultIndent = "  ";

    /// <summary>The ids of the items of one list, in order.</summary>
    public static IReadOnlyList<string> Ids(string yaml, ItemKind kind) =>
        [.. Items(Root(yaml), kind).Select(i => Scalar(i, "id") ?? "")];

    /// <summary>The item's values as a form shows them; null when the map has no such item.</summary>
    public static Dictionary<string, string>? Values(string yaml, ItemKind kind, string id)
    {
        var item = Items(Root(yaml), kind).FirstOrDefault(i => Scalar(i, "id") == id);
        return item is null ? null : Read(item, kind.Fields);
    }

    /// <summary>The values of <paramref name="fields"/> in a mapping, as a form shows them.</summary>
    internal static Dictionary<string, string> Read(YamlMappingNode item, IEnumerable<ItemField> fields)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var field in fields)
        {
            var (parent, key) = Split(field.Key);
            var node = parent is null ? Get(item, key) : Get(item, parent) is YamlMappingNode inner ? Get(inner, key) : null;
            values[field.Key] = node switch
            {
                YamlScalarNode s => s.Value ?? "",
                YamlSequenceNode list => string.Join('\n', list.OfType<YamlScalarNode>().Select(s => s.Value)),
                _ => field.Default ?? "",
            };
        }

        return values;
    }

    /// <summary>The map with item <paramref name="id"/> written again from <paramref name="values"/>.</summary>
    public static string Replace(string yaml, ItemKind kind, string id, IReadOnlyDictionary<string, string> values)
    {
        var (_, lines, spans, _) = Spans(yaml, kind);
        var span = spans.FirstOrDefault(s => s.Id == id) ?? throw new MapEditException($"the map has no {kind.Singular} '{id}'");
        return Join(lines[..span.Start], Emit(kind, values, span.Indent), lines[span.End..]);
    }

    /// <summary>The map with a new item after item <paramref name="afterId"/> (null: at the end of the list).</summary>
    public static string Insert(string yaml, ItemKind kind, string? afterId, IReadOnlyDictionary<string, string> values)
    {
        var (root, lines, spans, list) = Spans(yaml, kind);
        if (spans.Count > 0)
        {
            var after = afterId is null ? spans[^1] : spans.FirstOrDefault(s => s.Id == afterId) ?? throw new MapEditException($"the map has no {kind.Singular} '{afterId}'");
            return Join(lines[..after.End], Emit(kind, values, after.Indent), lines[after.End..]);
        }

        if (list is null)
        {
            // No such list yet: it goes at the end of the map.
            var body = lines.Length > 0 && lines[^1].Length == 0 ? lines[..^1] : lines;
            return Join(body, [$"{kind.List}:", .. Emit(kind, values, DefaultIndent)], [""]);
        }

        // An empty list ("pain_points: []" or "pain_points:"): the key's line becomes the start of a block list.
        var key = root.Children.Keys.OfType<YamlScalarNode>().First(k => k.Value == kind.List);
        var keyLine = (int)key.Start.Line - 1;
        var end = TrimEnd(lines, keyLine + 1, NextKeyLine(root, keyLine, lines.Length));
        return Join(lines[..keyLine], [$"{new string(' ', (int)key.Start.Column - 1)}{kind.List}:", .. Emit(kind, values, new string(' ', (int)key.Start.Column - 1) + DefaultIndent)], lines[end..]);
    }

    /// <summary>The map without item <paramref name="id"/>; a list left empty is written as [].</summary>
    public static string Remove(string yaml, ItemKind kind, string id)
    {
        var (root, lines, spans, _) = Spans(yaml, kind);
        var span = spans.FirstOrDefault(s => s.Id == id) ?? throw new MapEditException($"the map has no {kind.Singular} '{id}'");
        if (spans.Count > 1)
        {
            return Join(lines[..span.Start], [], lines[span.End..]);
        }

        var key = root.Children.Keys.OfType<YamlScalarNode>().First(k => k.Value == kind.List);
        var keyLine = (int)key.Start.Line - 1;
        return Join(lines[..keyLine], [$"{new string(' ', (int)key.Start.Column - 1)}{kind.List}: []"], lines[span.End..]);
    }

    /// <summary>The lines of one item: "- key: value" under <paramref name="indent"/>, fields in the kind's order, empty ones left out.</summary>
    public static IReadOnlyList<string> Emit(ItemKind kind, IReadOnlyDictionary<string, string> values, string indent)
    {
        var text = Write(Build(kind.Fields, values));
        return [.. text.Select((l, i) => indent + (i == 0 ? "- " : "  ") + l)];
    }

    /// <summary>A node as YAML lines without indent (block style at the top, short lists in flow style).</summary>
    internal static List<string> Write(YamlNode node)
    {
        var writer = new StringWriter { NewLine = "\n" };
        new YamlStream(new YamlDocument(node)).Save(writer, assignAnchors: false);
        return [.. writer.ToString().Split('\n').Where(l => l.Length > 0 && l != "...")];
    }

    /// <summary>The mapping the form's values make, fields in their order, empty ones left out.</summary>
    internal static YamlMappingNode Build(IEnumerable<ItemField> fields, IReadOnlyDictionary<string, string> values)
    {
        var item = new YamlMappingNode();
        foreach (var field in fields)
        {
            var value = values.GetValueOrDefault(field.Key)?.Trim() ?? "";
            YamlNode? node = field.Kind switch
            {
                FieldKind.Lines => ListNode(value),
                FieldKind.Flag => value == (field.Default ?? "false") || value.Length == 0 ? null : new YamlScalarNode(value),
                FieldKind.LongText when value.Contains('\n') => new YamlScalarNode(value.Replace("\r\n", "\n", StringComparison.Ordinal)) { Style = ScalarStyle.Literal },
                _ => value.Length == 0 ? null : new YamlScalarNode(value),
            };
            if (node is null)
            {
                continue;
            }

            var (parent, key) = Split(field.Key);
            if (parent is null)
            {
                item.Add(key, node);
            }
            else
            {
                if (Get(item, parent) is not YamlMappingNode inner)
                {
                    item.Add(parent, inner = new YamlMappingNode());
                }

                inner.Add(key, node);
            }
        }

        return item;
    }

    private static YamlSequenceNode? ListNode(string value)
    {
        var items = value.Split('\n').Select(v => v.Trim()).Where(v => v.Length > 0).ToList();
        if (items.Count == 0)
        {
            return null;
        }

        // Short lists on one line, as people write them; long ones one item per line.
        var list = new YamlSequenceNode(items.Select(i => new YamlScalarNode(i)));
        list.Style = items.Sum(i => i.Length + 2) <= 72 ? SequenceStyle.Flow : SequenceStyle.Block;
        return list;
    }

    private sealed record Span(string Id, int Start, int End, string Indent);

    /// <summary>The lines of the text, and per item of the list the lines it takes (start inclusive, end exclusive; trailing blank and comment lines stay outside).</summary>
    private static (YamlMappingNode Root, string[] Lines, List<Span> Spans, YamlNode? List) Spans(string yaml, ItemKind kind)
    {
        var root = Root(yaml);
        var lines = yaml.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var list = Get(root, kind.List);
        var items = Items(root, kind);
        if (list is YamlSequenceNode { Style: SequenceStyle.Flow } && items.Count > 0)
        {
            throw new MapEditException($"{kind.List} is written in flow style ([...]); edit it in the YAML");
        }

        var spans = new List<Span>();
        for (var i = 0; i < items.Count; i++)
        {
            var start = (int)items[i].Start.Line - 1;
            var prefix = lines[start][..((int)items[i].Start.Column - 1)];
            var dash = prefix.TrimEnd();
            if (!dash.EndsWith('-') || dash[..^1].Trim().Length > 0)
            {
                throw new MapEditException($"{kind.Singular} at line {start + 1} does not start its own line with '- '; edit it in the YAML");
            }

            var end = TrimEnd(lines, start + 1, i + 1 < items.Count ? (int)items[i + 1].Start.Line - 1 : NextKeyLine(root, start, lines.Length));

            spans.Add(new Span(Scalar(items[i], "id") ?? "", start, end, dash[..^1]));
        }

        return (root, lines, spans, list);
    }

    /// <summary>The line index of the first top-level key below line index <paramref name="after"/>: where the list ends (YamlDotNet's nodes carry no end mark).</summary>
    internal static int NextKeyLine(YamlMappingNode root, int after, int lineCount) =>
        root.Children.Keys.Select(k => (int)k.Start.Line - 1).Where(l => l > after).DefaultIfEmpty(lineCount).Min();

    /// <summary>Trailing blank and comment lines stay outside a span: they belong to what follows.</summary>
    internal static int TrimEnd(string[] lines, int min, int end)
    {
        while (end > min && (lines[end - 1].Trim().Length == 0 || lines[end - 1].TrimStart().StartsWith('#')))
        {
            end--;
        }

        return end;
    }

    internal static YamlMappingNode Root(string yaml)
    {
        YamlNode? root;
        try
        {
            root = YamlLoader.Load(yaml, "map");
        }
        catch (InputException e)
        {
            throw new MapEditException($"the map is not valid YAML ({e.Message}); mend it in the YAML first");
        }

        return root as YamlMappingNode ?? throw new MapEditException("the map is not a mapping; mend it in the YAML first");
    }

    private static List<YamlMappingNode> Items(YamlMappingNode root, ItemKind kind) => Get(root, kind.List) switch
    {
        YamlSequenceNode list when list.All(i => i is YamlMappingNode) => [.. list.Cast<YamlMappingNode>()],
        YamlSequenceNode => throw new MapEditException($"an item of {kind.List} is not a mapping; mend it in the YAML first"),
        null or YamlScalarNode { Value: null or "" } => [],
        _ => throw new MapEditException($"{kind.List} is not a list; mend it in the YAML first"),
    };

    internal static (string? Parent, string Key) Split(string key) => key.IndexOf('.') is var dot and > 0 ? (key[..dot], key[(dot + 1)..]) : (null, key);

    internal static YamlNode? Get(YamlMappingNode m, string key) => m.Children.TryGetValue(new YamlScalarNode(key), out var v) ? v : null;

    private static string? Scalar(YamlMappingNode m, string key) => Get(m, key) is YamlScalarNode s ? s.Value : null;

    private static string Join(IEnumerable<string> before, IEnumerable<string> item, IEnumerable<string> after) => string.Join('\n', before.Concat(item).Concat(after));
}
