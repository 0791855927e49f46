using JourneyLens.Application.Registry;
using JourneyLens.Application.Scopes;
using JourneyLens.Core.Analyses;
using JourneyLens.Rendering.Tables;

namespace JourneyLens.Application.Analyses;

public sealed record StatsQuery(Selection Over) : IQuery<OverviewResult>;

/// <summary>How many persons a segment holds in the whole data: what lists of segments and personas show beside each.</summary>
public sealed record SegmentSizeQuery(Scopes.Filter Segment) : IQuery<long>
{
    public Selection Over => Selection.All;
}

/// <summary><c>stats</c>: what is in the workspace.</summary>
public static class StatsAnalysis
{
    public static readonly Analysis Definition = new Analysis<StatsQuery, OverviewResult>
    {
        Name = "stats",
        Command = ["stats"],
        Title = "Overview",
        Summary = "Persons, journeys, events, channels, touchpoints and the date range",
        Description = "Persons, journeys, events, channels, touchpoints, date range and per-channel counts",
        Parameters = ScopeParameters.Common,
        Bind = values => new StatsQuery(Selection.Of(ScopeParameters.Scope(values))),
        Tables = (_, o) => Tables(o),
    };

    public static DataTable[] Tables(OverviewResult o)
    {
        var summary = new DataTable("Workspace", ["", "value"],
        [
            ["persons", Show.Number(o.Persons)],
            ["journeys", Show.Number(o.Journeys)],
            ["events", Show.Number(o.Events)],
            ["channels", Show.Number(o.Channels)],
            ["touchpoints", Show.Number(o.Touchpoints)],
            ["first event", o.First is { } f ? Show.Timestamp(f) : ""],
            ["last event", o.Last is { } l ? Show.Timestamp(l) : ""],
        ])
        { NumericColumns = new HashSet<int> { 1 } };
        var channels = new DataTable("Per channel", ["channel", "events", "persons", "journeys"],
            o.PerChannel.Select(c => (IReadOnlyList<string>)[Show.Channel(c.Channel), Show.Number(c.Events), Show.Number(c.Persons), Show.Number(c.Journeys)]).ToList())
        { NumericColumns = new HashSet<int> { 1, 2, 3 } };
        return [summary, channels];
    }
}
