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
public sealed partial class ClickHouseBackend(ClickHouseTarget target) : IAnalysisBackend
{
    private readonly ClickHouseCluster _cluster = new(target);

    private string? _committed;

    /// <summary>The touchpoint names (<see cref="TouchpointNames"/>), asked once per query.</summary>
    private string[]? _names;

    /// <summary>The rows of committed imports only (<see cref="ImportAttempts"/>), read once per query when it first needs them.</summary>
    private string Committed => _committed ??= Visible();

    private string Visible()
    {
        ClickHouseSchema.Ensure(_cluster);
        return ImportAttempts.Visible(_cluster);
    }

    public TResult Answer<TResult>(IQuery<TResult> query)
    {
        var scope = query.Over.Scope;
        (_committed, _names, _catalogue, _node, _nodeNames) = (null, null, null, "touchpoint", null);
        Refuse(query.Over, query.GetType());
        if (query.Over.Nodes.Kind != Core.Engine.NodeKind.Touchpoint)
        {
            Relabel(query.Over.Nodes);
        }

        return query switch
        {
            StatsQuery => (TResult)(object)Overview(scope),
            VariantsQuery variants => (TResult)(object)Variants(scope, variants.Top),
            PathsQuery paths => (TResult)(object)Paths(scope, paths.Request),
            ScoresQuery scores => (TResult)(object)Scores(scope, scores.MinAnswers, scores.Variants),
            LowPointsQuery low => (TResult)(object)LowPoints(scope, low.MinAnswers),
            FunnelQuery funnel => (TResult)(object)Funnel(scope, funnel),
            ConsistencyQuery consistency => (TResult)(object)Consistency(scope, consistency.Request with { Channels = Channels(consistency.Request.Channels) }),
            SwitchingQuery switching => (TResult)(object)Switching(scope, switching.Request with { Channels = Channels(switching.Request.Channels) }),
            HandoffsQuery handoffs => (TResult)(object)Handoffs(scope, handoffs.Lens, handoffs.MinAnswers),
            PersonListQuery persons => (TResult)(object)Persons(scope, persons.Top),
            MeasureQuery measure => (TResult)(object)Measure(scope, measure.Metrics),
            CompareQuery compare => (TResult)(object)Compare(scope, compare),
            TrendQuery trend => (TResult)(object)Trend(scope, trend),
            AttributionQuery attribution => (TResult)(object)Attribution(scope, attribution.Goal),
            FieldValuesQuery { Field: "channel" or "touchpoint" or "outcome" or "score_type" } values => (TResult)(object)Values(scope, values.Field, values.Top),
            SegmentSizeQuery size when ClickHouseFilter.Sql(size.Segment.Expression) is not null =>
                (TResult)(object)Long(OnShards($"SELECT uniqExact(person) FROM {Events} WHERE {Where(Scope.All with { Segment = size.Segment })}", Combine.Sum)[0][0]),
            TouchpointsQuery => (TResult)(object)(IReadOnlyList<string>)TouchpointNames(),
            DataRangeQuery => (TResult)(object)Range(scope)!,
            // The cluster stores no free properties yet: there are none to offer, and filters on them are refused.
            PropertyNamesQuery => (TResult)(object)(IReadOnlyList<string>)[],
            CatalogueQuery => (TResult)(object)Catalogue,
            MeasurementListQuery => (TResult)(object)(IReadOnlyList<MeasurementSummary>)[.. ClickHouseMeasurements.List(_cluster).Select(m => new MeasurementSummary(m.Name, m.Taken, m.Definition))],
            ProcessMapQuery map => (TResult)(object)(ProcessMap(scope, map.Clock) is var result && map.Share < 1 ? ProcessMapSimplifier.Simplify(result, map.Share) : result),
            _ => throw new NotAnsweredException("ClickHouse", query.GetType()),
        };
    }

    /// <summary>
    /// A field's values with the persons and events of each, counted on the shards (a person's events are all on one
    /// shard, so distinct persons add up exactly); no outcome (empty) and no score type (0) are events without a value.
    /// Free properties are not on the cluster yet.
    /// </summary>
    private FieldValuesResult Values(Scope scope, string field, int top)
    {
        var rows = OnShards($"SELECT {field}, uniqExact(person), count() FROM {Events} WHERE {Where(scope)} GROUP BY {field}", Combine.Key, Combine.Sum, Combine.Sum);
        long without = 0;
        var values = new List<FieldValueCount>();
        foreach (var r in rows)
        {
            var value = field switch
            {
                "outcome" => r[0].Length == 0 ? null : r[0],
                "score_type" => r[0] == "0" ? null : ((Core.Events.ScoreType)int.Parse(r[0], CultureInfo.InvariantCulture)).ToString().ToLowerInvariant(),
                _ => r[0],
            };
            if (value is null)
            {
                without += Long(r[2]);
            }
            else
            {
                values.Add(new FieldValueCount(value, (int)Long(r[1]), Long(r[2])));
            }
        }

        return FieldValues.Rank(field, values, without, top);
    }

