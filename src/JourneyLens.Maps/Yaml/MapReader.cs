using JourneyLens.Core.Analyses;
using System.Globalization;
using JourneyLens.Core.Yaml;
using JourneyLens.Maps.Model;
using YamlDotNet.RepresentationModel;
using JourneyLens.Core.Errors;

namespace JourneyLens.Maps.Yaml;

/// <summary>
/// Reads a journey map from YAML (docs/maps.md, docs/map.schema.json). It goes on after a problem so that one run
/// reports every problem with its line and column; a map with problems is never returned.
/// </summary>
public sealed class MapReader
{
    public const int MaxBytes = 4 << 20, MaxSteps = 2_000;

    private static readonly string[] TopKeys = ["id", "title", "state", "compare_to", "lens", "actor", "actors", "scenario", "phases", "steps", "pain_points", "opportunities", "metrics"];
    private readonly string _file;
    private readonly List<MapProblem> _problems = [];

    private MapReader(string file) => _file = file;

    /// <summary>The map, or a <see cref="MapException"/> with all the problems found.</summary>
    public static JourneyMap Read(string yaml, string file)
    {
        if (yaml.Length > MaxBytes)
        {
            throw new MapException([new MapProblem(file, new Position(1, 1), "map", $"a map is at most {MaxBytes >> 20} MB")]);
        }

        YamlNode? root;
        try
        {
            root = YamlLoader.Load(yaml, file);
        }
        catch (InputException e)
        {
            throw new MapException([new MapProblem(file, new Position(e.Line ?? 1, 1), "yaml", e.Message[(e.Message.IndexOf(": ", StringComparison.Ordinal) + 2)..])]);
        }

        var reader = new MapReader(file);
        var map = reader.Map(root);
        return reader._problems.Count > 0 || map is null ? throw new MapException(reader._problems) : map;
    }

    private JourneyMap? Map(YamlNode? root)
    {
        if (root is not YamlMappingNode top)
        {
            Problem(root, "map", "expected a mapping with id, title, actor, phases and steps");
            return null;
        }

        foreach (var key in top.Children.Keys.OfType<YamlScalarNode>().Where(k => !TopKeys.Contains(k.Value)))
        {
            Problem(key, key.Value!, $"unknown key '{key.Value}'; expected one of {string.Join(", ", TopKeys.Where(k => k != "actors"))}");
        }

        if (Get(top, "actors") is { } actors)
        {
            Problem(actors, "actors", "a map has one actor (one point of view): use 'actor', and make a map per actor");
        }

        var actorNode = Get(top, "actor");
        if (actorNode is null)
        {
            Problem(top, "actor", "a map must have one actor");
        }

        var actor = actorNode is null ? new Actor("", null, null) : ActorOf(actorNode);
        var steps = Items(top, "steps").Select(StepOf).ToList();
        if (steps.Count > MaxSteps)
        {
            Problem(Get(top, "steps"), "steps", $"at most {MaxSteps} steps");
        }

        return new JourneyMap(
            Text(top, "id", required: true) ?? "",
            Text(top, "title", required: true) ?? "",
            EnumOf(top, "state", MapState.Current),
            Text(top, "compare_to"),
            Text(top, "lens") ?? Core.Catalogue.Lens.Default,
            actor,
            ScenarioOf(Get(top, "scenario")),
            List(top, "phases"),
            steps,
            [.. Items(top, "pain_points").Select(PainPointOf)],
            [.. Items(top, "opportunities").Select(OpportunityOf)],
            List(top, "metrics"));
    }

    private Actor ActorOf(YamlNode node)
    {
        if (node is not YamlMappingNode m)
        {
            Problem(node, "actor", "expected a mapping with name (and persona, description)");
            return new Actor("", null, null);
        }

        Keys(m, "actor", "name", "persona", "description");
        return new Actor(Text(m, "name", required: true) ?? "", Text(m, "persona"), Text(m, "description"));
    }

