using JourneyLens.Application.Analyses;
using JourneyLens.Application.Scopes;

namespace JourneyLens.ClickHouse;

public sealed partial class ClickHouseBackend
{
    /// <summary>
    /// The persons of the scope, the most active first: each shard sends its own first <paramref name="top"/> in the
    /// shared order (events, first seen, name — a total order, so the overall first are among them) and C# ranks them
    /// as the engine's rows are ranked (<see cref="PersonsAnalysis.Rank"/>). A person is named by its key identifier.
    /// </summary>
    private PersonListAnswer Persons(Scope scope, int top)
    {
        var rows = OnShards($"""
            SELECT person, length(times) AS events, toUInt64(1 + js[length(js)]), times[1] AS first, times[length(times)]
            FROM ({PerPerson(scope)})
            ORDER BY events DESC, first ASC, person ASC
            LIMIT {ClickHouseCluster.Number(top)}
            """, Combine.Key, Combine.Key, Combine.Key, Combine.Key, Combine.Key);
        var persons = Long(OnShards($"SELECT uniqExact(person) FROM {Events} WHERE {Where(scope)}", Combine.Sum)[0][0]);
        return new PersonListAnswer(persons, PersonsAnalysis.Rank(rows.Select(r => new PersonRow(r[0], Long(r[1]), Long(r[2]),
            DateTimeOffset.FromUnixTimeMilliseconds(Long(r[3])), DateTimeOffset.FromUnixTimeMilliseconds(Long(r[4])))), top));
    }
}
