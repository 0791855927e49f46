using JourneyLens.Application.Scopes;
using JourneyLens.Core.Analyses;
using JourneyLens.Core.Experience;

namespace JourneyLens.ClickHouse;

public sealed partial class ClickHouseBackend
{
    /// <summary>
    /// Channel switching and repeat contact (docs/experience.md) on the shards, over each journey's events that are not
    /// answers. Which channels are digital or assisted is decided in C# over the workspace's channel names, with the
    /// request's own comparer, and passed in as lists. A contact starts at an assisted event whose contact id is empty
    /// or new in its journey. "Followed by a contact" needs, for each event, the next contact start after it in its
    /// journey: with a running count of starts, the events that count c starts so far all look at start c + 1, so
    /// grouping events by (person, count) with that start — tagged as the group's target — pairs them without copying
    /// a person's arrays per event. The matrix pairs consecutive events; the paths into a first contact regroup the
    /// journeys that have one. The engine's own code orders the result and makes the intervals
    /// (<see cref="Core.Experience.Switching.Finish"/>).
    /// </summary>
    private SwitchingResult Switching(Scope scope, SwitchingRequest request)
    {
        var touchpoints = TouchpointNames();
        var channels = ChannelNames();
        var (touchpointCode, channelCode) = (Codes(touchpoints), Codes(channels));
        var digital = TextArray(channels.Where(request.Channels.Digital.Contains));
        var assisted = TextArray(channels.Where(request.Channels.Assisted.Contains));
        var outbound = TextArray(request.Channels.Outbound.Order(StringComparer.Ordinal));
        var (window, repeat) = (ClickHouseCluster.Number((long)request.Window.TotalMilliseconds), ClickHouseCluster.Number((long)request.RepeatWindow.TotalMilliseconds));

        var perPerson = PerPerson(scope, ("touchpoint", "tps"), ("channel", "chs"), ("score_type", "sts"), ("contact", "cts"));
        var events = $"""
            SELECT person, journeys, t, j, tp, ch, dg, st, arrayCumSum(st) AS cs
            FROM (
                SELECT person, journeys, t, j, tp, ch, arrayMap(c -> has({digital}, c), ch) AS dg,
                    arrayMap((c, p) -> has({assisted}, c) AND NOT has({outbound}, p), ch, tp) AS contact,
                    arrayMap((isContact, id, occurrence) -> isContact AND (id = '' OR occurrence = 1), contact, ct, arrayEnumerateUniq(ct, j, contact)) AS st
                FROM (
                    SELECT person, toUInt64(1 + js[length(js)]) AS journeys, arrayFilter((x, s) -> s = 0, times, sts) AS t, arrayFilter((x, s) -> s = 0, js, sts) AS j,
                        arrayFilter((x, s) -> s = 0, tps, sts) AS tp, arrayFilter((x, s) -> s = 0, chs, sts) AS ch, arrayFilter((x, s) -> s = 0, cts, sts) AS ct
                    FROM ({perPerson})))
            """;

        // One pass over everyone: digital attempts and contacts per touchpoint (kinds 0, 1), the channel → next channel
        // pairs within the window in one journey (2), and the journeys (3).
        var (attempts, failed, contacts, repeated) = (new long[touchpoints.Length], new long[touchpoints.Length], new long[touchpoints.Length], new long[touchpoints.Length]);
        var (failedPersons, repeatedPersons) = (new long[touchpoints.Length], new long[touchpoints.Length]);
        var matrix = new long[channels.Length * channels.Length];
        long journeys = 0;
        foreach (var r in OnShards($"""
            SELECT x.1 AS kind, x.2 AS a, x.3 AS b, count(), sum(x.4)
            FROM ({events})
            ARRAY JOIN arrayConcat(
                arrayMap(p -> (0, p, '', toUInt64(0)), arrayFilter((p, d) -> d, tp, dg)),
                arrayMap(p -> (1, p, '', toUInt64(0)), arrayFilter((p, s) -> s, tp, st)),
                arrayFilter((pair, ja, jb, dt) -> ja = jb AND dt <= {window},
                    arrayMap((ca, cb) -> (2, ca, cb, toUInt64(0)), arraySlice(ch, 1, length(ch) - 1), arraySlice(ch, 2)),
                    arraySlice(j, 1, length(j) - 1), arraySlice(j, 2), arraySlice(arrayDifference(t), 2)),
                [(3, '', '', journeys)]) AS x
            GROUP BY kind, a, b
            """, Combine.Key, Combine.Key, Combine.Key, Combine.Sum, Combine.Sum))
        {
            switch (r[0])
            {
                case "0": attempts[touchpointCode[r[1]]] = Long(r[3]); break;
                case "1": contacts[touchpointCode[r[1]]] = Long(r[3]); break;
                case "2": matrix[(channelCode[r[1]] * channels.Length) + channelCode[r[2]]] = Long(r[3]); break;
                default: journeys = Long(r[4]); break;
            }
        }

        // Followed by a contact: each event needs the next contact start after it in its journey. Every start is the
        // target of the events whose running count of starts is one less; the starts (plus a last target that is never
        // reached) and the events are sorted together by that count, targets first, and each target's time and
        // journey carried forward to its events as a running sum of differences — linear, without copying a person's
        // arrays per event. Only persons with a contact can have one (filtered before the ARRAY JOIN).
        const string Never = "toInt64(4000000000000000000)";
        var withContact = $"SELECT * FROM ({events}) WHERE arrayExists(s -> s = 1, st)";
        var followed = $"""
            SELECT person, x.5 AS tp, x.8 AS digital_event, x.9 AS contact_start, if(tj = x.7, tt - x.6, {Never}) AS followed_in
            FROM (
                SELECT person,
                    arrayConcat(arrayFilter((x, s) -> s, t, st), [{Never}]) AS target_t,
                    arrayConcat(arrayMap(x -> toInt64(x), arrayFilter((x, s) -> s, j, st)), [toInt64(-1)]) AS target_j,
                    arraySort(x -> (x.1, x.2), arrayConcat(
                        arrayMap((k, dt, dj) -> (toUInt64(k - 1), 0, dt, dj, '', toInt64(0), toInt64(0), toUInt8(0), toUInt8(0)),
                            arrayEnumerate(target_t), arraySlice(arrayDifference(arrayConcat([toInt64(0)], target_t)), 2),
                            arraySlice(arrayDifference(arrayConcat([toInt64(0)], target_j)), 2)),
                        arrayFilter(x -> x.8 OR x.9,
                            arrayMap((c, p, tt, jj, d, s) -> (toUInt64(c), 1, toInt64(0), toInt64(0), p, tt, toInt64(jj), d, s), cs, tp, t, j, dg, st)))) AS merged,
                    arrayCumSum(arrayMap(x -> x.3, merged)) AS filled_t,
                    arrayCumSum(arrayMap(x -> x.4, merged)) AS filled_j
                FROM ({withContact}))
            ARRAY JOIN merged AS x, filled_t AS tt, filled_j AS tj
            WHERE x.2 = 1
            """;
        foreach (var r in OnShards($"""
            SELECT tp, countIf(digital_event AND followed_in <= {window}), uniqExactIf(person, digital_event AND followed_in <= {window}),
                countIf(contact_start AND followed_in <= {repeat}), uniqExactIf(person, contact_start AND followed_in <= {repeat})
            FROM ({followed})
            GROUP BY tp
            """, Combine.Key, Combine.Sum, Combine.Sum, Combine.Sum, Combine.Sum))
        {
            var code = touchpointCode[r[0]];
            (failed[code], failedPersons[code], repeated[code], repeatedPersons[code]) = (Long(r[1]), Long(r[2]), Long(r[3]), Long(r[4]));
        }

        // Each journey with a contact: its touchpoints up to its first contact, repeats collapsed, the last steps of them.
        var steps = ClickHouseCluster.Number(request.PathSteps + 1);
        var paths = new Dictionary<int[], long>(); // one entry per distinct path: the shards' rows are merged by it
        long journeysWithContact = 0;
        foreach (var r in OnShards($"""
            SELECT arraySlice(c, toUInt64(greatest(1, toInt64(length(c)) - {steps} + 1))) AS path, count()
            FROM (
                SELECT arrayMap(e -> e.2, arraySlice(evs, 1, arrayFirstIndex(e -> e.3 = 1, evs))) AS upto,
                    arrayFilter((x, previous) -> x != previous, upto, arrayConcat([''], arraySlice(upto, 1, length(upto) - 1))) AS c
                FROM (
                    SELECT person, jj, arraySort(e -> e.1, groupArray((position, p, s))) AS evs
                    FROM ({withContact})
                    ARRAY JOIN arrayEnumerate(t) AS position, j AS jj, tp AS p, st AS s
                    GROUP BY person, jj
                    HAVING max(s) = 1))
            GROUP BY path
            """, Combine.Key, Combine.Sum))
        {
            paths[[.. Strings(r[0]).Select(n => touchpointCode[n])]] = Long(r[1]);
            journeysWithContact += Long(r[1]);
        }

        var counts = new Core.Experience.Switching.Counts(matrix, attempts, failed, contacts, repeated, t => failedPersons[t], t => repeatedPersons[t], journeys, journeysWithContact, paths);
        return Core.Experience.Switching.Finish(channels, touchpoints, counts, request);
    }

    /// <summary>The workspace's channel names as the engine numbers them: in the order the workspace first met them.</summary>
    private string[] ChannelNames() => [.. OnShards($"SELECT channel, min(seq) FROM {Events} WHERE {Committed} GROUP BY channel", Combine.Key, Combine.Min)
        .OrderBy(r => Long(r[1])).Select(r => r[0])];
}