    private MapScenario ScenarioOf(YamlNode? node)
    {
        if (node is null)
        {
            return new MapScenario(null, []);
        }

        if (node is not YamlMappingNode m)
        {
            Problem(node, "scenario", "expected a mapping with goal and expectations");
            return new MapScenario(null, []);
        }

        Keys(m, "scenario", "goal", "expectations");
        return new MapScenario(Text(m, "goal"), List(m, "expectations"));
    }

    private Step StepOf(YamlMappingNode m)
    {
        Keys(m, "step", "id", "phase", "title", "actions", "thoughts", "emotion", "evidence", "touchpoints", "channel", "touchpoint", "optional", "max_wait", "owner", "ownership", "lanes");
        Emotion? emotion = null;
        if (Get(m, "emotion") is YamlScalarNode e)
        {
            emotion = int.TryParse(e.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) && v is >= -2 and <= 2
                ? new Emotion(v, Text(m, "evidence"))
                : Problem<Emotion>(e, "emotion", $"emotion '{e.Value}': expected a whole number from -2 (very negative) to 2 (very positive)");
        }

        Lanes? lanes = null;
        if (Get(m, "lanes") is YamlMappingNode l)
        {
            Keys(l, "lanes", "evidence", "frontstage", "backstage", "support");
            lanes = new Lanes(Text(l, "evidence"), Text(l, "frontstage"), Text(l, "backstage"), Text(l, "support"));
        }

        return new Step(Text(m, "id", required: true) ?? "", Text(m, "phase", required: true) ?? "", Text(m, "title", required: true) ?? "",
            List(m, "actions"), List(m, "thoughts"), emotion, List(m, "touchpoints"), Text(m, "channel"), Bool(m, "touchpoint", true),
            Text(m, "owner"), Text(m, "ownership"), lanes, At(m))
        { Optional = Bool(m, "optional", false), MaxWait = Duration(m, "max_wait"), TouchpointsAt = Positions(m, "touchpoints") };
    }

    private PainPoint PainPointOf(YamlMappingNode m)
    {
        Keys(m, "pain point", "id", "step", "title", "severity", "description");
        var severity = Number(m, "severity") is { } s ? (int)s : 3;
        if (severity is < 1 or > 5)
        {
            Problem(Get(m, "severity"), "severity", $"severity {severity}: expected 1 (minor) to 5 (critical)");
        }

        return new PainPoint(Text(m, "id", required: true) ?? "", Text(m, "step", required: true) ?? "", Text(m, "title", required: true) ?? "", severity, Text(m, "description"), At(m));
    }

    private Opportunity OpportunityOf(YamlMappingNode m)
    {
        Keys(m, "opportunity", "id", "title", "steps", "pain_points", "owner", "drivers", "status", "metric", "baseline", "target", "effort", "due", "done");
        var effort = Number(m, "effort") is { } e ? (int?)e : null;
        if (effort is < 1 or > 5)
        {
            Problem(Get(m, "effort"), "effort", $"effort {effort}: expected 1 (small) to 5 (large)");
        }

        return new Opportunity(Text(m, "id", required: true) ?? "", Text(m, "title", required: true) ?? "", List(m, "steps"), List(m, "pain_points"), Text(m, "owner"),
            List(m, "drivers"), EnumOf(m, "status", OpportunityStatus.Idea), Text(m, "metric"), Text(m, "baseline"), Number(m, "target"), effort, At(m))
        { Due = Day(m, "due"), Done = Day(m, "done") };
    }

    private IEnumerable<YamlMappingNode> Items(YamlMappingNode m, string key)
    {
        switch (Get(m, key))
        {
            case null:
                yield break;
            case YamlSequenceNode list:
                foreach (var item in list)
                {
                    if (item is YamlMappingNode mapping)
                    {
                        yield return mapping;
                    }
                    else
                    {
                        Problem(item, key, "expected a mapping (key: value lines) for each item");
                    }
                }

                break;
            case var other:
                Problem(other, key, "expected a list");
                break;
        }
    }