    /// <summary>Filters on properties, and comparisons the cluster would read differently, are refused, never approximated.</summary>
    private static void Refuse(Selection over, Type query)
    {
        var scope = over.Scope;
        if (over.Nodes.Kind != Core.Engine.NodeKind.Touchpoint && query != typeof(ProcessMapQuery) && query != typeof(VariantsQuery) && query != typeof(PathsQuery)
            && query != typeof(FunnelQuery))
        {
            throw new NotAnsweredException("ClickHouse", query, "journeys by phase or channel (--node)");
        }

        if (new[] { scope.Where, scope.Segment }.Concat(over.Breakdown?.Segments ?? []).OfType<Filter>().Any(f => ClickHouseFilter.Sql(f.Expression) is null))
        {
            throw new NotAnsweredException("ClickHouse", query, "filters on properties or ordering text");
        }
    }

    /// <summary>
    /// Per person on its shard: the events sorted by (time, sequence) and each one's journey number, a running count of
    /// the gaps longer than the journey gap (a gap of 0 never cuts). Each person then yields tagged rows — one with its
    /// journeys (kind 0), one per distinct channel (1), one per distinct (channel, journey) (2) — so persons and
    /// journeys per channel are counted, not found by a distinct count over every event; events per channel, the date
    /// range and the touchpoints come from the table itself.
    /// </summary>
    private OverviewResult Overview(Scope scope)
    {
        var where = Where(scope);
        var perPerson = PerPerson(scope, ("channel", "channels"));
        var tagged = OnShards($"""
            SELECT x.1 AS kind, x.2 AS channel, count(), sum(x.3)
            FROM ({perPerson})
            ARRAY JOIN arrayConcat([(0, '', toUInt64(1 + js[length(js)]))],
                arrayMap(c -> (1, c, toUInt64(0)), arrayDistinct(channels)),
                arrayMap(cj -> (2, cj.1, toUInt64(0)), arrayDistinct(arrayMap((c, j) -> (c, j), channels, js)))) AS x
            GROUP BY kind, channel
            """, Combine.Key, Combine.Key, Combine.Sum, Combine.Sum);
        long Count(string kind, string channel) => tagged.FirstOrDefault(r => r[0] == kind && r[1] == channel) is { } r ? Long(r[2]) : 0;
        var channels = OnShards($"SELECT channel, count() FROM {Events} WHERE {where} GROUP BY channel", Combine.Key, Combine.Sum)
            .Select(r => new ChannelVolume(r[0], Long(r[1]), Count("1", r[0]), Count("2", r[0])))
            .OrderByDescending(v => v.Events).ThenBy(v => v.Channel, StringComparer.Ordinal).ToList();
        // A shard without events in scope answers no row (not a minimum of 0).
        var all = OnShards($"SELECT count(), min(ts_ms), max(ts_ms) FROM {Events} WHERE {where} HAVING count() > 0", Combine.Sum, Combine.Min, Combine.Max);
        if (all.Count == 0)
        {
            return new OverviewResult(0, 0, 0, 0, 0, null, null, []);
        }

        var persons = tagged.Single(r => r[0] == "0");
        return new OverviewResult(
            Long(persons[2]),
            Long(persons[3]),
            Long(all[0][0]),
            channels.Count,
            OnShards($"SELECT DISTINCT touchpoint FROM {Events} WHERE {where}", Combine.Key).Count,
            DateTimeOffset.FromUnixTimeMilliseconds(Long(all[0][1])),
            DateTimeOffset.FromUnixTimeMilliseconds(Long(all[0][2])),
            channels);
    }

    /// <summary>The first and last event of the scope (UTC: a cluster workspace has no display zone).</summary>
    private DataRange? Range(Scope scope) =>
        OnShards($"SELECT count(), min(ts_ms), max(ts_ms) FROM {Events} WHERE {Where(scope)} HAVING count() > 0", Combine.Sum, Combine.Min, Combine.Max) is [var all]
            ? new DataRange(DateTimeOffset.FromUnixTimeMilliseconds(Long(all[1])), DateTimeOffset.FromUnixTimeMilliseconds(Long(all[2])))
            : null;

