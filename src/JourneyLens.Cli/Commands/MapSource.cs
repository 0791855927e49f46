using JourneyLens.Core.Catalogue;
using JourneyLens.Ingest.Validation;
using JourneyLens.Maps.Model;
using JourneyLens.Maps.Validation;
using JourneyLens.Maps.Yaml;
using JourneyLens.Storage;
using JourneyLens.Storage.Maps;

namespace JourneyLens.Cli.Commands;

/// <summary>A map named on the command line: a YAML file, or the id of a map saved in the workspace.</summary>
internal static class MapSource
{
    /// <summary>Reads and validates the map; any problem stops the command with every problem listed with its line.</summary>
    public static JourneyMap Load(string fileOrId, Workspace? workspace, TouchpointCatalogue catalogue, IReadOnlyCollection<string>? touchpoints)
    {
        var (yaml, name) = Text(fileOrId, workspace);
        return Valid(yaml, name, catalogue, touchpoints);
    }

    /// <summary>The map in <paramref name="yaml"/> when it has no problems; else an error listing them (at most 20).</summary>
    public static JourneyMap Valid(string yaml, string name, TouchpointCatalogue catalogue, IReadOnlyCollection<string>? touchpoints)
    {
        var (map, problems) = MapValidator.Check(yaml, name, catalogue, touchpoints);
        return problems.Count == 0 ? map! : throw new InputException($"{problems.Count} problem(s) in map {name}:{Environment.NewLine}  " +
            string.Join(Environment.NewLine + "  ", problems.Take(20).Select(p => p.ToString())) + (problems.Count > 20 ? $"{Environment.NewLine}  … and {problems.Count - 20} more (journeylens map validate)" : ""));
    }

    public static (string Yaml, string Name) Text(string fileOrId, Workspace? workspace)
    {
        if (File.Exists(fileOrId))
        {
            return new FileInfo(fileOrId).Length > MapStore.MaxYamlLength
                ? throw new InputException($"{fileOrId}: larger than {MapStore.MaxYamlLength:N0} bytes; a journey map is far smaller")
                : (File.ReadAllText(fileOrId), fileOrId);
        }

        if (workspace is not null && MapStore.Find(workspace, fileOrId) is { } stored)
        {
            return (stored.Yaml, $"'{stored.Id}' (saved in the workspace)");
        }

        throw new UsageException($"{fileOrId}: no such file" + (workspace is null ? "" : " and no map with that id in the workspace (journeylens map list)"));
    }
}
