using System.Globalization;
using JourneyLens.Application.Analyses;
using JourneyLens.Core.Engine;
using JourneyLens.Core.Experience;
using JourneyLens.Storage.Maps;
using JourneyLens.Storage.Measurements;

namespace JourneyLens.Application.Backends.Embedded;

/// <summary>A trend on the embedded engine: each period's events cut into journeys and measured as a measurement would be.</summary>
internal static class Trends
{
    public static TrendAnswer Compute(EngineScope scope, TrendQuery query)
    {
        var events = scope.Engine.Events;
        if (events.EventCount == 0)
        {
            return new TrendAnswer(query.Every, [], Markers(scope));
        }

        var (first, last) = (long.MaxValue, long.MinValue);
        foreach (var ts in events.TimestampMs)
        {
            (first, last) = (Math.Min(first, ts), Math.Max(last, ts));
        }

        var periods = TrendAnalysis.Periods(first, last, query.Every, scope.Zone);
        var channels = scope.Channels(ChannelClasses.Default);
        var points = new TrendPoint[periods.Count - 1];
        var slices = EventTableFilter.SplitByTime(events, [.. periods.Select(p => p.StartMs)]);
        SideBySide.For(points.Length, k =>
        {
            // Only the period's own persons: a week holds a small share of them, and a trend names nobody.
            var period = slices.CompactSlice(k);
            var engine = new JourneyEngine(period, JourneyIndex.Cut(period, query.Over.Scope.Gap));
            long persons = period.PersonsWithEvents();

            // A period cut by --from starts on that day, and says so.
            var day = k == 0 && query.Over.Scope.FromText is { } from && string.CompareOrdinal(from, periods[0].Day) > 0 ? from : periods[k].Day;
            points[k] = new TrendPoint(day, period.EventCount, persons, [.. query.Metrics.Select(m => Metric.Measure(engine, m, channels))]);
        });
        return new TrendAnswer(query.Every, points, Markers(scope));
    }

    /// <summary>Saved measurements and maps, by the day (in the display zone) they were saved, and opportunities on the day they were done.</summary>
    private static IReadOnlyList<TrendMarker> Markers(EngineScope scope)
    {
        if (scope.Workspace is not { } workspace)
        {
            return [];
        }

        return TrendAnalysis.InOrder(MeasurementStore.List(workspace).Select(m => TrendAnalysis.MeasurementSaved(m, scope.Zone))
            .Concat(MapStore.List(workspace).Select(m => new TrendMarker(TrendAnalysis.Day(m.Updated, scope.Zone), "map saved", m.Id)))
            .Concat(MapStore.List(workspace).SelectMany(m => DoneOpportunities(m.Yaml, m.Id))));
    }

    /// <summary>A map's opportunities that carry the day they were done (a map that no longer reads gives none).</summary>
    private static IEnumerable<TrendMarker> DoneOpportunities(string yaml, string mapId)
    {
        Maps.Model.JourneyMap map;
        try
        {
            map = Maps.Yaml.MapReader.Read(yaml, mapId);
        }
        catch (Core.Errors.UserErrorException)
        {
            return [];
        }

        return map.Opportunities.Where(o => o.Done is not null)
            .Select(o => new TrendMarker(o.Done!.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), "opportunity done", $"{o.Title} ({mapId})"));
    }
}