    /// <summary>
    /// The directly-follows graph in one pass per person on its shard: consecutive events of one journey paired (the
    /// arrays shifted by one) into edges with their durations in whole milliseconds (the local clock adds the change of
    /// UTC offset), tagged rows for each edge (kind 0, with its duration), each distinct (edge, journey) (1), each
    /// journey's first touchpoint (2) and last (3) — a journey starts where its number differs from the event before's
    /// and ends where it differs from the next's; the neighbours' numbers come in as shifted arrays (18.16's lambdas see
    /// only their arguments). C# makes the duration statistics with the embedded engine's own code, whose mean does not
    /// depend on the order the durations arrive in.
    /// </summary>
    private ProcessMapResult ProcessMap(Scope scope, DurationClock clock)
    {
        var where = Where(scope);
        var perPerson = PerPerson(scope, (_node, "tps"), ("toInt64(utc_offset_min)", "offsets"));
        var local = clock == DurationClock.Local ? "1" : "0";
        var rows = OnShards($"""
            SELECT x.1 AS kind, x.2 AS a, x.3 AS b, count(), groupArrayIf(x.4, kind = 0)
            FROM (
                SELECT tps, js,
                    arrayFilter((e, ja) -> ja = e.4,
                        arrayMap((a, b, dt, doffset, j) -> (a, b, dt + {local} * doffset * 60000, j),
                            arraySlice(tps, 1, length(tps) - 1), arraySlice(tps, 2), arraySlice(arrayDifference(times), 2),
                            arraySlice(arrayDifference(offsets), 2), arraySlice(js, 2)),
                        arraySlice(js, 1, length(js) - 1)) AS edges
                FROM ({perPerson}))
            ARRAY JOIN arrayConcat(
                arrayMap(e -> (0, e.1, e.2, e.3), edges),
                arrayMap(e -> (1, e.1, e.2, toInt64(0)), arrayDistinct(arrayMap(e -> (e.1, e.2, e.4), edges))),
                arrayMap(t -> (2, t, '', toInt64(0)), arrayFilter((t, j, previous) -> j != previous, tps, js, arrayConcat({Beyond}, arraySlice(js, 1, length(js) - 1)))),
                arrayMap(t -> (3, t, '', toInt64(0)), arrayFilter((t, j, next) -> j != next, tps, js, arrayConcat(arraySlice(js, 2), {Beyond})))) AS x
            GROUP BY kind, a, b
            """, Combine.Key, Combine.Key, Combine.Key, Combine.Sum, Combine.Concat);
        var journeysOf = rows.Where(r => r[0] == "1").ToDictionary(r => (r[1], r[2]), r => Long(r[3]));
        var edges = rows.Where(r => r[0] == "0")
            .Select(r => new ProcessEdge(r[1], r[2], Long(r[3]), journeysOf[(r[1], r[2])], DurationStats.Of(Seconds(r[4]))))
            .OrderByDescending(e => e.Frequency).ThenBy(e => e.From, StringComparer.Ordinal).ThenBy(e => e.To, StringComparer.Ordinal).ToList();
        var nodes = OnShards($"SELECT {_node} AS node, count() FROM {Events} WHERE {where} GROUP BY node", Combine.Key, Combine.Sum)
            .Select(r => new ProcessNode(r[0], Long(r[1])))
            .OrderByDescending(n => n.Frequency).ThenBy(n => n.Name, StringComparer.Ordinal).ToList();
        Dictionary<string, long> Ends(string kind) => rows.Where(r => r[0] == kind).Select(r => (Name: r[1], Count: Long(r[3])))
            .OrderByDescending(x => x.Count).ThenBy(x => x.Name, StringComparer.Ordinal).ToDictionary(x => x.Name, x => x.Count);
        var starts = Ends("2");
        return new ProcessMapResult(starts.Values.Sum(), nodes, edges, starts, Ends("3"));
    }

