using FsCheck;
using FsCheck.Fluent;
using JourneyLens.Core.Analyses;
using JourneyLens.Core.Engine;
using JourneyLens.Core.Events;

namespace JourneyLens.Core.Tests.Analyses;

public class PathsTests
{
    private static readonly string[] Names = ["home", "zoek", "kassa", "bel", "café ☕"];

    private sealed record Row(int Person, long Ts, int Touchpoint);

    private static Gen<Row[]> Logs =>
        from n in Gen.Choose(0, 150)
        from persons in Gen.Choose(1, 20)
        from rows in Gen.ArrayOf(
            from p in Gen.Choose(0, persons - 1)
            from t in Gen.Choose(0, 20)
            from tp in Gen.Choose(0, Names.Length - 1)
            select new Row(p, t * 60_000L, tp), n)
        select rows;

    private static JourneyEngine Engine(Row[] rows)
    {
        var builder = new EventTableBuilder();
        for (var i = 0; i < rows.Length; i++)
        {
            builder.Add(i, rows[i].Person, rows[i].Ts, 0, rows[i].Touchpoint, 0, ScoreType.None, 0, EventTable.NoAbout, double.NaN, 0);
        }

        var persons = rows.Length == 0 ? 1 : rows.Max(r => r.Person) + 1;
        var table = builder.Build(Names, ["web"], [""], new long[persons]);
        return new JourneyEngine(table, JourneyIndex.Cut(table, TimeSpan.Zero));
    }

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
