using System.CommandLine;
using JourneyLens.Application.Analyses;
using JourneyLens.Cli.Output;
using JourneyLens.Rendering.Tables;
using JourneyLens.Maps.Model;
using JourneyLens.Maps.Templates;
using JourneyLens.Maps.Validation;
using JourneyLens.Maps.Yaml;
using JourneyLens.Storage;
using JourneyLens.Storage.Catalogue;
using JourneyLens.Storage.Maps;

namespace JourneyLens.Cli.Commands;

/// <summary><c>journeylens map new | validate</c>: journey maps as YAML (docs/maps.md).</summary>
public static class MapCommand
{
    private static readonly Argument<string> File = new("file") { Description = "A map YAML file" };
    private static readonly Option<string> Template = new("--template") { Description = $"Start from a template: {string.Join(", ", MapTemplates.Names)}", DefaultValueFactory = _ => "lifecycle" };
    private static readonly Option<string?> Out = new("--out", "-o") { Description = "Write the new map here (default: standard output)" };
    private static readonly Option<string> Id = new("--id") { Description = "The new map's id", DefaultValueFactory = _ => "my-journey" };

    public static Command Create(CliContext context)
    {
        var create = new Command("new", "A new map from a template (one per lens, and a service blueprint)");
        foreach (var option in new Option[] { Template, Out, Id })
        {
            create.Options.Add(option);
        }

        create.SetAction(parse =>
        {
            var template = parse.GetValue(Template)!;
            if (!MapTemplates.Names.Contains(template))
            {
                throw new UsageException($"--template {template}: choose {string.Join(", ", MapTemplates.Names)}");
            }

            var yaml = MapTemplates.Yaml(template, parse.GetValue(Id)!);
            if (parse.GetValue(Out) is { } path)
            {
                OutputFile.WriteText(path, yaml);
                context.Error.WriteLine($"map: {path} from the {template} template");
            }
            else
            {
                context.Out.Write(yaml);
            }

            return ExitCode.Ok;
        });

        var validate = new Command("validate", "Check a map: every problem with its line and column; bound touchpoints against the workspace when there is one");
        validate.Arguments.Add(File);
        validate.SetAction(parse =>
        {
            var path = parse.GetValue(File)!;
            if (!System.IO.File.Exists(path))
            {
                throw new UsageException($"{path}: no such file");
            }

            var folder = CommonOptions.WorkspaceFolder(parse);
            using var workspace = Workspace.Exists(folder) ? Workspace.Open(folder, create: false, context.Clock) : null;
            var (catalogue, touchpoints) = workspace is null ? (Core.Catalogue.TouchpointCatalogue.Empty, (IReadOnlyCollection<string>?)null)
                : (CatalogueStore.Load(workspace), context.Engines.Load(workspace).Events.TouchpointNames);
            var (map, problems) = MapValidator.Check(MapReference.Of(path, localFiles: true).Text(null).Yaml, path, catalogue, touchpoints);

            var table = new DataTable($"{Path.GetFileName(path)}: {problems.Count} problem(s)", ["line", "column", "field", "problem"],
                problems.Select(p => (IReadOnlyList<string>)[Show.Number(p.At.Line), Show.Number(p.At.Column), p.Field, p.Message]).ToList());
            new OutputWriter(context.Out, parse.GetValue(CommonOptions.Format)).Write(new { file = path, valid = problems.Count == 0, problems }, table);
            if (problems.Count == 0)
            {
                context.Error.WriteLine($"{path}: valid — {map!.Steps.Count} steps in {MapValidator.PhasesOf(map, catalogue).Count} phases" +
                    (touchpoints is null ? " (no workspace: touchpoint bindings not checked)" : ", every bound touchpoint is in the workspace"));
            }

            return problems.Count == 0 ? ExitCode.Ok : ExitCode.BadInput;
        });

        return new Command("map", "Journey maps bound to data: new from a template, validate, bind, render, save in the workspace, list")
        {
            create, validate, AnalysisCommand.Create(MapAnalyses.Bind, context), MapRenderCommand.Create(context), SaveCommand(context), AnalysisCommand.Create(MapAnalyses.List, context),
        };
    }

    private static Command SaveCommand(CliContext context)
    {
        var save = new Command("save", "Validate a map against the workspace and keep it there under its id (saving again replaces it)");
        save.Arguments.Add(File);
        save.SetAction(parse =>
        {
            var (yaml, name) = MapReference.Of(parse.GetValue(File)!, localFiles: true).Text(null);
            using var workspace = Workspace.Open(CommonOptions.WorkspaceFolder(parse), create: false, context.Clock);
            var map = MapReference.Valid(yaml, name, CatalogueStore.Load(workspace), context.Engines.Load(workspace).Events.TouchpointNames);
            MapStore.Save(workspace, map.Id, yaml);
            context.Error.WriteLine($"map '{map.Id}' saved: {map.Steps.Count} steps, {map.PainPoints.Count} pain points, {map.Opportunities.Count} opportunities");
            return ExitCode.Ok;
        });
        return save;
    }
}
