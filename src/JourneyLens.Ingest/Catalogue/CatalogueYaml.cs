using JourneyLens.Core.Catalogue;
using JourneyLens.Core.Yaml;
using YamlDotNet.RepresentationModel;
using JourneyLens.Core.Errors;

namespace JourneyLens.Ingest.Catalogue;

/// <summary>
/// Reads a touchpoint catalogue from YAML (format in docs/catalogue.md). Every problem names the file, line and
/// field; unknown keys are errors rather than silently ignored, so a typo cannot drop a phase.
/// </summary>
public static class CatalogueYaml
{
    public const int MaxTouchpoints = 100_000;

    public static TouchpointCatalogue Parse(string yaml, string file)
    {
        if (YamlLoader.Load(yaml, file) is not YamlMappingNode root)
        {
            throw new InputException("expected a mapping with 'touchpoints' (and optionally 'lenses')", file, 1);
        }

        var lenses = new List<Lens>();
        var touchpoints = new List<TouchpointInfo>();
        foreach (var (key, value) in root.Children)
        {
            switch (Scalar(key, file, "key"))
            {
                case "lenses":
                    foreach (var (name, phases) in Mapping(value, file, "lenses").Children)
                    {
                        var list = Sequence(phases, file, "lenses").Children.Select(p => Scalar(p, file, "phase")).ToList();
                        lenses.Add(new Lens(Scalar(name, file, "lens"), list));
                    }

                    break;
                case "touchpoints":
                    foreach (var item in Sequence(value, file, "touchpoints").Children)
                    {
                        touchpoints.Add(Touchpoint(Mapping(item, file, "touchpoints"), file));
                        if (touchpoints.Count > MaxTouchpoints)
                        {
                            throw new InputException($"more than {MaxTouchpoints:N0} touchpoints", file, item.Start.Line, "touchpoints");
                        }
                    }

                    break;
                case var other:
                    throw new InputException($"unknown key '{other}'; expected 'lenses' or 'touchpoints'", file, key.Start.Line, other);
            }
        }

        var duplicate = touchpoints.GroupBy(t => t.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InputException($"touchpoint '{duplicate.Key}' is listed twice", file, null, "name");
        }

        return new TouchpointCatalogue(touchpoints, lenses);
    }

    private static TouchpointInfo Touchpoint(YamlMappingNode node, string file)
    {
        string? name = null, display = null, channel = null, owner = null;
        var ownership = Ownership.Owned;
        var outbound = false;
        var phases = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in node.Children)
        {
            var field = Scalar(key, file, "key");
            switch (field)
            {
                case "name": name = Scalar(value, file, field); break;
                case "display": display = Scalar(value, file, field); break;
                case "channel": channel = Scalar(value, file, field); break;
                case "owner": owner = Scalar(value, file, field); break;
                case "ownership":
                    var text = Scalar(value, file, field);
                    ownership = Enum.TryParse<Ownership>(text, ignoreCase: true, out var o) && !int.TryParse(text, out _)
                        ? o
                        : throw new InputException($"ownership '{text}': expected owned, partner or earned", file, value.Start.Line, field);
                    break;
                case "outbound":
                    outbound = Scalar(value, file, field) switch
                    {
                        "true" => true,
                        "false" => false,
                        var other => throw new InputException($"outbound '{other}': expected true or false", file, value.Start.Line, field),
                    };
                    break;
                case "phases":
                    foreach (var (lens, phase) in Mapping(value, file, field).Children)
                    {
                        phases[Scalar(lens, file, "lens")] = Scalar(phase, file, "phase");
                    }

                    break;
                default:
                    throw new InputException($"unknown key '{field}'; expected name, display, channel, owner, ownership, outbound or phases", file, key.Start.Line, field);
            }
        }

        return name is null
            ? throw new InputException("a touchpoint needs a name", file, node.Start.Line, "name")
            : new TouchpointInfo(name, display, channel, owner, ownership, phases, outbound);
    }

    private static string Scalar(YamlNode node, string file, string field) =>
        node is YamlScalarNode { Value: { Length: > 0 } text }
            ? text.Trim()
            : throw new InputException("expected a non-empty text value", file, node.Start.Line, field);

    private static YamlMappingNode Mapping(YamlNode node, string file, string field) =>
        node as YamlMappingNode ?? throw new InputException("expected a mapping (name: value lines)", file, node.Start.Line, field);

    private static YamlSequenceNode Sequence(YamlNode node, string file, string field) =>
        node as YamlSequenceNode ?? throw new InputException("expected a list", file, node.Start.Line, field);
}
