using System.CommandLine;
using System.Xml.Linq;
using JourneyLens.Cli.Output;
using JourneyLens.Core.Analyses;
using JourneyLens.Core.Experience;
using JourneyLens.Core.Improvement;
using JourneyLens.Maps.Binding;
using JourneyLens.Rendering;
using JourneyLens.Rendering.Maps;
using static JourneyLens.Rendering.Html.HtmlPage;

namespace JourneyLens.Cli.Commands;

/// <summary>
/// <c>journeylens report</c>: one self-contained HTML file — overview, paths, funnel, process map, scores and low
/// points, switching, decisive and unnecessary touchpoints, hand-offs, pain points, opportunities and the maps — the
/// thing to mail to a colleague. The tables are the commands' own tables, so the report says what the CLI says.
/// </summary>
public static class ReportCommand
{
    private static readonly Option<string> Out = new("--out", "-o") { Description = "The HTML file to write", Required = true };
    private static readonly Option<string?> Goal = new("--goal") { Description = "The conversion touchpoint for decisive and unnecessary touchpoints (and the paths' goal)" };
    private static readonly Option<string?> FunnelSteps = new("--funnel") { Description = "Funnel steps as A>B>C (each may list touchpoints with |); default: the first map's main line" };
    private static readonly Option<string[]> Maps = new("--map") { Description = "Maps to include (files or saved ids; repeat); default: every map saved in the workspace" };
    private static readonly Option<string> Title = new("--title") { Description = "The report's title", DefaultValueFactory = _ => "Customer journey report" };

    public static Command Create(CliContext context)
    {
        var command = new Command("report", "Write one self-contained HTML report (no external requests) with every analysis, the pain points, opportunities and maps");
        foreach (var option in new Option[] { Out, Goal, FunnelSteps, Maps, Title })
        {
            command.Options.Add(option);
        }

        MapBindCommand.AddOptions(command);
        command.SetAction(parse =>
        {
            using var scope = MapScope.Open(parse);
            var maps = scope.LoadAll(parse.GetValue(Maps) ?? []).Select(scope.Bind).ToList();
            var sections = Sections(parse, scope, maps).ToList();
            var title = parse.GetValue(Title)!;
            var html = Document(title,
                E("h1", title),
                E("p", new XAttribute("class", "meta"), Scope(parse)),
                E("nav", sections.Select(s => E("a", new XAttribute("href", "#" + s.Id), s.Heading))),
                sections.Select(s => E("section", new XAttribute("id", s.Id), E("h2", s.Heading), s.Content)));
            var path = parse.GetValue(Out)!;
            File.WriteAllText(path, html);
            context.Error.WriteLine($"report: {path} ({new FileInfo(path).Length / 1024:N0} KB, {sections.Count} sections, {maps.Count} map(s))");
            return ExitCode.Ok;
        });
        return command;
    }

    private sealed record Section(string Id, string Heading, IEnumerable<object> Content);

