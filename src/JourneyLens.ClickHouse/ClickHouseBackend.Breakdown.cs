using JourneyLens.Application.Backends;
using JourneyLens.Application.Registry;
using JourneyLens.Application.Scopes;

namespace JourneyLens.ClickHouse;

public sealed partial class ClickHouseBackend
{
    /// <summary>
    /// The persons of a breakdown group while its query is answered: a condition on a person's events (a
    /// <c>HAVING</c>), found among the scope's events, so every analysis runs per group unchanged (<see cref="Where"/>).
    /// </summary>
    private string? _group;

    /// <summary>
    /// The query answered once per group: by the first value of a field on a person's events (the largest groups,
    /// the rest together, those without one apart — the engine's own plan), or per named segment (a person may be in
    /// several). Free properties are not on the cluster yet, so breakdowns by them are refused.
    /// </summary>
    public BreakdownResult<TResult> AnswerPerGroup<TResult>(IQuery<TResult> query)
    {
        var breakdown = query.Over.Breakdown ?? throw new ArgumentException("the query has no breakdown", nameof(query));
        Refuse(query.Over, query.GetType());
        (_committed, _names) = (null, null);
        var scope = query.Over.Scope;
        var groups = breakdown.Segments.Count > 0
            ? [.. breakdown.Segments.Select(s => (s.Label, Persons: 0, Having: $"max({ClickHouseFilter.Sql(s.Expression)}) = 1"))]
            : FirstValueGroups(scope, breakdown, query.GetType());
        var results = new List<GroupResult<TResult>>(groups.Count);
        foreach (var (value, persons, having) in groups)
        {
            _group = having;
            try
            {
                var size = breakdown.Segments.Count > 0 ? (int)Long(OnShards($"SELECT uniqExact(person) FROM {Events} WHERE {Where(scope)}", Combine.Sum)[0][0]) : persons;
                results.Add(new GroupResult<TResult>(value, size, Answer(query)));
            }
            finally
            {
                _group = null;
            }
        }

        return new BreakdownResult<TResult>(breakdown.Name, results);
    }

    /// <summary>Persons per first value of the field (its first non-empty value in the engine's order), planned as the engine plans them.</summary>
    private List<(string Value, int Persons, string Having)> FirstValueGroups(Scope scope, Breakdown breakdown, Type query)
    {
        if (breakdown.By is not ("channel" or "touchpoint" or "outcome"))
        {
            throw new NotAnsweredException("ClickHouse", query, "breakdowns by properties");
        }

        var first = $"arrayFirst(v -> v != '', arrayMap(x -> x.3, arraySort(x -> (x.1, x.2), groupArray((ts_ms, seq, {breakdown.By})))))";
        var sizes = OnShards($"SELECT v, count() FROM (SELECT {first} AS v FROM {Events} WHERE {Where(scope)} GROUP BY person) GROUP BY v", Combine.Key, Combine.Sum)
            .ToDictionary(r => r[0].Length == 0 ? Core.Engine.Breakdown.None : r[0], r => (int)Long(r[1]), StringComparer.Ordinal);
        var (groups, kept) = Core.Engine.Breakdown.Plan(sizes, breakdown.Groups);
        var keptList = TextArray(kept.Order(StringComparer.Ordinal));
        return [.. groups.Select(g => (g.Value, g.Persons, g.Value switch
        {
            Core.Engine.Breakdown.None => $"{first} = ''",
            Core.Engine.Breakdown.Other => $"{first} != '' AND NOT has({keptList}, {first})",
            var value => $"{first} = {ClickHouseFilter.Literal(value)}",
        }))];
    }
}
