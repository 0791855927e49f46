using System.Globalization;
using JourneyLens.Application.Parameters;
using JourneyLens.Application.Registry;
using JourneyLens.Application.Scopes;
using JourneyLens.Core.Experience;
using JourneyLens.Rendering;
using JourneyLens.Rendering.Tables;

namespace JourneyLens.Application.Analyses;

public enum TrendPeriod
{
    Day,
    Week,
    Month,
}

public sealed record TrendQuery(Selection Over, IReadOnlyList<string> Metrics, TrendPeriod Every) : IQuery<TrendAnswer>;

/// <param name="Start">The period's first day (yyyy-MM-dd, in the workspace's zone); it runs to the next period's.</param>
public sealed record TrendPoint(string Start, long Events, long Persons, IReadOnlyList<MetricValue> Values);

/// <summary>A dated change to show on the trend: a measurement saved (a baseline), a map saved (a new version).</summary>
public sealed record TrendMarker(string Date, string Kind, string Label);

public sealed record TrendAnswer(TrendPeriod Every, IReadOnlyList<TrendPoint> Periods, IReadOnlyList<TrendMarker> Markers);

/// <summary>
/// <c>trend</c>: events, persons and any metric per day, week (from Monday) or month, each period's figure with its 95 %
/// interval exactly as a measurement over that period's events gives it (docs/experience.md, "Trends"), with the dated
/// changes of the workspace as markers: Learn → Build → Measure as one series.
/// </summary>
public static class TrendAnalysis
{
    public const int MaxPeriods = 1_000;

    private static readonly Parameter<string[]> Metrics = new("metric",
        "A metric to follow (repeat): nps, csat, ces (optionally @TOUCHPOINT), failed-self-service@T, repeat-contact@T, conversion@A>B, reach@T, journey-duration; events and persons are always counted")
    { Default = [] };

    private static readonly Parameter<TrendPeriod> Every = new("every", "Period: day, week (from Monday) or month") { Default = TrendPeriod.Week };

    public static readonly Analysis Definition = new Analysis<TrendQuery, TrendAnswer>
    {
        Name = "trend",
        Command = ["trend"],
        Title = "Trend",
        Summary = "Events, persons and metrics per day, week or month, with intervals and dated changes",
        Description = "Events, persons and any metric (NPS, conversion, repeat contact, …) per day, week or month with 95 % intervals, and the dates of saved measurements and maps",
        Parameters = [.. ScopeParameters.Common, Metrics, Every, ScopeParameters.By, ScopeParameters.BySegment, ScopeParameters.Groups],
        Bind = values =>
        {
            var metrics = values.Get(Metrics);
            if (metrics.Length > 20)
            {
                throw new RequestException("at most 20 --metric options", Metrics.Name);
            }

            return new TrendQuery(ScopeParameters.Selection(values), metrics, values.Get(Every));
        },
        Tables = (_, answer) => Tables(answer),
        Picture = (_, answer) => Chart(answer),
    };

