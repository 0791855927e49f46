using JourneyLens.Application.Parameters;
using JourneyLens.Application.Registry;
using JourneyLens.Application.Scopes;
using JourneyLens.Core.Analyses;
using JourneyLens.Rendering;
using JourneyLens.Rendering.Tables;
using static JourneyLens.Application.Analyses.Figures;

namespace JourneyLens.Application.Analyses;

/// <param name="Share">Keep the most frequent edges covering this share of transitions (1: all).</param>
/// <param name="Label">What the picture's edges say.</param>
public sealed record ProcessMapQuery(Selection Over, DurationClock Clock = DurationClock.Utc, double Share = 1.0, EdgeLabel Label = EdgeLabel.Frequency) : IQuery<ProcessMapResult>;

/// <summary><c>process-map</c>: the pm4py-style directly-follows graph of the journeys.</summary>
public static class ProcessMapAnalysis
{
    private static readonly Parameter<DurationClock> Clock = new("clock", "utc: elapsed time (default); local: wall-clock time as written, offsets ignored (what pm4py reports)") { Default = DurationClock.Utc, Place = ParameterPlace.More };
    private static readonly Parameter<double> Share = new("share", "Keep the most frequent edges that cover this share of all transitions (0 to 1), plus what keeps the map connected") { Default = 1.0 };
    private static readonly Parameter<EdgeLabel> Label = new("edge-label", "With --format svg: label the edges with their frequency (default) or mean duration") { Default = EdgeLabel.Frequency, Place = ParameterPlace.More };

    public static readonly Analysis Definition = new Analysis<ProcessMapQuery, ProcessMapResult>
    {
        Name = "process-map",
        Command = ["process-map"],
        Title = "Process map",
        Summary = "The directly-follows graph with frequencies and durations",
        Description = "Directly-follows graph over journeys: node and edge frequency, cases, durations, start and end touchpoints",
        Parameters = [.. ScopeParameters.Common, .. ScopeParameters.Grouping, Clock, Share, Label],
        Bind = values => new ProcessMapQuery(ScopeParameters.Selection(values),
            values.Get(Clock), values.Get(Share), values.Get(Label)),
        Tables = (_, map) => Tables(map),
        Picture = (query, map) => ProcessMapChart.Render(map, query.Label),
    };

    public static DataTable[] Tables(ProcessMapResult map)
    {
        var edges = new DataTable($"Process map: {map.Journeys:N0} journeys", ["from", "to", "frequency", "cases", "mean s", "median s", "min s", "max s", "p90 s"],
            map.Edges.Select(e => (IReadOnlyList<string>)[e.From, e.To, Show.Number(e.Frequency), Show.Number(e.Cases),
                    Seconds(e.Duration.Mean), Seconds(e.Duration.Median), Seconds(e.Duration.Min), Seconds(e.Duration.Max), Seconds(e.Duration.P90)]).ToList())
        { NumericColumns = new HashSet<int> { 2, 3, 4, 5, 6, 7, 8 }, DurationColumns = new HashSet<int> { 4, 5, 6, 7, 8 } };
        var nodes = new DataTable("Touchpoints", ["touchpoint", "events", "starts", "ends"],
            map.Nodes.Select(n => (IReadOnlyList<string>)[n.Name, Show.Number(n.Frequency), Show.Number(map.Start.GetValueOrDefault(n.Name)), Show.Number(map.End.GetValueOrDefault(n.Name))]).ToList())
        { NumericColumns = new HashSet<int> { 1, 2, 3 } };
        return [edges, nodes];
    }
}
