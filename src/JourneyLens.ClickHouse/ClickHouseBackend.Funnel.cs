using System.Globalization;
using JourneyLens.Application.Analyses;
using JourneyLens.Application.Backends;
using JourneyLens.Application.Backends.Embedded;
using JourneyLens.Application.Scopes;
using JourneyLens.Core.Engine;
using JourneyLens.Core.Events;

namespace JourneyLens.ClickHouse;

public sealed partial class ClickHouseBackend
{
    /// <summary>
    /// The funnel, ordered or in any order (docs/analyses.md). Its attempts and windows are the engine's code: the shards
    /// cut the journeys (over every event of the scope) and send only the events of the funnel's steps and exclusions,
    /// with every field a step's filter may test, plus each journey's first event so that every journey and person is
    /// there to count. In those orders an event that matches no step changes nothing, so the engine's funnel over
    /// these events is the funnel over all of them. Refused (never approximated): the strict order (every event between
    /// two steps matters there) and step filters the cluster cannot read. Who dropped at a step are named by the persons'
    /// key identifiers, as the workspace names them.
    /// </summary>
    private FunnelAnswer Funnel(Scope scope, FunnelQuery query)
    {
        var steps = query.Steps.Concat(query.Exclusions ?? []).ToList();
        if (query.Order == Core.Analyses.FunnelOrder.Strict)
        {
            throw new NotAnsweredException("ClickHouse", query.GetType(), "the strict funnel order");
        }

        if (steps.Any(s => s.Where is { } where && ClickHouseFilter.Sql(where.Expression) is null))
        {
            throw new NotAnsweredException("ClickHouse", query.GetType(), "step filters on properties or ordering text");
        }

        if (steps.All(step => step.Where is null))
        {
            return TouchpointFunnel(scope, query, steps);
        }

        if (_nodeNames is not null)
        {
            throw new NotAnsweredException("ClickHouse", query.GetType(), "step filters in a funnel over channels or phases (--node)");
        }

        // An event a step or exclusion may match: one of its touchpoints, or, for one that names none, its filter.
        string Candidate(FunnelStepQuery step) => step.Touchpoints.Count > 0
            ? $"touchpoint IN ({string.Join(", ", step.Touchpoints.Select(ClickHouseFilter.Literal))})"
            : step.Where is { } where ? ClickHouseFilter.Sql(where.Expression)! : "1";
        var candidates = string.Join(" OR ", steps.Select(Candidate).Distinct(StringComparer.Ordinal));
        var perPerson = PerPerson(scope, ("seq", "seqs"), ("toInt64(utc_offset_min)", "offsets"), ("touchpoint", "tps"), ("channel", "channels"),
            ("score_type", "score_types"), ("toInt64(score)", "scores"), ("about", "abouts"), ("value", "values"), ("outcome", "outcomes"), ("contact", "contacts"));
        // Each shard's rows in (person, time, sequence) order: a person's rows are together whatever shard comes first.
        var rows = _cluster.OnShards($"""
            SELECT person, j, t, s, offset, touchpoint, channel, score_type, score, about, value, outcome, contact
            FROM ({perPerson})
            ARRAY JOIN times AS t, js AS j, arrayConcat({Beyond}, arraySlice(js, 1, length(js) - 1)) AS previous_j, seqs AS s, offsets AS offset,
                tps AS touchpoint, channels AS channel, score_types AS score_type, scores AS score, abouts AS about, values AS value,
                outcomes AS outcome, contacts AS contact
            WHERE {(candidates.Length == 0 ? "0" : candidates)} OR j != previous_j
            ORDER BY person, t, s
            """);

        // The engine's dictionaries hold every name of the workspace (a step may name a touchpoint this scope lacks).
        var touchpointNames = TouchpointNames();
        var touchpointCode = Codes(touchpointNames);
        var (channelNames, channelCode) = Dictionary(rows.Select(r => r[6]), reserveEmpty: false);
        var (outcomeNames, outcomeCode) = Dictionary(rows.Select(r => r[11]).Where(o => o.Length > 0), reserveEmpty: true);

        var builder = new EventTableBuilder(Math.Max(rows.Count, 16));
        var persons = new List<int>(); // where each person's rows begin
        var personNames = new List<string>();
        var journeyStarts = new List<int>();
        var journeyPersons = new List<int>();
        var ordinals = new List<int>();
        string? person = null;
        long journey = -1;
        var ordinal = 0;
        for (var i = 0; i < rows.Count; i++)
        {
            var r = rows[i];
            if (r[0] != person)
            {
                (person, journey, ordinal) = (r[0], -1, 0);
                persons.Add(i);
                personNames.Add(person);
            }

            if (Long(r[1]) != journey)
            {
                journey = Long(r[1]);
                journeyStarts.Add(i);
                journeyPersons.Add(persons.Count - 1);
                ordinals.Add(++ordinal);
            }

            builder.Add(checked((int)Long(r[3])), persons.Count - 1, Long(r[2]), (short)Long(r[4]), touchpointCode[r[5]], (ushort)channelCode[r[6]],
                (ScoreType)Long(r[7]), (sbyte)Long(r[8]), r[9].Length == 0 ? EventTable.NoAbout : touchpointCode[r[9]], Value(r[10]),
                r[11].Length == 0 ? (ushort)0 : (ushort)outcomeCode[r[11]], r[12].Length == 0 ? 0 : EventTable.ContactCode(r[12]));
        }

        var table = builder.Build(touchpointNames, channelNames, outcomeNames, new long[persons.Count]);
        journeyStarts.Add(rows.Count);
        var journeys = new JourneyIndex { JourneyStart = [.. journeyStarts], JourneyPerson = [.. journeyPersons], JourneyOrdinal = [.. ordinals], Gap = scope.Gap };
        return EngineOnly.Funnel(new JourneyEngine(table, journeys), query, personNames);
    }

