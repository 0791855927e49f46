using JourneyLens.Application.Analyses;
using JourneyLens.Application.Backends;
using JourneyLens.Application.Scopes;
using JourneyLens.Core.Analyses;
using JourneyLens.Core.Events;
using JourneyLens.Core.Experience;

namespace JourneyLens.ClickHouse;

/// <summary>
/// Measurements, comparisons and trends on the cluster: the metrics' figures come from SQL on the shards
/// (<see cref="ClusterMetricSource"/>) and <see cref="Metric"/> — the embedded engine's own code — finishes them.
/// </summary>
public sealed partial class ClickHouseBackend
{
    /// <summary>
    /// A side of a comparison or a trend's period within the scope: its events only (<see cref="FromMs"/> to
    /// <see cref="ToMs"/>, end exclusive), and only the persons with an event that matches <see cref="Segment"/>. The
    /// scope's own segment is still decided over the whole scope, as the engine cuts sides from the scope's events.
    /// </summary>
    private sealed record Narrowing(long FromMs, long ToMs, Filter? Segment = null);

    private Narrowing? _narrow;

    private IReadOnlyList<MetricValue> Measure(Scope scope, IReadOnlyList<string> metrics, Narrowing? narrow = null) => Within(narrow, () =>
    {
        var source = new ClusterMetricSource(this, scope);
        return (IReadOnlyList<MetricValue>)[.. metrics.Select(m => Metric.Measure(source, m, Channels(ChannelClasses.Default)))];
    });

    /// <summary><paramref name="answer"/> with every query narrowed to a side or period (<see cref="Where"/> applies it).</summary>
    private T Within<T>(Narrowing? narrow, Func<T> answer)
    {
        _narrow = narrow;
        try
        {
            return answer();
        }
        finally
        {
            _narrow = null;
        }
    }

    /// <summary>Two periods or two segments of the scope, each measured on its own (random halves are not answered: the cluster does not hold the engine's person keys).</summary>
    private ComparisonResult Compare(Scope scope, CompareQuery query)
    {
        static long Day(string? day, long open) => Days.Start(day, null) ?? open;
        (Narrowing A, Narrowing B) sides = query.Sides switch
        {
            PeriodSides p => (new Narrowing(Day(p.FromA, long.MinValue), Day(p.ToA, long.MaxValue)), new Narrowing(Day(p.FromB, long.MinValue), Day(p.ToB, long.MaxValue))),
            SegmentSides s when ClickHouseFilter.Sql(s.A.Expression) is not null && ClickHouseFilter.Sql(s.B.Expression) is not null =>
                (new Narrowing(long.MinValue, long.MaxValue, s.A), new Narrowing(long.MinValue, long.MaxValue, s.B)),
            SegmentSides => throw new NotAnsweredException("ClickHouse", typeof(CompareQuery), "segments on properties or ordering text"),
            _ => throw new NotAnsweredException("ClickHouse", typeof(CompareQuery), "a comparison of random halves"),
        };
        var (valuesA, valuesB) = (Measure(scope, query.Metrics, sides.A), Measure(scope, query.Metrics, sides.B));
        return new ComparisonResult(query.Sides.LabelA, query.Sides.LabelB, [.. valuesA.Zip(valuesB, (va, vb) => Verdicts.Compare(va, vb, query.MinN))]);
    }

    /// <summary>
    /// Each period of the scope (days in UTC: a cluster workspace has no display zone) measured on its own events, its
    /// journeys cut within it, as the engine does. The markers are the measurements saved (maps are not kept on the cluster).
    /// </summary>
    private TrendAnswer Trend(Scope scope, TrendQuery query)
    {
        // The measurements saved, by the day (UTC) they were saved: the baselines to read the trend against.
        var markers = TrendAnalysis.InOrder(ClickHouseMeasurements.List(_cluster).Select(m => TrendAnalysis.MeasurementSaved(m, null)));
        if (Range(scope) is not { } range)
        {
            return new TrendAnswer(query.Every, [], markers);
        }

        var periods = TrendAnalysis.Periods(range.First.ToUnixTimeMilliseconds(), range.Last.ToUnixTimeMilliseconds(), query.Every, null);
        var points = new List<TrendPoint>(periods.Count - 1);
        for (var k = 0; k < periods.Count - 1; k++)
        {
            var period = new Narrowing(periods[k].StartMs, periods[k + 1].StartMs);
            var counts = Within(period, () => OnShards($"SELECT count(), uniqExact(person) FROM {Events} WHERE {Where(scope)}", Combine.Sum, Combine.Sum)[0]);

            // A period cut by --from starts on that day, and says so.
            var day = k == 0 && scope.FromText is { } from && string.CompareOrdinal(from, periods[0].Day) > 0 ? from : periods[k].Day;
            points.Add(new TrendPoint(day, Long(counts[0]), Long(counts[1]), Measure(scope, query.Metrics, period)));
        }

        return new TrendAnswer(query.Every, points, markers);
    }

