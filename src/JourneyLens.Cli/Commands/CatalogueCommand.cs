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

            using var workspace = Workspace.Open(CommonOptions.WorkspaceFolder(parse), create: true, context.Clock);
            var catalogue = CatalogueStore.Save(workspace, System.IO.File.ReadAllText(path), path);
            context.Error.WriteLine($"catalogue: {catalogue.Touchpoints.Count:N0} touchpoints, lenses {string.Join(", ", catalogue.Lenses.Select(l => l.Name))}");
            return ExitCode.Ok;
        });

        var show = new Command("show", "The catalogue: per touchpoint its channel, owner, ownership and phase under each lens");
        show.SetAction(parse =>
        {
            using var workspace = Workspace.Open(CommonOptions.WorkspaceFolder(parse), create: false, context.Clock);
            var catalogue = CatalogueStore.Load(workspace);
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
}