    /// <summary>
    /// A funnel whose steps test touchpoints only: per person, one row with the time, journey number and step touchpoint
    /// (its place in the list of named touchpoints, 0 for any other) of the events a step may match and of each
    /// journey's first event — compact arrays instead of a row per event with every field.
    /// </summary>
    private FunnelAnswer TouchpointFunnel(Scope scope, FunnelQuery query, List<FunnelStepQuery> steps)
    {
        var named = steps.SelectMany(step => step.Touchpoints).Distinct(StringComparer.Ordinal).ToArray();
        var touchpointNames = TouchpointNames();
        var touchpointCode = Codes(touchpointNames);
        // Events a step may match: a named touchpoint, or every event when a step names none.
        var anyEvent = steps.Any(step => step.Touchpoints.Count == 0) ? "1" : "0";
        var list = TextArray(named);
        var lines = _cluster.OnShardLines($"""
            SELECT arrayFilter((x, keep) -> keep, times, flags), arrayFilter((x, keep) -> keep, js, flags), arrayFilter((x, keep) -> keep, codes, flags), person
            FROM (
                SELECT person, times, js, arrayMap(t -> indexOf({list}, t), tps) AS codes,
                    arrayMap((k, j, previous) -> {anyEvent} OR k > 0 OR j != previous, codes, js, arrayConcat({Beyond}, arraySlice(js, 1, length(js) - 1))) AS flags
                FROM ({PerPerson(scope, (_node, "tps"))}))
            """);

        // Events of no named touchpoint match no step by touchpoint: any touchpoint outside the list stands for them.
        var other = touchpointNames.FirstOrDefault(n => !named.Contains(n, StringComparer.Ordinal));
        var codes = named.Select(n => touchpointCode.TryGetValue(n, out var c) ? c : -1).Prepend(other is null ? -1 : touchpointCode[other]).ToArray();
        var builder = new EventTableBuilder(16);
        var (journeyStarts, journeyPersons, ordinals) = (new List<int>(), new List<int>(), new List<int>());
        var (times, journeyNumbers, stepCodes) = (new List<long>(), new List<long>(), new List<long>());
        var (rows, persons) = (0, 0);
        var personNames = new List<string>();
        foreach (var line in lines)
        {
            var fields = line.Split('\t');
            personNames.Add(ClickHouseCluster.Unescape(fields[3]));
            ArrayNumbers(fields[0], times);
            ArrayNumbers(fields[1], journeyNumbers);
            ArrayNumbers(fields[2], stepCodes);
            long journey = -1;
            var ordinal = 0;
            for (var i = 0; i < times.Count; i++, rows++)
            {
                if (journeyNumbers[i] != journey)
                {
                    journey = journeyNumbers[i];
                    journeyStarts.Add(rows);
                    journeyPersons.Add(persons);
                    ordinals.Add(++ordinal);
                }

                builder.Add(rows, persons, times[i], 0, codes[stepCodes[i]], 0, ScoreType.None, 0, EventTable.NoAbout, double.NaN, 0);
            }

            persons++;
        }

        var table = builder.Build(touchpointNames, [""], [""], new long[persons]);
        journeyStarts.Add(rows);
        var journeys = new JourneyIndex { JourneyStart = [.. journeyStarts], JourneyPerson = [.. journeyPersons], JourneyOrdinal = [.. ordinals], Gap = scope.Gap };
        return EngineOnly.Funnel(new JourneyEngine(table, journeys), query, personNames);
    }

    private static (string[] Names, Dictionary<string, int> Code) Dictionary(IEnumerable<string> names, bool reserveEmpty)
    {
        var list = reserveEmpty ? new List<string> { "" } : [];
        var code = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            if (code.TryAdd(name, list.Count))
            {
                list.Add(name);
            }
        }

        return ([.. list], code);
    }

    /// <summary>A Float64 as TSV writes it; no value is stored as nan.</summary>
    private static double Value(string text) => text switch
    {
        "nan" or "-nan" => double.NaN,
        "inf" => double.PositiveInfinity,
        "-inf" => double.NegativeInfinity,
        _ => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
    };
}
