using System.CommandLine;
using JourneyLens.Application.Analyses;
using JourneyLens.Application.Backends.Embedded;
using JourneyLens.Cli.Output;
using JourneyLens.Maps.Binding;
using JourneyLens.Maps.Model;
using JourneyLens.Rendering.Maps;
using JourneyLens.Storage;

namespace JourneyLens.Cli.Commands;

/// <summary><c>journeylens map render</c>: a map as SVG, a standalone HTML page (beside the map it is compared with) or Mermaid.</summary>
public static class MapRenderCommand
{
    private static readonly Argument<string> MapArgument = new("map") { Description = "A map YAML file, or the id of a map saved in the workspace" };
    private static readonly Option<string?> Out = new("--out", "-o") { Description = "Write here (default: standard output)" };
    private static readonly Option<string?> CompareWith = new("--compare") { Description = "Show this map beside it (a future map's compare_to is used when not given)" };
    private static readonly Option<bool> NoData = new("--no-data") { Description = "Draw the map as written, without binding it to the workspace's data" };

    public static Command Create(CliContext context)
    {
        var command = new Command("render", "Draw a map: --format html (default; a standalone page, beside the current map for a future one), svg or mermaid");
        command.Arguments.Add(MapArgument);
        foreach (var option in new Option[] { Out, CompareWith, NoData })
        {
            command.Options.Add(option);
        }

        var binding = new ParameterOptions(MapAnalyses.Bind.Parameters);
        binding.AddTo(command);
        command.SetAction(parse =>
        {
            var format = parse.GetValue(CommonOptions.Format) is var f and (OutputFormat.Svg or OutputFormat.Html or OutputFormat.Mermaid) ? f
                : parse.GetResult(CommonOptions.Format) is { Implicit: false } ? throw new UsageException("map render draws --format html, svg or mermaid") : OutputFormat.Html;
            var (map, other) = Bound(parse, context, binding);
            var text = format switch
            {
                OutputFormat.Svg => MapChart.Render(map),
                OutputFormat.Mermaid => MermaidExport.Render(map),
                _ => MapPage.Render(map, context.Clock.GetUtcNow(), other),
            };
            if (parse.GetValue(Out) is { } path)
            {
                OutputFile.WriteText(path, text);
                context.Error.WriteLine($"map '{map.Map.Id}' drawn as {format.ToString().ToLowerInvariant()}: {path}");
            }
            else
            {
                context.Out.Write(text);
            }

            return ExitCode.Ok;
        });
        return command;
    }

    private static (BoundMap Map, BoundMap? Other) Bound(ParseResult parse, CliContext context, ParameterOptions binding)
    {
        var name = parse.GetValue(MapArgument)!;
        var folder = CommonOptions.WorkspaceFolder(parse);
        if (parse.GetValue(NoData) || !Workspace.Exists(folder))
        {
            // Without data a map still draws: every step unmeasured; "compare_to" and --compare name files then.
            var catalogue = Core.Catalogue.TouchpointCatalogue.Empty;
            var map = MapReference.Of(name, localFiles: true).Load(null, catalogue, null);
            var otherName = parse.GetValue(CompareWith) ?? CompareTo(map, name);
            return (MapBinder.Unbound(map, catalogue), otherName is null ? null : MapBinder.Unbound(MapReference.Of(otherName, localFiles: true).Load(null, catalogue, null), catalogue));
        }

        var query = MapAnalyses.BindQuery(binding.Read(parse, name));
        using var backend = EmbeddedBackend.OpenWorkspace(folder, context.Engines);
        var bound = backend.Answer(query);
        var compare = parse.GetValue(CompareWith) ?? CompareTo(bound.Map, name);
        return (bound, compare is null ? null : backend.Answer(query with { Map = MapReference.Of(compare, localFiles: true) }));
    }

    /// <summary>A future map's compare_to: a file next to the map named after the id when there is one, else a saved map's id.</summary>
    private static string? CompareTo(JourneyMap map, string source)
    {
        if (map.State != MapState.Future || map.CompareTo is not { } id)
        {
            return null;
        }

        var sibling = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(source)) ?? ".", id + ".yaml");
        return File.Exists(source) && File.Exists(sibling) ? sibling : id;
    }
}
