using JourneyLens.Application.Scopes;
using JourneyLens.Core.Analyses;
using JourneyLens.Core.Errors;

namespace JourneyLens.ClickHouse;

public sealed partial class ClickHouseBackend
{
    /// <summary>
    /// Paths (docs/analyses.md) on the shards: each journey's touchpoints in order with consecutive repeats collapsed
    /// (an element kept where it differs from the one before, passed in as the array shifted by one), sliced from the
    /// start and up to the end as the embedded engine slices them, then counted per distinct path with its conversions,
    /// NPS answers and durations (gathered from every shard: a median does not add up). The top paths, their medians and
    /// the Sankey are made by the embedded engine's own code (<see cref="Core.Analyses.Paths.Finish"/>).
    /// </summary>
    private PathsResult Paths(Scope scope, PathsRequest request)
    {
        if (request.Steps is < 1 or > 50)
        {
            throw new AnalysisException("--steps must be between 1 and 50");
        }

        var names = TouchpointNames();
        var code = Codes(names);
        string? Known(string? name, string what) =>
            name is null || code.ContainsKey(name) ? name : throw new AnalysisException($"{what}: no touchpoint '{name}' in the workspace");
        var (start, end, goal) = (Known(request.StartAt, "--start"), Known(request.EndAt, "--end"), Known(request.Goal, "--goal"));

        var nps = ClickHouseCluster.Number((long)Core.Events.ScoreType.Nps);
        var steps = ClickHouseCluster.Number(request.Steps);
        var perPerson = PerPerson(scope, (_node, "tps"), ("score_type", "score_types"), ("toInt64(score)", "scores"));
        // Positions 0-based: [f, t) of the collapsed sequence c. Elements are taken with unsigned indexes: 18.16 answers 0
        // for arr[i] with a signed i on an array that is not a constant. Without a start the path starts at the first step; with an
        // end it stops after its first occurrence from f on (and, without a start, keeps only the last N steps before it).
        var first = start is null ? "toInt64(0)" : $"toInt64(indexOf(c, {ClickHouseFilter.Literal(start)})) - 1";
        var stop = end is null ? "toInt64(length(c))" : $"f0 + toInt64(indexOf(arraySlice(c, f0 + 1), {ClickHouseFilter.Literal(end)}))";
        var from = end is not null && start is null ? $"greatest(f0, t0 - {steps})" : "f0";
        var kept = (start is null ? "1" : "f0 >= 0") + (end is null ? "" : " AND t0 > f0");
        var rows = OnShards($"""
            SELECT path, count(), sum(converted), sum(nps_sum), sum(nps_count), groupArray(duration)
            FROM (
                SELECT arrayFilter((x, previous) -> x != previous, sequence, arrayConcat([''], arraySlice(sequence, 1, length(sequence) - 1))) AS c,
                    arrayFilter((time, x, previous) -> x != previous, journey_times, sequence, arrayConcat([''], arraySlice(sequence, 1, length(sequence) - 1))) AS ct,
                    {first} AS f0, {stop} AS t0, {from} AS f, least(t0, f + {steps}) AS t,
                    arraySlice(c, f + 1, t - f) AS path, ct[toUInt64(t)] - ct[toUInt64(f + 1)] AS duration, converted, nps_sum, nps_count
                FROM (
                    SELECT person, journey,
                        arrayMap(x -> x.2, arraySort(x -> x.1, groupArray((position, touchpoint)))) AS sequence,
                        arrayMap(x -> x.2, arraySort(x -> x.1, groupArray((position, time)))) AS journey_times,
                        {(goal is null ? "0" : $"max(touchpoint = {ClickHouseFilter.Literal(goal)})")} AS converted,
                        sumIf(score, score_type = {nps}) AS nps_sum, countIf(score_type = {nps}) AS nps_count
                    FROM ({perPerson})
                    ARRAY JOIN arrayEnumerate(tps) AS position, tps AS touchpoint, times AS time, js AS journey, score_types AS score_type, scores AS score
                    GROUP BY person, journey)
                WHERE {kept})
            GROUP BY path
            """, Combine.Key, Combine.Sum, Combine.Sum, Combine.Sum, Combine.Sum, Combine.Concat);

        var groups = rows.Select(r => new Core.Analyses.Paths.PathGroup([.. Strings(r[0]).Select(n => code[n])], Long(r[1]), Long(r[2]), Long(r[3]), Long(r[4]),
            () => DurationStats.Of(Seconds(r[5])).Median)).ToList();
        return Core.Analyses.Paths.Finish(names, groups, groups.Sum(g => g.Journeys), request, goal is not null);
    }
}
