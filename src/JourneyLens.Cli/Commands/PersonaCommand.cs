using System.CommandLine;
using System.Globalization;
using JourneyLens.Application.Saved;
using JourneyLens.Cli.Output;
using JourneyLens.Core.Errors;
using JourneyLens.Rendering.Tables;

namespace JourneyLens.Cli.Commands;

/// <summary>
/// <c>journeylens persona save | list | delete</c>: the workspace's personas. A map whose <c>actor.persona</c> names one
/// is bound to its segment; <c>map bind --personas a,b</c> draws further personas' emotion lines.
/// </summary>
public static class PersonaCommand
{
    private static readonly Argument<string> Name = new("name") { Description = "The persona's name, as maps refer to it (actor.persona): letters, digits, '-' or '_'" };
    private static readonly Option<string> Segment = new("--segment") { Description = "Who in the data is this persona: a filter, e.g. \"prop.persona = 'family'\", or @name of a saved segment", Required = true };
    private static readonly Option<string?> Title = new("--title") { Description = "How pages and maps name the persona, e.g. \"Family traveller\"" };
    private static readonly Option<string?> Description = new("--description") { Description = "Who they are, in a sentence or two" };
    private static readonly Option<string[]> Goals = new("--goal") { Description = "What they want to achieve (repeat for several)", AllowMultipleArgumentsPerToken = false };

    public static Command Create(CliContext context)
    {
        var save = new Command("save", "Save a persona (replacing one of that name)");
        save.Arguments.Add(Name);
        save.Options.Add(Segment);
        save.Options.Add(Title);
        save.Options.Add(Description);
        save.Options.Add(Goals);
        save.SetAction(parse =>
        {
            var folder = CommonOptions.WorkspaceFolder(parse);
            SegmentCommand.RequireWorkspace(folder);
            var segments = new SavedSegments(folder);
            var saved = segments.Personas.Save(parse.GetValue(Name)!, parse.GetValue(Title), parse.GetValue(Description), parse.GetValue(Goals) ?? [],
                parse.GetValue(Segment)!, segments, context.Clock.GetUtcNow());
            context.Error.WriteLine($"persona '{saved.Name}' saved; a map is bound to it with actor: {{persona: {saved.Name}}}");
            return ExitCode.Ok;
        });

        var list = new Command("list", "The personas with how many persons each holds now");
        list.SetAction(parse =>
        {
            var folder = CommonOptions.WorkspaceFolder(parse);
            SegmentCommand.RequireWorkspace(folder);
            var segments = new SavedSegments(folder);
            using var backend = InputSource.Workspace(parse, context);
            var rows = segments.Personas.All().Select(p => new
            {
                name = p.Name,
                title = p.Title,
                description = p.Description,
                goals = p.Goals,
                segment = p.Segment,
                persons = SavedPersonas.Persons(backend, p, segments),
                saved_utc = p.SavedUtc,
            }).ToList();
            new OutputWriter(context.Out, parse.GetValue(CommonOptions.Format)).Write(rows, new DataTable($"Personas: {rows.Count}", ["name", "title", "segment", "persons", "goals", "saved (UTC)"],
                rows.Select(r => (IReadOnlyList<string>)[r.name, r.title ?? "", r.segment, r.persons is { } n ? Show.Number(n) : "segment not found",
                    string.Join("; ", r.goals), r.saved_utc.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)]).ToList())
            { NumericColumns = new HashSet<int> { 3 } });
            return ExitCode.Ok;
        });

        var delete = new Command("delete", "Delete a persona (maps naming it are then bound to everyone, and say so)");
        delete.Arguments.Add(Name);
        delete.SetAction(parse =>
        {
            var name = parse.GetValue(Name)!;
            if (!new SavedSegments(CommonOptions.WorkspaceFolder(parse)).Personas.Delete(name))
            {
                throw new InputException($"no persona named '{name}' (journeylens persona list shows them)");
            }

            context.Error.WriteLine($"persona '{name}' deleted");
            return ExitCode.Ok;
        });

        return new Command("persona", "Personas: who a map is about, with the segment of the data they are; save, list, delete") { save, list, delete };
    }
}
