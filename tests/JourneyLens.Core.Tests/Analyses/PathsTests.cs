using FsCheck;
using FsCheck.Fluent;
using JourneyLens.Core.Analyses;
using JourneyLens.Core.Engine;

using JourneyLens.Testing;

namespace JourneyLens.Core.Tests.Analyses;

public class PathsTests
{
    private static readonly string[] Names = ["home", "zoek", "kassa", "bel", "café ☕"];

    private static Gen<Row[]> Logs => RandomLog.Rows(maxEvents: 150, maxPersons: 20, distinctTimes: 21, timeStepMs: 60_000, Names.Length);

    private static JourneyEngine Engine(Row[] rows) => RandomLog.Engine(rows, Names, TimeSpan.Zero);

    /// <summary>The definition, written plainly: collapse repeats, cut at the start and end points, keep N steps.</summary>
    private static List<string[]> ReferencePaths(Row[] rows, int steps, string? start, string? end)
    {
        var result = new List<string[]>();
        foreach (var person in rows.Select((r, i) => (r, i)).GroupBy(x => x.r.Person).OrderBy(g => g.Key))
        {
            var names = person.OrderBy(x => x.r.Ts).ThenBy(x => x.i).Select(x => Names[x.r.Touchpoint]).ToList();
            var collapsed = names.Where((n, i) => i == 0 || names[i - 1] != n).ToList();
            var from = start is null ? 0 : collapsed.IndexOf(start);
            if (from < 0)
            {
                continue;
            }

            var to = collapsed.Count;
            if (end is not null)
            {
                var at = collapsed.IndexOf(end, from);
                if (at < 0)
                {
                    continue;
                }

                to = at + 1;
                if (start is null)
                {
                    from = Math.Max(0, to - steps);
                }
            }

            result.Add(collapsed.Skip(from).Take(Math.Min(steps, to - from)).ToArray());
        }

        return result;
    }

    [Fact]
    public void Paths_match_the_plain_definition_and_every_sankey_column_adds_up()
    {
        var options =
            from stepCount in Gen.Choose(1, 6)
            from startAt in Gen.Elements<string?>(null, "zoek", "bel")
            from endAt in Gen.Elements<string?>(null, "kassa", "bel")
            select (Steps: stepCount, Start: startAt, End: endAt);
        Prop.ForAll(Logs.ToArbitrary(), options.ToArbitrary(), (rows, option) =>
        {
            var (steps, start, end) = option;
            var result = Paths.Compute(Engine(rows), new PathsRequest(steps, start, end, Top: 1000, MinNodeShare: 0.2));
            var expected = ReferencePaths(rows, steps, start, end).GroupBy(p => string.Join("/", p)).ToDictionary(g => g.Key, g => (long)g.Count());

            var pathsMatch = result.Journeys == expected.Values.Sum()
                && result.Paths.Count == expected.Count
                && result.Paths.All(p => expected[string.Join("/", p.Steps)] == p.Journeys);

            var reference = ReferencePaths(rows, steps, start, end);
            var columns = result.Sankey.Nodes.GroupBy(n => n.Column).ToDictionary(g => g.Key, g => g.Sum(n => n.Journeys));
            var columnsAddUp = columns.All(c => c.Value == reference.Count(p => p.Length >= Math.Max(1, c.Key))); // column c: paths that reached it, ended ones as (end)
            var edgesLeaveEveryNode = result.Sankey.Nodes.Where(n => n.Name != Paths.End)
                .All(n => result.Sankey.Edges.Where(e => e.FromColumn == n.Column && e.From == n.Name).Sum(e => e.Journeys) == n.Journeys);
            return pathsMatch && columnsAddUp && edgesLeaveEveryNode;
        }).QuickCheckThrowOnFailure();
    }
}
