using JourneyLens.Application.Scopes;
using JourneyLens.Core.Engine;
using JourneyLens.Core.Events;
using JourneyLens.Core.Experience;

namespace JourneyLens.ClickHouse;

public sealed partial class ClickHouseBackend
{
    /// <summary>
    /// Omnichannel consistency on the shards. The journeys are numbered over every event, then only the events the task
    /// can use stay — starts, dones and contacts that are not answers, answers about a start or done touchpoint — and are
    /// regrouped per (person, journey) in order. The first start opens the attempt on its channel; the time since it is
    /// a running sum of differences (18.16's lambdas cannot see the start's time); the first done after it is the
    /// earliest, so it completes the task when within the window. Each journey yields a row for its attempt and one per
    /// answer after the start; the engine's own code compares the channels (<see cref="Consistency.Finish"/>).
    /// </summary>
    private ConsistencyResult Consistency(Scope scope, ConsistencyRequest request)
    {
        var touchpoints = TouchpointNames();
        var start = TouchpointLookup.Codes(touchpoints, request.Start, "task").Select(c => touchpoints[c]).ToList();
        var done = TouchpointLookup.Codes(touchpoints, request.Done, "task").Select(c => touchpoints[c]).ToList();
        var assisted = TextArray(ChannelNames().Where(request.Channels.Assisted.Contains));
        var outbound = TextArray(touchpoints.Where(request.Channels.Outbound.Contains));
        var window = ClickHouseCluster.Number((long)request.Window.TotalMilliseconds);

        var perPerson = PerPerson(scope, ("touchpoint", "tps"), ("channel", "chs"), ("score_type", "sts"), ("toInt64(score)", "scs"), ("about", "abouts"));
        var journeys = $"""
            SELECT person, journey, arraySort(e -> e.1, groupArray((position, t, st, sc, ch, is_start, is_done, is_contact))) AS evs
            FROM (
                SELECT person, journey, position, t, st, sc, ch,
                    st = 0 AND has({TextArray(start)}, tp) AS is_start, st = 0 AND has({TextArray(done)}, tp) AS is_done,
                    st = 0 AND has({assisted}, ch) AND NOT has({outbound}, tp) AS is_contact
                FROM ({perPerson})
                ARRAY JOIN arrayEnumerate(tps) AS position, times AS t, js AS journey, tps AS tp, chs AS ch, sts AS st, scs AS sc, abouts AS about
                WHERE is_start OR is_done OR is_contact OR (st != 0 AND has({TextArray([.. start, .. done])}, about)))
            GROUP BY person, journey
            """;
        var attempts = $"""
            SELECT tupleElement(evs[k], 5) AS channel, arraySlice(evs, k + 1) AS after,
                arraySlice(arrayCumSum(arrayDifference(arrayConcat([tupleElement(evs[k], 2)], arrayMap(e -> e.2, after)))), 2) AS elapsed,
                arrayFirstIndex(e -> e.7, after) AS first_done,
                first_done > 0 AND elapsed[first_done] <= {window} AS completed,
                arrayExists((e, d) -> e.8 AND d <= {window}, after, elapsed) AS contacted,
                arrayFilter(e -> e.3 != 0, after) AS answers
            FROM (SELECT evs, arrayFirstIndex(e -> e.6, evs) AS k FROM ({journeys}) WHERE k > 0)
            """;
        var rows = OnShards($"""
            SELECT x.1 AS kind, channel, x.2 AS type, count(), sum(x.3), sum(x.4), groupArrayIf(x.5, kind = 0 AND x.3 = 1),
                sum(x.4 >= 9), sum(x.4 <= 6), sum(x.4 >= 4), sum(x.4), sum(x.4 * x.4)
            FROM ({attempts})
            ARRAY JOIN arrayConcat([(0, toUInt8(0), toInt64(completed), toInt64(contacted), if(completed, elapsed[first_done], 0))],
                arrayMap(e -> (1, e.3, toInt64(0), e.4, toInt64(0)), answers)) AS x
            GROUP BY kind, channel, type
            """, Combine.Key, Combine.Key, Combine.Key, Combine.Sum, Combine.Sum, Combine.Sum, Combine.Concat,
            Combine.Sum, Combine.Sum, Combine.Sum, Combine.Sum, Combine.Sum);

        var tallies = new Dictionary<string, Core.Experience.Consistency.Tally>(StringComparer.Ordinal);
        var times = new List<long>();
        foreach (var r in rows.Where(r => r[0] == "0"))
        {
            var tally = tallies[r[1]] = new Core.Experience.Consistency.Tally { Attempts = Long(r[3]), Completed = Long(r[4]), Contacted = Long(r[5]) };
            ArrayNumbers(r[6], times);
            tally.Times.AddRange(times.Select(ms => ms / 1000.0));
        }

        foreach (var r in rows.Where(r => r[0] == "1"))
        {
            var type = (ScoreType)Long(r[2]);
            tallies[r[1]].Scores[type] = ScoreAccumulator.From(type, Long(r[3]), Long(r[7]), Long(r[8]), Long(r[9]), Long(r[10]), Long(r[11]));
        }

        return Core.Experience.Consistency.Finish(request, tallies.Select(t => (t.Key, t.Value)));
    }
}