    /// <summary>Persons and each metric per period in a panel of their own, with intervals, and the changes as markers.</summary>
    public static string Chart(TrendAnswer answer)
    {
        var persons = new TrendLine("persons", [.. answer.Periods.Select(p => new TrendValue(p.Persons, p.Persons, p.Persons, p.Persons))], v => v.ToString("N0", CultureInfo.InvariantCulture));
        var metrics = (answer.Periods.FirstOrDefault()?.Values ?? []).Select((first, k) =>
            new TrendLine(first.Metric, [.. answer.Periods.Select(p => p.Values[k] is var v && v.N > 0 ? new TrendValue(v.Value, v.Low, v.High, v.N) : default)], x => Format.Metric(first, x))
            {
                Range = first.Kind switch
                {
                    MetricKind.Proportion => (0, 1),
                    MetricKind.Score => first.ScoreType switch { Core.Events.ScoreType.Nps => (-100, 100), Core.Events.ScoreType.Csat => (0, 1), _ => (1, 7) },
                    _ => null,
                },
            });
        var last = answer.Periods.Count == 0 ? DateOnly.MinValue : DateOnly.ParseExact(answer.Periods[^1].Start, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var end = Next(last, answer.Every).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return TrendChart.Render($"Per {answer.Every.ToString().ToLowerInvariant()}", [.. answer.Periods.Select(p => p.Start)], end, [persons, .. metrics],
            [.. answer.Markers.Select(m => (m.Date, $"{m.Kind}: {m.Label}"))]);
    }

    public static DataTable[] Tables(TrendAnswer answer)
    {
        var metrics = answer.Periods.FirstOrDefault()?.Values.Select(v => v.Metric).ToList() ?? [];
        var series = new DataTable($"Per {answer.Every.ToString().ToLowerInvariant()}", ["from", "events", "persons", .. metrics.Select(m => $"{m} [95% interval] (n)")],
            answer.Periods.Select(p => (IReadOnlyList<string>)[p.Start, Show.Number(p.Events), Show.Number(p.Persons),
                .. p.Values.Select(v => v.N == 0 ? "" : $"{Format.Metric(v, v.Value)} [{Format.Metric(v, v.Low)}, {Format.Metric(v, v.High)}] ({Show.Number(v.N)})")]).ToList())
        { NumericColumns = new HashSet<int> { 1, 2 } };
        return answer.Markers.Count == 0 ? [series]
            : [series, new DataTable("Changes on these dates", ["date", "what", ""], answer.Markers.Select(m => (IReadOnlyList<string>)[m.Date, m.Kind, m.Label]).ToList())];
    }

    /// <summary>The first moments (UTC ms) of the periods from the one holding <paramref name="firstMs"/> past <paramref name="lastMs"/>, as days in <paramref name="zone"/>.</summary>
    /// <summary>The day (yyyy-MM-dd) an instant falls on in <paramref name="zone"/> (UTC when none).</summary>
    public static string Day(DateTimeOffset t, TimeZoneInfo? zone) =>
        (zone is null ? t.UtcDateTime : TimeZoneInfo.ConvertTime(t, zone).DateTime).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>A saved measurement as a marker on the day it was taken: a baseline to read the trend against.</summary>
    public static TrendMarker MeasurementSaved(Storage.Measurements.Measurement m, TimeZoneInfo? zone) => new(Day(m.Taken, zone), "measurement saved", m.Name);

    /// <summary>Markers by day, then label: the order every backend shows them in.</summary>
    public static IReadOnlyList<TrendMarker> InOrder(IEnumerable<TrendMarker> markers) =>
        [.. markers.OrderBy(m => m.Date, StringComparer.Ordinal).ThenBy(m => m.Label, StringComparer.Ordinal)];

    public static IReadOnlyList<(string Day, long StartMs)> Periods(long firstMs, long lastMs, TrendPeriod every, TimeZoneInfo? zone)
    {
        var first = DateOnly.FromDateTime(Local(firstMs, zone));
        var day = every switch
        {
            TrendPeriod.Month => new DateOnly(first.Year, first.Month, 1),
            TrendPeriod.Week => first.AddDays(-(((int)first.DayOfWeek + 6) % 7)),
            _ => first,
        };
        var periods = new List<(string, long)>();
        while (true)
        {
            var text = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            var start = Days.Start(text, zone)!.Value;
            if (start > lastMs)
            {
                periods.Add((text, start)); // the end of the last period
                return periods;
            }

            if (periods.Count == MaxPeriods)
            {
                throw new RequestException($"more than {MaxPeriods:N0} periods; use a longer --every or a shorter --from/--to", Every.Name);
            }

            periods.Add((text, start));
            day = Next(day, every);
        }
    }

    /// <summary>The first day of the period after the one starting on <paramref name="day"/>.</summary>
    private static DateOnly Next(DateOnly day, TrendPeriod every) =>
        every switch { TrendPeriod.Month => day.AddMonths(1), TrendPeriod.Week => day.AddDays(7), _ => day.AddDays(1) };

    private static DateTime Local(long ms, TimeZoneInfo? zone) =>
        zone is null ? DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime : TimeZoneInfo.ConvertTime(DateTimeOffset.FromUnixTimeMilliseconds(ms), zone).DateTime;
}