    /// <summary>
    /// Variants: each journey's whole touchpoint sequence (repeats kept), gathered per (person, journey) from the
    /// per-person arrays, then counted per sequence with the journeys' durations (whole milliseconds) and NPS answers.
    /// </summary>
    private VariantsResult Variants(Scope scope, int top)
    {
        var nps = ClickHouseCluster.Number((long)Core.Events.ScoreType.Nps);
        var perPerson = PerPerson(scope, (_node, "tps"), ("score_type", "score_types"), ("toInt64(score)", "scores"));
        var rows = OnShards($"""
            SELECT sequence, count(), sum(duration), sum(nps_sum), sum(nps_count) FROM (
                SELECT person, journey,
                    arrayMap(x -> x.2, arraySort(x -> x.1, groupArray((position, touchpoint)))) AS sequence,
                    max(time) - min(time) AS duration,
                    sumIf(score, score_type = {nps}) AS nps_sum, countIf(score_type = {nps}) AS nps_count
                FROM ({perPerson})
                ARRAY JOIN arrayEnumerate(tps) AS position, tps AS touchpoint, times AS time, js AS journey, score_types AS score_type, scores AS score
                GROUP BY person, journey)
            GROUP BY sequence
            """, Combine.Key, Combine.Sum, Combine.Sum, Combine.Sum, Combine.Sum);
        var total = rows.Sum(r => Long(r[1]));
        var list = rows.Select(r => (Sequence: Strings(r[0]), Count: Long(r[1]), DurationMs: Long(r[2]), NpsSum: Long(r[3]), NpsCount: Long(r[4])))
            .OrderByDescending(v => v.Count).ThenBy(v => string.Join('\u001f', v.Sequence), StringComparer.Ordinal)
            .Take(top)
            .Select(v => new Variant(v.Sequence, v.Count, (double)v.Count / total, v.DurationMs / 1000.0 / v.Count, v.NpsCount == 0 ? null : (double)v.NpsSum / v.NpsCount))
            .ToList();
        return new VariantsResult(total, rows.Count, list);
    }

    /// <summary>A ClickHouse array of strings as TSV writes it: ['a','b\'c'] with backslash escapes inside the quotes.</summary>
    private static IReadOnlyList<string> Strings(string array)
    {
        var items = new List<string>();
        var text = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 1; i < array.Length - 1; i++)
        {
            var c = array[i];
            if (quoted && c == '\\' && i + 1 < array.Length - 1)
            {
                text.Append(ClickHouseCluster.Escaped(array[++i]));
            }
            else if (c == '\'')
            {
                if (quoted)
                {
                    items.Add(text.ToString());
                    text.Clear();
                }

                quoted = !quoted;
            }
            else if (quoted)
            {
                text.Append(c);
            }
        }

