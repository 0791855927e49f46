using JourneyLens.Application.Scopes;
using JourneyLens.Core.Engine;
using JourneyLens.Core.Experience;

namespace JourneyLens.ClickHouse;

public sealed partial class ClickHouseBackend
{
    /// <summary>
    /// Touchpoint importance from the Markov chain (docs/experience.md). Per journey on the shards: its events that are not
    /// answers, in order, cut before the first goal event, consecutive repeats collapsed; each step paired with the one
    /// before it (the start before the first), and marked as a loop when its touchpoint came earlier in the journey
    /// (<c>arrayEnumerateUniq</c> counts the occurrences so far). The transitions, the journeys at each touchpoint and where
    /// journeys end are added up (the arrays shifted by one are cut to the length of the original: a journey may have no
    /// step before its goal); the chain is solved and judged by the engine's own code (<see cref="Attribution.Finish"/>).
    /// </summary>
    private AttributionResult Attribution(Scope scope, string goal)
    {
        var names = TouchpointNames();
        TouchpointLookup.Code(names, goal, "goal"); // the engine's refusal, in its words
        var state = Codes(names);
        int State(string name) => name.Length == 0 ? 0 : state[name] + 1;

        var perPerson = PerPerson(scope, ("touchpoint", "tps"), ("score_type", "score_types"));
        var journeys = $"""
            SELECT converted, c, arraySlice(arrayConcat([''], c), 1, length(c)) AS froms, arrayEnumerateUniq(c) AS occurrence,
                if(length(c) = 0, '', c[length(c)]) AS last
            FROM (
                SELECT indexOf(sequence, {ClickHouseFilter.Literal(goal)}) AS g, g > 0 AS converted,
                    if(g > 0, arraySlice(sequence, 1, g - 1), sequence) AS path,
                    arrayFilter((x, previous) -> x != previous, path, arraySlice(arrayConcat([''], path), 1, length(path))) AS c
                FROM (
                    SELECT person, journey, arrayMap(x -> x.2, arraySort(x -> x.1, groupArrayIf((position, touchpoint), score_type = 0))) AS sequence
                    FROM ({perPerson})
                    ARRAY JOIN arrayEnumerate(tps) AS position, tps AS touchpoint, js AS journey, score_types AS score_type
                    GROUP BY person, journey))
            """;

        // One pass: each journey yields a row per transition (kind 0: from, to, whether a loop), per touchpoint it reaches
        // (1: first occurrences) and one for where it ends (2: last state, converted).
        var rows = OnShards($"""
            SELECT x.1 AS kind, x.2 AS a, x.3 AS b, count(), sum(x.4)
            FROM ({journeys})
            ARRAY JOIN arrayConcat(
                arrayMap((f, to, occ) -> (0, f, to, toUInt8(occ > 1)), froms, c, occurrence),
                arrayMap(at -> (1, at, '', toUInt8(0)), arrayFilter((at, occ) -> occ = 1, c, occurrence)),
                [(2, last, '', toUInt8(converted))]) AS x
            GROUP BY kind, a, b
            """, Combine.Key, Combine.Key, Combine.Key, Combine.Sum, Combine.Sum);

        var t = names.Length;
        var (toConversion, toNull, journeysAt, loops, leaving) = (new long[t + 1], new long[t + 1], new long[t + 1], new long[t + 1], new long[t + 1]);
        var counts = new Dictionary<(int From, int To), long>();
        long conversions = 0, all = 0;
        foreach (var r in rows)
        {
            var (n, marked) = (Long(r[3]), Long(r[4]));
            switch (r[0])
            {
                case "0":
                    var (from, to) = (State(r[1]), State(r[2]));
                    counts[(from, to)] = n;
                    if (from != 0)
                    {
                        leaving[from] += n;
                        loops[from] += marked;
                    }

                    break;
                case "1":
                    journeysAt[State(r[1])] = n;
                    break;
                default:
                    // marked: how many of these journeys converted
                    toConversion[State(r[1])] += marked;
                    toNull[State(r[1])] += n - marked;
                    conversions += marked;
                    all += n;
                    break;
            }
        }

        return Core.Experience.Attribution.Finish(names, goal, new Core.Experience.Attribution.ChainCounts(counts, toConversion, toNull, journeysAt, loops, leaving, conversions, all));
    }
}
