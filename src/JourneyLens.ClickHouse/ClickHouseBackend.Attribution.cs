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

        var t = names.Length;
        var (toConversion, toNull, journeysAt, loops, leaving) = (new long[t + 1], new long[t + 1], new long[t + 1], new long[t + 1], new long[t + 1]);
        var counts = new Dictionary<(int From, int To), long>();
        foreach (var r in OnShards($"""
            SELECT from_state, to_state, count(), countIf(occ > 1) FROM ({journeys})
            ARRAY JOIN froms AS from_state, c AS to_state, occurrence AS occ
            GROUP BY from_state, to_state
            """, Combine.Key, Combine.Key, Combine.Sum, Combine.Sum))
        {
            var (from, to) = (State(r[0]), State(r[1]));
            counts[(from, to)] = Long(r[2]);
            if (from != 0)
            {
                leaving[from] += Long(r[2]);
                loops[from] += Long(r[3]);
            }
        }

        foreach (var r in OnShards($"SELECT at, count() FROM ({journeys}) ARRAY JOIN c AS at, occurrence AS occ WHERE occ = 1 GROUP BY at", Combine.Key, Combine.Sum))
        {
            journeysAt[State(r[0])] = Long(r[1]);
        }

        long conversions = 0, all = 0;
        foreach (var r in OnShards($"SELECT last, converted, count() FROM ({journeys}) GROUP BY last, converted", Combine.Key, Combine.Key, Combine.Sum))
        {
            var n = Long(r[2]);
            (r[1] == "1" ? toConversion : toNull)[State(r[0])] += n;
            conversions += r[1] == "1" ? n : 0;
            all += n;
        }

        return Core.Experience.Attribution.Finish(names, goal, new Core.Experience.Attribution.ChainCounts(counts, toConversion, toNull, journeysAt, loops, leaving, conversions, all));
    }
}