    private List<string> List(YamlMappingNode m, string key) => Get(m, key) switch
    {
        null => [],
        YamlSequenceNode list => [.. list.Select(item => item is YamlScalarNode { Value: { } v } ? v : Problem<string>(item, key, "expected text") ?? "")],
        YamlScalarNode { Value: { } single } => [single],
        var other => Problem<List<string>>(other, key, "expected a list of texts") ?? [],
    };

    /// <summary>Where each item of a list stands, so that a problem with one item points at its own line.</summary>
    private static List<Position> Positions(YamlMappingNode m, string key) => Get(m, key) switch
    {
        YamlSequenceNode list => [.. list.Select(At)],
        { } single => [At(single)],
        null => [],
    };

    private string? Text(YamlMappingNode m, string key, bool required = false) => Get(m, key) switch
    {
        null when required => Problem<string>(m, key, $"'{key}' is required"),
        null => null,
        YamlScalarNode { Value: { Length: > 0 } v } => v,
        var other => Problem<string>(other, key, "expected a non-empty text"),
    };

    private TimeSpan? Duration(YamlMappingNode m, string key) => Get(m, key) switch
    {
        null => null,
        YamlScalarNode { Value: { } v } s => DurationText.Parse(v) ?? Problem<TimeSpan?>(s, key, $"'{v}': expected {DurationText.Expected}"),
        var other => Problem<TimeSpan?>(other, key, $"expected {DurationText.Expected}"),
    };

    private DateOnly? Day(YamlMappingNode m, string key) => Get(m, key) switch
    {
        null => null,
        YamlScalarNode { Value: { } v } when DateOnly.TryParseExact(v, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) => d,
        var other => Problem<DateOnly?>(other, key, "expected a day as yyyy-MM-dd, e.g. 2026-03-31"),
    };

    private double? Number(YamlMappingNode m, string key) => Get(m, key) switch
    {
        null => null,
        YamlScalarNode { Value: { } v } when double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) => n,
        var other => Problem<double?>(other, key, "expected a number"),
    };

    private bool Bool(YamlMappingNode m, string key, bool fallback) => Get(m, key) switch
    {
        null => fallback,
        YamlScalarNode { Value: "true" } => true,
        YamlScalarNode { Value: "false" } => false,
        var other => Problem<bool?>(other, key, "expected true or false") ?? fallback,
    };

    private T EnumOf<T>(YamlMappingNode m, string key, T fallback)
        where T : struct, Enum => Get(m, key) switch
        {
            null => fallback,
            YamlScalarNode { Value: { } v } when Enum.TryParse<T>(v, ignoreCase: true, out var e) && !int.TryParse(v, out _) => e,
            var other => Problem<T?>(other, key, $"expected {string.Join(", ", Enum.GetNames<T>().Select(n => n.ToLowerInvariant()))}") ?? fallback,
        };

    private void Keys(YamlMappingNode m, string what, params string[] allowed)
    {
        foreach (var key in m.Children.Keys.OfType<YamlScalarNode>().Where(k => !allowed.Contains(k.Value)))
        {
            Problem(key, key.Value!, $"unknown key '{key.Value}' in a {what}; expected {string.Join(", ", allowed)}");
        }
    }

    private static YamlNode? Get(YamlMappingNode m, string key) => m.Children.TryGetValue(new YamlScalarNode(key), out var v) ? v : null;

    private static Position At(YamlNode? node) => node is null ? new Position(1, 1) : new Position(node.Start.Line, node.Start.Column);

    private void Problem(YamlNode? node, string field, string message) => _problems.Add(new MapProblem(_file, At(node), field, message));

    private T? Problem<T>(YamlNode? node, string field, string message)
    {
        Problem(node, field, message);
        return default;
    }
}