        return items;
    }

    /// <summary>
    /// The stage every analysis starts from, run per person on its shard: the person's events sorted by (time, ingest
    /// sequence) — the embedded engine's order — as <c>times</c>, each event's journey number as <c>js</c> (a running count
    /// of the gaps longer than the journey gap; a gap of 0 never cuts), and each of <paramref name="columns"/> as an array
    /// in the same order under its alias.
    /// </summary>
    private string PerPerson(Scope scope, params (string Expression, string Alias)[] columns)
    {
        var gapMs = ClickHouseCluster.Number((long)scope.Gap.TotalMilliseconds);
        var arrays = string.Concat(columns.Select((c, k) => $",\n    arrayMap(x -> x.{k + 3}, sorted) AS {c.Alias}"));
        return $"""
            SELECT person,
                arraySort(x -> (x.1, x.2), groupArray(({string.Join(", ", ["ts_ms", "seq", .. columns.Select(c => c.Expression)])}))) AS sorted,
                arrayMap(x -> x.1, sorted) AS times,
                arrayCumSum(arrayMap(d -> {gapMs} > 0 AND d > {gapMs}, arrayDifference(times))) AS js{arrays}
            FROM {Events} WHERE {Where(scope)} GROUP BY person
            """;
    }

    /// <summary>
    /// The events of the scope as the engine narrows them: the date range, then the event filter, then the persons with
    /// an event that matches the segment among those. A person's events are all on one shard, so the segment's persons
    /// are found on each shard's own table.
    /// </summary>
    private string Where(Scope scope)
    {
        var events = $"{Committed} AND ts_ms >= {ClickHouseCluster.Number(scope.FromMs ?? long.MinValue)} AND ts_ms < {ClickHouseCluster.Number(scope.ToMs ?? long.MaxValue)}";
        if (scope.Where is { } where)
        {
            events += $" AND {ClickHouseFilter.Sql(where.Expression)}";
        }

        // A side or period keeps its own events, and its segment's persons; the scope's segment is decided over the whole
        // scope, and so is a breakdown group's persons' first value.
        var within = _narrow is { } n ? $" AND ts_ms >= {ClickHouseCluster.Number(n.FromMs)} AND ts_ms < {ClickHouseCluster.Number(n.ToMs)}" : "";
        var group = _group is { } having ? $" AND person IN (SELECT person FROM {Events} WHERE {events} GROUP BY person HAVING {having})" : "";
        return events + within + group + string.Concat(new[] { scope.Segment, _narrow?.Segment }.OfType<Filter>()
            .Select(segment => $" AND person IN (SELECT person FROM {Events} WHERE {events} AND {ClickHouseFilter.Sql(segment.Expression)})"));
    }

    /// <summary>
    /// The workspace's touchpoint names as the engine numbers them: in the order the workspace first met them (a row's
    /// touchpoint before its <c>about</c>), found from each name's lowest ingest sequence.
    /// </summary>
    private string[] TouchpointNames() => _nodeNames ?? (_names ??= [.. OnShards($"""
        SELECT name, min(met) FROM (
            SELECT touchpoint AS name, seq * 2 AS met FROM {Events} WHERE {Committed}
            UNION ALL SELECT about AS name, seq * 2 + 1 AS met FROM {Events} WHERE {Committed} AND about != '')
        GROUP BY name
        """, Combine.Key, Combine.Min).OrderBy(r => Long(r[1])).Select(r => r[0])]);

    /// <summary>Names as a ClickHouse array literal of strings (typed even when empty).</summary>
    private static string TextArray(IEnumerable<string> names) =>
        names.Any() ? $"[{string.Join(", ", names.Select(ClickHouseFilter.Literal))}]" : "emptyArrayString()";

    private static Dictionary<string, int> Codes(string[] names) =>
        names.Select((name, i) => (name, i)).ToDictionary(x => x.name, x => x.i, StringComparer.Ordinal);

    /// <summary>
    /// The journey number before a person's first event and after their last, as a one-element array: the neighbours of
    /// each event's journey number are passed to lambdas as the arrays shifted by one (18.16's lambdas see only their
    /// arguments), padded with this, which no journey has.
    /// </summary>
    private const string Beyond = "[toUInt64(18446744073709551615)]";

    /// <summary>Durations gathered as a ClickHouse array of whole milliseconds, in seconds.</summary>
    private static double[] Seconds(string array)
    {
        var milliseconds = new List<long>();
        ArrayNumbers(array, milliseconds);
        return [.. milliseconds.Select(ms => ms / 1000.0)];
    }

    /// <summary>The numbers of a ClickHouse array as text, [1,2,3], into <paramref name="into"/> (cleared first) without a string per element.</summary>
    private static void ArrayNumbers(string array, List<long> into)
    {
        into.Clear();
        var text = array.AsSpan(1, array.Length - 2);
        while (text.Length > 0)
        {
            var comma = text.IndexOf(',');
            var number = comma < 0 ? text : text[..comma];
            into.Add(long.Parse(number, NumberStyles.Integer, CultureInfo.InvariantCulture));
            text = comma < 0 ? [] : text[(comma + 1)..];
        }
    }


    /// <summary>Each shard's own events table: every query runs on all of them at once (<see cref="OnShards"/>).</summary>
    private string Events => $"{target.Database}.events_local";

    /// <summary>A query on every shard, where its per-person work stays; the shards' partial aggregates merged by <paramref name="columns"/>.</summary>
    private List<string[]> OnShards(string sql, params Combine[] columns) => ShardRows.Merge(_cluster.OnShards(sql), columns);

    /// <summary>What each shard stores of the events, in the order of the target's shards (active parts only).</summary>
    public IReadOnlyList<ShardStorage> Storage() => [.. _cluster.OnShards($"""
        SELECT sum(rows), sum(bytes_on_disk), sum(data_compressed_bytes), sum(data_uncompressed_bytes)
        FROM system.parts WHERE database = '{target.Database}' AND table = 'events_local' AND active
        """).Select(r => new ShardStorage(Long(r[0]), Long(r[1]), Long(r[2]), Long(r[3])))];

    /// <summary>Events stored on the first shard of the target itself (not through the Distributed table): to see where data lies.</summary>
    public long LocalEvents() => Long(_cluster.Rows($"SELECT count() FROM {target.Database}.events_local")[0][0]);

    private static long Long(string text) => long.Parse(text, NumberStyles.Integer, CultureInfo.InvariantCulture);

    public void Dispose() => _cluster.Dispose();
}

/// <summary>One shard's events on disk: the compressed column data, and all of it with marks and index.</summary>
public sealed record ShardStorage(long Events, long BytesOnDisk, long CompressedBytes, long UncompressedBytes);
