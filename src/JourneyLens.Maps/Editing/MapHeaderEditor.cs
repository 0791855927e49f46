using YamlDotNet.RepresentationModel;

namespace JourneyLens.Maps.Editing;

/// <summary>
/// Edits what a map says above its steps — title, state, lens, actor and persona, scenario, phases, metrics — in place:
/// only the top-level keys whose values the form changed are written again; the others, the steps and every comment
/// outside the changed keys stay as the user wrote them. A phase renamed in its place is renamed in its steps too.
/// </summary>
public static class MapHeaderEditor
{
    public static readonly IReadOnlyList<ItemField> Fields =
    [
        new("title", "title", FieldKind.Text, "What the map is about, e.g. Flying door to door", Required: true),
        new("state", "state", FieldKind.Choice, "Current: the journey as it is; future: as it should become", ["current", "future"], Default: "current"),
        new("lens", "lens", FieldKind.Choice, "The lens whose phases the map follows", Required: true),
        new("actor.name", "actor", FieldKind.Text, "Whose journey: one point of view", Required: true),
        new("actor.persona", "persona", FieldKind.Choice, "A saved persona: the figures are then over its segment"),
        new("actor.description", "who they are", FieldKind.LongText),
        new("scenario.goal", "goal", FieldKind.Text, "What the customer wants to achieve"),
        new("scenario.expectations", "expectations", FieldKind.Lines, "What they expect along the way, one per line"),
        new("phases", "phases", FieldKind.Lines, "The columns, in the customer's order, one per line; renaming one renames it in its steps"),
        new("metrics", "journey metrics", FieldKind.Lines, "Measured over the map's data, one per line, e.g. nps or conversion@Searched flights>Booked flight"),
    ];

    /// <summary>The header's values as the form shows them.</summary>
    public static Dictionary<string, string> Values(string yaml) => MapItemEditor.Read(MapItemEditor.Root(yaml), Fields);

    /// <summary>The map with its header written from <paramref name="values"/>: changed keys only.</summary>
    public static string Replace(string yaml, IReadOnlyDictionary<string, string> values)
    {
        var before = Values(yaml);
        var built = MapItemEditor.Build(Fields, values);
        foreach (var key in Fields.Select(f => Top(f.Key)).Distinct())
        {
            var fields = Fields.Where(f => Top(f.Key) == key).ToList();
            if (fields.All(f => Same(before[f.Key], values.GetValueOrDefault(f.Key) ?? "", f.Kind)))
            {
                continue;
            }

            var node = MapItemEditor.Get(built, key);
            yaml = ReplaceKey(yaml, key, node is null ? [] : MapItemEditor.Write(new YamlMappingNode { { key, node } }));
        }

        return RenamePhases(yaml, Lines(before["phases"]), Lines(values.GetValueOrDefault("phases") ?? ""));
    }

    /// <summary>A phase renamed in its place (same count, the new name not among the old): its steps follow it.</summary>
    private static string RenamePhases(string yaml, List<string> before, List<string> after)
    {
        if (before.Count != after.Count)
        {
            return yaml;
        }

        for (var i = 0; i < before.Count; i++)
        {
            if (before[i] == after[i] || before.Contains(after[i]))
            {
                continue;
            }

            foreach (var id in MapItemEditor.Ids(yaml, ItemKind.Step))
            {
                var step = MapItemEditor.Values(yaml, ItemKind.Step, id)!;
                if (step["phase"] == before[i])
                {
                    step["phase"] = after[i];
                    yaml = MapItemEditor.Replace(yaml, ItemKind.Step, id, step);
                }
            }
        }

        return yaml;
    }

    /// <summary>The key's lines (from the key to the next top-level key, trailing comments left) replaced; a new key goes before the steps.</summary>
    private static string ReplaceKey(string yaml, string key, IReadOnlyList<string> written)
    {
        var root = MapItemEditor.Root(yaml);
        var lines = yaml.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var node = root.Children.Keys.OfType<YamlScalarNode>().FirstOrDefault(k => k.Value == key);
        if (node is null)
        {
            var steps = root.Children.Keys.OfType<YamlScalarNode>().FirstOrDefault(k => k.Value == "steps");
            var at = steps is null ? lines.Length : (int)steps.Start.Line - 1;
            return string.Join('\n', lines[..at].Concat(written).Concat(lines[at..]));
        }

        if (node.Start.Column != 1)
        {
            throw new MapEditException($"'{key}' does not start its line; edit it in the YAML");
        }

        var start = (int)node.Start.Line - 1;
        var end = MapItemEditor.TrimEnd(lines, start + 1, MapItemEditor.NextKeyLine(root, start, lines.Length));
        return string.Join('\n', lines[..start].Concat(written).Concat(lines[end..]));
    }

    private static string Top(string key) => key.Split('.')[0];

    private static bool Same(string a, string b, FieldKind kind) => kind == FieldKind.Lines ? Lines(a).SequenceEqual(Lines(b)) : a.Trim() == b.Trim().Replace("\r\n", "\n", StringComparison.Ordinal);

    private static List<string> Lines(string text) => [.. text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0)];
}