    /// <summary>A metric's figures from the shards, over the scope as narrowed when it was made; each asked once.</summary>
    private sealed class ClusterMetricSource(ClickHouseBackend backend, Scope scope) : IMetricSource
    {
        private (string[] Names, SortedDictionary<ScoreType, ScoreAccumulator> Overall, Dictionary<(int, ScoreType), ScoreAccumulator> BySubject)? _answers;
        private readonly Dictionary<SwitchingRequest, SwitchingResult> _switching = [];

        public string[] TouchpointNames => backend.TouchpointNames();

        public ScoreAccumulator Answers(ScoreType type, int? subject)
        {
            var (_, overall, bySubject) = _answers ??= backend.AnswerTotals(scope);
            var found = subject is { } code ? bySubject.GetValueOrDefault((code, type)) : overall.GetValueOrDefault(type);
            return found ?? new ScoreAccumulator(type);
        }

        public SwitchingResult Switching(SwitchingRequest request) =>
            _switching.TryGetValue(request, out var result) ? result : _switching[request] = backend.Switching(scope, request);

        public (long Hits, long N) Conversion(IReadOnlySet<int>? from, IReadOnlySet<int> to) => backend.Conversion(scope, Names(from), Names(to)!);

        public double[] JourneyDurations() => backend.JourneyDurations(scope);

        private string[]? Names(IReadOnlySet<int>? codes) => codes is null ? null : [.. codes.Select(c => TouchpointNames[c])];
    }

    /// <summary>
    /// Per (person, journey): the first event at a touchpoint of <paramref name="from"/> (the journey's first event when
    /// null) and the last at one of <paramref name="to"/>; a journey with the first has started, and has converted when
    /// the last is at or after it (one event may be both).
    /// </summary>
    private (long Hits, long N) Conversion(Scope scope, string[]? from, string[] to)
    {
        string Among(string[] names) => $"has({TextArray(names)}, tp)";
        var row = OnShards($"""
            SELECT sum(r >= s), count() FROM (
                SELECT person, journey, minIf(position, {(from is null ? "1" : Among(from))}) AS s, maxIf(position, {Among(to)}) AS r
                FROM ({PerPerson(scope, ("touchpoint", "tps"))})
                ARRAY JOIN arrayEnumerate(tps) AS position, tps AS tp, js AS journey
                GROUP BY person, journey
                HAVING s > 0)
            """, Combine.Sum, Combine.Sum)[0];
        return (Long(row[0]), Long(row[1]));
    }

    /// <summary>
    /// Every journey's duration in seconds: per person, the times of the events that start a journey (their number
    /// differs from the one before's) and of those that end one, paired in order; counted per whole millisecond, so the
    /// shards send each distinct duration once.
    /// </summary>
    private double[] JourneyDurations(Scope scope)
    {
        var rows = OnShards($"""
            SELECT d, count() FROM (
                SELECT arrayMap((first, last) -> last - first,
                    arrayFilter((t, j, previous) -> j != previous, times, js, arrayConcat({Beyond}, arraySlice(js, 1, length(js) - 1))),
                    arrayFilter((t, j, next) -> j != next, times, js, arrayConcat(arraySlice(js, 2), {Beyond}))) AS durations
                FROM ({PerPerson(scope)}))
            ARRAY JOIN durations AS d
            GROUP BY d
            """, Combine.Key, Combine.Sum);
        var all = new double[rows.Sum(r => Long(r[1]))];
        var at = 0;
        foreach (var r in rows)
        {
            Array.Fill(all, Long(r[0]) / 1000.0, at, (int)Long(r[1]));
            at += (int)Long(r[1]);
        }

        return all;
    }
}