    private static IEnumerable<Section> Sections(ParseResult parse, MapScope scope, IReadOnlyList<BoundMap> maps)
    {
        var engine = scope.Engine;
        var goal = parse.GetValue(Goal);
        yield return new Section("overview", "Overview", Tables(StatsCommand.Tables(Overview.Compute(engine))));

        var paths = Paths.Compute(engine, new PathsRequest(Goal: goal, Top: 10));
        yield return new Section("paths", "Common paths", [Picture(SankeyChart.Render(paths.Sankey)), .. Tables(PathsCommand.Tables(paths).Take(1))]);

        var funnel = FunnelOf(parse, scope, maps);
        yield return new Section("funnel", "Funnel", funnel is null
            ? [Note("No funnel: give --funnel \"A>B>C\", or save a map whose main-line steps make one.")]
            : [Picture(FunnelChart.Render(funnel)), .. Tables([FunnelCommand.Table(funnel, "30d")])]);

        var process = ProcessMapSimplifier.Simplify(ProcessMap.Compute(engine), 0.8);
        yield return new Section("process-map", "Process map (the most frequent 80 % of transitions)",
            [Picture(ProcessMapChart.Render(process)), .. Tables(ProcessMiningCommands.MapTables(process).Take(1))]);

        var min = ExperienceOptions.MinAnswersOf(parse);
        var scores = Scores.Compute(engine, min);
        yield return new Section("scores", "Scores and low points",
            [Picture(ScoreLineChart.Render(scores)), .. Tables(ScoreCommands.ScoreTables(scores).Take(1)), .. Tables(ScoreCommands.LowPointTables(LowPoints.Compute(engine, min)))]);

        var switching = Switching.Compute(engine, new SwitchingRequest(SwitchingRequest.DefaultWindow, SwitchingRequest.DefaultRepeatWindow, scope.Channels));
        yield return new Section("switching", "Channel switching and repeat contact", [Picture(SwitchingHeatMap.Render(switching)), .. Tables(SwitchingCommands.SwitchingTables(switching, "24h", "7d").Skip(1))]);

        yield return new Section("importance", "Decisive and unnecessary touchpoints", goal is null
            ? [Note("Give --goal TOUCHPOINT (the conversion) for the decisive and unnecessary touchpoints.")]
            : Tables(ImportanceCommands.AttributionTables(Attribution.Compute(engine, goal))));

        yield return new Section("handoffs", "Hand-offs between departments", scope.Catalogue.Touchpoints.Count == 0
            ? [Note("Hand-offs need a touchpoint catalogue with owners' phases: journeylens catalogue import FILE.")]
            : Tables(ImportanceCommands.HandoffTables(Handoffs.Compute(engine, scope.Catalogue, "functional", min))));

        var pains = PainPoints.Detect(engine, new PainRequest(scope.Channels, scope.Catalogue, Core.Catalogue.Lens.Default, MapBindCommand.Rules(parse)));
        yield return new Section("painpoints", "Pain points in the data", [.. Tables([OpportunitiesCommand.PainTable(pains)]), .. pains.Notes.Select(Note)]);

        var board = OpportunityBoard.Rows(maps, engine, scope.Channels, scope.Measured, 30);
        yield return new Section("opportunities", "Opportunities", maps.Count == 0
            ? [Note("No maps: save one with journeylens map save FILE; its opportunities show here.")]
            : Tables([OpportunitiesCommand.Table(board)]));

        foreach (var (map, i) in maps.Select((m, i) => (m, i)))
        {
            yield return new Section($"map-{i + 1}", $"Journey map: {map.Map.Title}", MapPage.Body(map, heading: "h3").Skip(1));
        }
    }

    /// <summary>The --funnel steps, else the first map's main line: its touchpoint steps that are not optional.</summary>
    private static FunnelResult? FunnelOf(ParseResult parse, MapScope scope, IReadOnlyList<BoundMap> maps)
    {
        var analysis = AnalysisRun.Scope(scope.Workspace, scope.Engine, scope.Catalogue);
        var steps = parse.GetValue(FunnelSteps) is { } text
            ? text.Split('>', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(s => FunnelCommand.Step(s, analysis)).ToList()
            : maps.FirstOrDefault()?.Steps.Where(s => s.Step.IsTouchpoint && !s.Step.Optional && s.Journeys > 0)
                .Select(s => new FunnelStep(s.Step.Title, s.Step.Touchpoints.Where(scope.Engine.Events.TouchpointNames.Contains).ToList())).ToList();
        return steps is { Count: >= 2 } ? Funnel.Compute(scope.Engine, new FunnelRequest(steps, TimeSpan.FromDays(30))) : null;
    }

    private static IEnumerable<XElement> Tables(IEnumerable<DataTable> tables) =>
        tables.SelectMany(t => new[] { E("h3", t.Title), t.Rows.Count == 0 ? Note("Nothing found.") : Table(t.Columns, t.Rows, t.NumericColumns) });

    private static string Scope(ParseResult parse)
    {
        var parts = new[]
        {
            parse.GetValue(CommonOptions.From) is { } from ? $"from {from}" : null,
            parse.GetValue(CommonOptions.To) is { } to ? $"to {to}" : null,
            parse.GetValue(CommonOptions.Where) is { } where ? $"events where {where}" : null,
            parse.GetValue(CommonOptions.Segment) is { } segment ? $"persons with {segment}" : null,
        }.Where(p => p is not null);
        return $"Scope: {(parts.Any() ? string.Join(", ", parts) : "all data")} · made {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC";
    }
}
