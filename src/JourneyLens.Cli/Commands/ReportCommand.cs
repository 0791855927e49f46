using System.CommandLine;
using System.Xml.Linq;
using JourneyLens.Application.Analyses;
using JourneyLens.Application.Backends;
using JourneyLens.Application.Backends.Embedded;
using JourneyLens.Application.Parameters;
using JourneyLens.Application.Registry;
using JourneyLens.Application.Scopes;
using JourneyLens.Rendering.Tables;
using JourneyLens.Core.Analyses;
using JourneyLens.Core.Experience;
using JourneyLens.Maps.Binding;
using JourneyLens.Rendering;
using JourneyLens.Rendering.Maps;
using JourneyLens.Cli.Output;
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

        var binding = new ParameterOptions(MapAnalyses.Bind.Parameters);
        binding.AddTo(command);
        command.SetAction(parse =>
        {
            var values = binding.Read(parse, argument: "");
            using var backend = EmbeddedBackend.OpenWorkspace(CommonOptions.WorkspaceFolder(parse), context.Engines);
            var report = new Report(backend, values, parse.GetValue(Goal));
            var names = parse.GetValue(Maps) is { Length: > 0 } named ? named : backend.Answer(new MapListQuery()).Select(m => m.Id).ToArray();
            var maps = names.Select(report.Bind).ToList();
            var sections = report.Sections(parse.GetValue(FunnelSteps), names, maps).ToList();
            var title = parse.GetValue(Title)!;
            var html = Document(title, context.Clock.GetUtcNow(),
                E("h1", title),
                E("p", new XAttribute("class", "meta"), ScopeLine(report.Scope, context.Clock)),
                E("nav", sections.Select(s => E("a", new XAttribute("href", "#" + s.Id), s.Heading))),
                sections.Select(s => E("section", new XAttribute("id", s.Id), E("h2", s.Heading), s.Content)));
            var path = parse.GetValue(Out)!;
            OutputFile.WriteText(path, html);
            context.Error.WriteLine($"report: {path} ({new FileInfo(path).Length / 1024:N0} KB, {sections.Count} sections, {maps.Count} map(s))");
            return ExitCode.Ok;
        });
        return command;
    }

    private sealed record Section(string Id, string Heading, IEnumerable<object> Content);

    /// <summary>Every section's query, answered by one backend over the report's scope.</summary>
    private sealed class Report(IAnalysisBackend backend, ParameterValues values, string? goal)
    {
        private readonly MapBindQuery _bind = MapAnalyses.BindQuery(values);

        public Scope Scope => _bind.Over.Scope;

        private Selection Over => _bind.Over;

        public BoundMap Bind(string map) => backend.Answer(_bind with { Map = MapReference.Of(map, localFiles: true) });

        public IEnumerable<Section> Sections(string? funnelSteps, IReadOnlyList<string> names, IReadOnlyList<BoundMap> maps)
        {
            yield return new Section("overview", "Overview", Tables(StatsAnalysis.Tables(backend.Answer(new StatsQuery(Over)))));

            var paths = backend.Answer(new PathsQuery(Over, new PathsRequest(Goal: goal, Top: 10)));
            yield return new Section("paths", "Common paths", [Picture(SankeyChart.Render(paths.Sankey)), .. Tables(PathsAnalysis.Tables(paths).Take(1))]);

            var funnel = FunnelOf(funnelSteps, maps);
            yield return new Section("funnel", "Funnel", funnel is null
                ? [Note("No funnel: give --funnel \"A>B>C\", or save a map whose main-line steps make one.")]
                : [Picture(FunnelChart.Render(funnel)), .. Tables([FunnelAnalysis.Table(funnel, "30d")])]);

            var process = backend.Answer(new ProcessMapQuery(Over, Share: 0.8));
            yield return new Section("process-map", "Process map (the most frequent 80 % of transitions)",
                [Picture(ProcessMapChart.Render(process)), .. Tables(ProcessMapAnalysis.Tables(process).Take(1))]);

            var min = _bind.View.MinAnswers;
            var scores = backend.Answer(new ScoresQuery(Over, min));
            yield return new Section("scores", "Scores and low points",
                [Picture(ScoreLineChart.Render(scores)), .. Tables(ScoresAnalysis.ScoreTables(scores).Take(1)), .. Tables(ScoresAnalysis.LowPointTables(backend.Answer(new LowPointsQuery(Over, min))))]);

            var switching = backend.Answer(new SwitchingQuery(Over, new SwitchingRequest(SwitchingRequest.DefaultWindow, SwitchingRequest.DefaultRepeatWindow, ChannelClasses.Default)));
            yield return new Section("switching", "Channel switching and repeat contact", [Picture(SwitchingHeatMap.Render(switching)), .. Tables(SwitchingAnalysis.SwitchingTables(switching, "24h", "7d").Skip(1))]);

            yield return new Section("importance", "Decisive and unnecessary touchpoints", goal is null
                ? [Note("Give --goal TOUCHPOINT (the conversion) for the decisive and unnecessary touchpoints.")]
                : Tables(ImportanceAnalysis.AttributionTables(backend.Answer(new AttributionQuery(Over, goal)))));

            yield return new Section("handoffs", "Hand-offs between departments", Handoffs(min) is { } handoffs
                ? Tables(ImportanceAnalysis.HandoffTables(handoffs))
                : [Note("Hand-offs need a touchpoint catalogue with owners' phases: journeylens catalogue import FILE.")]);

            var pains = backend.Answer(new PainPointsQuery(Over, _bind.View with { Lens = null })).Detected!;
            yield return new Section("painpoints", "Pain points in the data", [.. Tables([MapAnalyses.PainTable(pains)]), .. pains.Notes.Select(Note)]);

            yield return new Section("opportunities", "Opportunities", maps.Count == 0
                ? [Note("No maps: save one with journeylens map save FILE; its opportunities show here.")]
                : Tables([MapAnalyses.Table(backend.Answer(new OpportunitiesQuery(Over, names.Select(n => MapReference.Of(n, localFiles: true)).ToList(), _bind.View)))]));

            foreach (var (map, i) in maps.Select((m, i) => (m, i)))
            {
                yield return new Section($"map-{i + 1}", $"Journey map: {map.Map.Title}", MapPage.Body(map, heading: "h3").Skip(1));
            }
        }
        /// <summary>The --funnel steps, else the first map's main line: its touchpoint steps that are not optional.</summary>
        private FunnelResult? FunnelOf(string? text, IReadOnlyList<BoundMap> maps)
        {
            var touchpoints = backend.Answer(new TouchpointsQuery(Over)).ToHashSet(StringComparer.Ordinal);
            var steps = text is not null
                ? text.Split('>', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(FunnelAnalysis.Step).ToList()
                : maps.FirstOrDefault()?.Steps.Where(s => s.Step.IsTouchpoint && !s.Step.Optional && s.Journeys > 0)
                    .Select(s => new FunnelStepQuery(s.Step.Title, s.Step.Touchpoints.Where(touchpoints.Contains).ToList())).ToList();
            return steps is { Count: >= 2 } ? backend.Answer(new FunnelQuery(Over, steps, TimeSpan.FromDays(30), "30d")).Funnel : null;
        }

        /// <summary>Hand-offs under the functional lens, or null without a catalogue to take the owners' phases from.</summary>
        private HandoffsResult? Handoffs(int min) =>
            backend.Answer(new CatalogueQuery()).Touchpoints.Count == 0 ? null : backend.Answer(new HandoffsQuery(Over, "functional", min));
    }

    /// <summary>Rows a table of the report shows: a 7,000-touchpoint log made a report of 36 MB nobody could open.</summary>
    public const int MaxRows = 500;

    private static IEnumerable<XElement> Tables(IEnumerable<DataTable> tables) =>
        tables.SelectMany(t => new[]
        {
            E("h3", t.Title),
            t.Rows.Count == 0 ? Note("Nothing found.") : Table((t.Rows.Count > MaxRows ? t with { Rows = [.. t.Rows.Take(MaxRows)] } : t).ForPeople()),
            t.Rows.Count > MaxRows ? Note($"The first {MaxRows:N0} of {t.Rows.Count:N0} rows; the command's --format csv lists them all.") : null,
        }.OfType<XElement>());

    private static string ScopeLine(Scope scope, TimeProvider clock)
    {
        var parts = new[]
        {
            scope.FromText is { } from ? $"from {from}" : null,
            scope.ToText is { } to ? $"to {to}" : null,
            scope.Where is { } where ? $"events where {where.Label}" : null,
            scope.Segment is { } segment ? $"persons with {segment.Label}" : null,
        }.Where(p => p is not null);
        return $"Scope: {(parts.Any() ? string.Join(", ", parts) : "all data")} · made {clock.GetUtcNow():yyyy-MM-dd HH:mm} UTC";
    }
}
