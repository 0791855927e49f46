using System.Globalization;
using JourneyLens.Application.Parameters;
using JourneyLens.Application.Registry;
using JourneyLens.Application.Scopes;
using JourneyLens.Core.Analyses;
using JourneyLens.Rendering;
using JourneyLens.Rendering.Tables;

namespace JourneyLens.Application.Analyses;

public sealed record PathsQuery(Selection Over, PathsRequest Request) : IQuery<PathsResult>;

/// <summary><c>paths</c>: the most common paths, and the Sankey columns behind them.</summary>
public static class PathsAnalysis
{
    private static readonly Parameter<int> Steps = new("steps", "Steps per path (1 to 50)") { Default = 5 };
    private static readonly Parameter<string?> Start = new("start", "Start the paths at the first occurrence of this touchpoint") { Kind = TextKind.Touchpoint };
    private static readonly Parameter<string?> End = new("end", "End the paths at this touchpoint: what did customers do before it?") { Kind = TextKind.Touchpoint };
    private static readonly Parameter<string?> Goal = new("goal", "A touchpoint whose reach (conversion) is shown per path") { Kind = TextKind.Touchpoint };
    private static readonly Parameter<int> Top = new("top", "How many paths to list") { Default = 20 };
    private static readonly Parameter<double> MinShare = new("min-share", "Sankey nodes below this share of their column become Other") { Default = 0.01, Place = ParameterPlace.More, Label = "Smallest Sankey share" };

    public static readonly Analysis Definition = new Analysis<PathsQuery, PathsResult>
    {
        Name = "paths",
        Command = ["paths"],
        Title = "Paths",
        Summary = "The most common paths (from a start, or leading to an end such as a phone call) and the Sankey of the first steps",
        Description = "The most common paths through the journeys (repeats collapsed), with a Sankey of the steps",
        Parameters = [Steps, Start, End, Goal, Top, MinShare, .. ScopeParameters.Common, .. ScopeParameters.Grouping],
        Bind = values =>
        {
            var (top, minShare) = (values.Get(Top), values.Get(MinShare));
            if (top is < 1 or > 10_000 || minShare is < 0 or > 1)
            {
                throw new RequestException("--top must be 1 to 10000 and --min-share 0 to 1", top is < 1 or > 10_000 ? Top.Name : MinShare.Name);
            }

            return new PathsQuery(ScopeParameters.Selection(values),
                new PathsRequest(values.Get(Steps), values.Get(Start), values.Get(End), values.Get(Goal), top, minShare));
        },
        Tables = (_, result) => Tables(result),
        Picture = (_, result) => SankeyChart.Render(result.Sankey),
    };

    public static DataTable[] Tables(PathsResult result)
    {
        var paths = new DataTable($"Paths: {result.Journeys:N0} journeys", ["journeys", "share", "goal reached", "median duration s", "mean NPS answer (0–10)", "path"],
            result.Paths.Select(p => (IReadOnlyList<string>)[Show.Number(p.Journeys), p.Share.ToString("0.0%", CultureInfo.InvariantCulture),
                    p.GoalConversion is { } g ? g.ToString("0.0%", CultureInfo.InvariantCulture) : "", p.MedianDurationSeconds.ToString("0", CultureInfo.InvariantCulture),
                    p.MeanNps is { } n ? n.ToString("0.0", CultureInfo.InvariantCulture) : "", string.Join(" → ", p.Steps)]).ToList())
        { NumericColumns = new HashSet<int> { 0, 1, 2, 3, 4 }, DurationColumns = new HashSet<int> { 3 } };
        var sankey = new DataTable("Sankey edges", ["step", "from", "to", "journeys"],
            result.Sankey.Edges.Select(e => (IReadOnlyList<string>)[Show.Number(e.FromColumn + 1), e.From, e.To, Show.Number(e.Journeys)]).ToList())
        { NumericColumns = new HashSet<int> { 0, 3 } };
        return [paths, sankey];
    }
}
