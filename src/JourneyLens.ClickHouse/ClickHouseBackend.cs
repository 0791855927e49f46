using System.Globalization;
using JourneyLens.Application.Analyses;
using JourneyLens.Application.Backends;
using JourneyLens.Application.Registry;
using JourneyLens.Application.Scopes;
using JourneyLens.Core.Analyses;

namespace JourneyLens.ClickHouse;

/// <summary>
/// The analyses answered on a ClickHouse cluster (docs/scale-out.md). The per-person work runs on the shards as SQL —
/// each person's events sorted by (time, ingest sequence) into arrays, journeys numbered by the gap cut — and the
/// coordinator merges small aggregates; C# builds the same result records the embedded engine builds. Queries it does
/// not answer yet (and event filters and segments) are refused with <see cref="NotAnsweredException"/>, never guessed.
/// </summary>
public sealed class ClickHouseBackend(ClickHouseTarget target) : IAnalysisBackend
{
    private readonly ClickHouseCluster _cluster = new(target);

    public TResult Answer<TResult>(IQuery<TResult> query)
    {
        var scope = query.Over.Scope;
        if (scope.Where is not null || scope.Segment is not null || query.Over.Nodes.Kind != Core.Engine.NodeKind.Touchpoint)
        {
            throw new NotAnsweredException("ClickHouse", query.GetType());
        }

        return query switch
        {
            StatsQuery => (TResult)(object)Overview(scope),
            _ => throw new NotAnsweredException("ClickHouse", query.GetType()),
        };
    }

    public BreakdownResult<TResult> AnswerPerGroup<TResult>(IQuery<TResult> query) => throw new NotAnsweredException("ClickHouse", query.GetType());

    /// <summary>
    /// Per person on its shard: the events sorted by (time, sequence) and each one's journey number, a running count of
    /// the gaps longer than the journey gap (a gap of 0 never cuts) — then per channel and in all.
    /// </summary>
    private OverviewResult Overview(Scope scope)
    {
        var gapMs = ClickHouseCluster.Number((long)scope.Gap.TotalMilliseconds);
        var where = $"ts_ms >= {ClickHouseCluster.Number(scope.FromMs ?? long.MinValue)} AND ts_ms < {ClickHouseCluster.Number(scope.ToMs ?? long.MaxValue)}";
        var perPerson = $"""
            SELECT person,
                arraySort(x -> (x.1, x.2), groupArray((ts_ms, seq, channel, touchpoint))) AS sorted,
                arrayCumSum(arrayMap(d -> {gapMs} > 0 AND d > {gapMs}, arrayDifference(arrayMap(x -> x.1, sorted)))) AS journeys,
                arrayMap(x -> x.3, sorted) AS channels
            FROM {target.Database}.events WHERE {where} GROUP BY person
            """;
        var channels = _cluster.Rows($"""
            SELECT channel, count(), uniqExact(person), uniqExact(person, journey)
            FROM ({perPerson}) ARRAY JOIN channels AS channel, journeys AS journey
            GROUP BY channel
            """)
            .Select(r => new ChannelVolume(r[0], Long(r[1]), Long(r[2]), Long(r[3])))
            .OrderByDescending(v => v.Events).ThenBy(v => v.Channel, StringComparer.Ordinal).ToList();
        var all = _cluster.Rows($"SELECT count(), uniqExact(person), uniqExact(touchpoint), min(ts_ms), max(ts_ms) FROM {target.Database}.events WHERE {where}")[0];
        var journeys = _cluster.Rows($"SELECT sum(1 + journeys[length(journeys)]) FROM ({perPerson})")[0];
        var events = Long(all[0]);
        return new OverviewResult(
            Long(all[1]),
            events == 0 ? 0 : Long(journeys[0]),
            events,
            channels.Count,
            (int)Long(all[2]),
            events == 0 ? null : DateTimeOffset.FromUnixTimeMilliseconds(Long(all[3])),
            events == 0 ? null : DateTimeOffset.FromUnixTimeMilliseconds(Long(all[4])),
            channels);
    }

    /// <summary>Events stored on the first shard of the target itself (not through the Distributed table): to see where data lies.</summary>
    public long LocalEvents() => Long(_cluster.Rows($"SELECT count() FROM {target.Database}.events_local")[0][0]);

    private static long Long(string text) => long.Parse(text, NumberStyles.Integer, CultureInfo.InvariantCulture);

    public void Dispose() => _cluster.Dispose();
}
