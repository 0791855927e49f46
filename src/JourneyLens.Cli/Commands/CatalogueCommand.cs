using System.CommandLine;
using JourneyLens.Cli.Output;
using JourneyLens.Rendering.Tables;
using JourneyLens.Core.Catalogue;
using JourneyLens.Storage;
using JourneyLens.Storage.Catalogue;

namespace JourneyLens.Cli.Commands;

/// <summary><c>journeylens catalogue import FILE | show</c>: the touchpoint catalogue (owners, channels, phases per lens).</summary>
public static class CatalogueCommand
{
    private static readonly Argument<string> File = new("file") { Description = "A catalogue YAML file (see docs/catalogue.md)" };

    public static Command Create(CliContext context)
    {
        var import = new Command("import", "Validate a catalogue YAML file and make it the workspace's catalogue (replaces the previous one)");
        import.Arguments.Add(File);
        import.SetAction(parse =>
        {
            var path = parse.GetValue(File)!;
            if (!System.IO.File.Exists(path))
            {
                throw new UsageException($"{path}: no such file");
            }

            var folder = CommonOptions.WorkspaceFolder(parse);
            var yaml = System.IO.File.ReadAllText(path);
            TouchpointCatalogue catalogue;
            if (ClickHouse.ClusterWorkspace.Find(folder) is { } cluster)
            {
                catalogue = ClickHouse.ClickHouseCatalogue.Save(cluster, yaml, path);
            }
            else
            {
                using var workspace = Workspace.Open(folder, create: true, context.Clock);
                catalogue = CatalogueStore.Save(workspace, yaml, path);
            }

            context.Error.WriteLine($"catalogue: {catalogue.Touchpoints.Count:N0} touchpoints, lenses {string.Join(", ", catalogue.Lenses.Select(l => l.Name))}");
            return ExitCode.Ok;
        });

        var show = new Command("show", "The catalogue: per touchpoint its channel, owner, ownership and phase under each lens");
        show.SetAction(parse =>
        {
            var catalogue = Load(CommonOptions.WorkspaceFolder(parse), context);
            var lenses = catalogue.Lenses.Where(l => catalogue.Touchpoints.Any(t => t.Phases?.ContainsKey(l.Name) == true)).Select(l => l.Name).ToList();
            var table = new DataTable($"Touchpoint catalogue: {catalogue.Touchpoints.Count:N0} touchpoints", ["touchpoint", "channel", "owner", "ownership", .. lenses],
                catalogue.Touchpoints.Select(t => (IReadOnlyList<string>)[t.DisplayName ?? t.Name, t.Channel ?? "", t.Owner ?? "", t.Ownership.ToString().ToLowerInvariant(),
                    .. lenses.Select(l => catalogue.PhaseOf(t.Name, l))]).ToList());
            var result = new { lenses = catalogue.Lenses, touchpoints = catalogue.Touchpoints };
            new OutputWriter(context.Out, parse.GetValue(CommonOptions.Format)).Write(result, table);
            return ExitCode.Ok;
        });

        return new Command("catalogue", "The touchpoint catalogue: owners, channels and phases under each lens") { import, show };
    }

    /// <summary>The workspace's catalogue: on its cluster when it points at one, else in its SQLite file.</summary>
    private static TouchpointCatalogue Load(string folder, CliContext context)
    {
        if (ClickHouse.ClusterWorkspace.Find(folder) is { } cluster)
        {
            return ClickHouse.ClickHouseCatalogue.Load(cluster);
        }

        using var workspace = Workspace.Open(folder, create: false, context.Clock);
        return CatalogueStore.Load(workspace);
    }
}
