using JourneyLens.Application.Parameters;
using JourneyLens.Core.Catalogue;
using JourneyLens.Maps.Model;
using JourneyLens.Maps.Validation;
using JourneyLens.Storage;
using JourneyLens.Storage.Maps;
using JourneyLens.Core.Errors;

namespace JourneyLens.Application.Analyses;

/// <summary>
/// A map a query names: its text when the command line named a file (read by the front end, bounded), else the id of
/// a map saved in the workspace, which the backend looks up.
/// </summary>
public sealed record MapReference(string Name, string? Yaml, bool FilesAllowed)
{
    /// <summary>A file (when <paramref name="localFiles"/> and it exists) or a saved map's id.</summary>
    public static MapReference Of(string fileOrId, bool localFiles)
    {
        if (localFiles && File.Exists(fileOrId))
        {
            return new FileInfo(fileOrId).Length > MapStore.MaxYamlLength
                ? throw new InputException($"{fileOrId}: larger than {MapStore.MaxYamlLength:N0} bytes; a journey map is far smaller")
                : new MapReference(fileOrId, File.ReadAllText(fileOrId), true);
        }

        return new MapReference(fileOrId, null, localFiles);
    }

    /// <summary>The map's text and the name problems are reported under.</summary>
    public (string Yaml, string Name) Text(Workspace? workspace)
    {
        if (Yaml is not null)
        {
            return (Yaml, Name);
        }

        if (workspace is not null && MapStore.Find(workspace, Name) is { } stored)
        {
            return (stored.Yaml, $"'{stored.Id}' (saved in the workspace)");
        }

        throw new RequestException(FilesAllowed
            ? $"{Name}: no such file" + (workspace is null ? "" : " and no map with that id in the workspace (journeylens map list)")
            : $"no saved map '{Name}' (maps are named by the id they were saved under)", "map");
    }

    /// <summary>Reads and validates the map; any problem stops the query with every problem listed with its line.</summary>
    public JourneyMap Load(Workspace? workspace, TouchpointCatalogue catalogue, IReadOnlyCollection<string>? touchpoints)
    {
        var (yaml, name) = Text(workspace);
        return Valid(yaml, name, catalogue, touchpoints);
    }

    /// <summary>The map in <paramref name="yaml"/> when it has no problems; else an error listing them (at most 20).</summary>
    public static JourneyMap Valid(string yaml, string name, TouchpointCatalogue catalogue, IReadOnlyCollection<string>? touchpoints)
    {
        var (map, problems) = MapValidator.Check(yaml, name, catalogue, touchpoints);
        return problems.Count == 0 ? map! : throw new InputException($"{problems.Count} problem(s) in map {name}:{Environment.NewLine}  " +
            string.Join(Environment.NewLine + "  ", problems.Take(20).Select(p => p.ToString())) + (problems.Count > 20 ? $"{Environment.NewLine}  … and {problems.Count - 20} more (journeylens map validate)" : ""));
    }
}
