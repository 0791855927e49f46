using System.CommandLine;
using System.Globalization;
using JourneyLens.Application.Saved;
using JourneyLens.Cli.Output;
using JourneyLens.Core.Errors;
using JourneyLens.Rendering.Tables;

namespace JourneyLens.Cli.Commands;

/// <summary>
/// <c>journeylens segment save | list | delete</c>: named segments of the workspace, used as <c>--segment @name</c>
/// (or <c>--where</c>, <c>--by-segment</c>, compare's <c>--a</c>/<c>--b</c>) by every command, the API and the pages.
/// </summary>
public static class SegmentCommand
{
    private static readonly Argument<string> Name = new("name") { Description = "The segment's name: letters, digits, '-' or '_' (used as @name)" };
    private static readonly Argument<string> FilterText = new("filter") { Description = "Who is in it: a filter, e.g. \"prop.persona = 'family'\" (docs/analyses.md)" };
    private static readonly Option<string?> Description = new("--description") { Description = "What the segment is for, shown beside it" };

    public static Command Create(CliContext context)
    {
        var save = new Command("save", "Save a segment under a name (replacing one of that name)");
        save.Arguments.Add(Name);
        save.Arguments.Add(FilterText);
        save.Options.Add(Description);
        save.SetAction(parse =>
        {
            var folder = CommonOptions.WorkspaceFolder(parse);
            RequireWorkspace(folder);
            var saved = new SavedSegments(folder).Save(parse.GetValue(Name)!, parse.GetValue(FilterText)!, parse.GetValue(Description), context.Clock.GetUtcNow());
            context.Error.WriteLine($"segment '{saved.Name}' saved; use it as --segment @{saved.Name}");
            return ExitCode.Ok;
        });

        var list = new Command("list", "The saved segments with how many persons each holds now");
        list.SetAction(parse =>
        {
            var folder = CommonOptions.WorkspaceFolder(parse);
            RequireWorkspace(folder);
            var segments = new SavedSegments(folder).All();
            using var backend = InputSource.Workspace(parse, context);
            var rows = segments.Select(s => new
            {
                name = s.Name,
                filter = s.Filter,
                description = s.Description,
                persons = SavedSegments.Persons(backend, s.Filter),
                saved_utc = s.SavedUtc,
            }).ToList();
            new OutputWriter(context.Out, parse.GetValue(CommonOptions.Format)).Write(rows, new DataTable($"Saved segments: {rows.Count}", ["name", "filter", "persons", "description", "saved (UTC)"],
                rows.Select(r => (IReadOnlyList<string>)["@" + r.name, r.filter, Show.Number(r.persons), r.description ?? "", r.saved_utc.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)]).ToList())
            { NumericColumns = new HashSet<int> { 2 } });
            return ExitCode.Ok;
        });

        var delete = new Command("delete", "Delete a saved segment (measurements taken with it keep their filter)");
        delete.Arguments.Add(Name);
        delete.SetAction(parse =>
        {
            var name = parse.GetValue(Name)!;
            if (!new SavedSegments(CommonOptions.WorkspaceFolder(parse)).Delete(name))
            {
                throw new InputException($"no saved segment named '{name}' (journeylens segment list shows them)");
            }

            context.Error.WriteLine($"segment '{name}' deleted");
            return ExitCode.Ok;
        });

        return new Command("segment", "Named segments: save, list, delete; use one as --segment @name") { save, list, delete };
    }

    internal static void RequireWorkspace(string folder)
    {
        if (!Storage.Workspace.Exists(folder) && ClickHouse.ClusterWorkspace.Find(folder) is null)
        {
            throw new InputException($"no workspace in {folder}: import events first (journeylens import FILE -w {folder})");
        }
    }
}
