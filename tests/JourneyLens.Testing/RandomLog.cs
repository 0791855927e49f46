using FsCheck;
using FsCheck.Fluent;
using JourneyLens.Core.Engine;
using JourneyLens.Core.Events;

namespace JourneyLens.Testing;

/// <summary>
/// One event of a random log: a person, a time, a touchpoint (an index into the test's names) and a UTC offset; for
/// survey answers a score type, score and the touchpoint it is about.
/// </summary>
public sealed record Row(int Person, long Ts, int Touchpoint, short Offset = 0)
{
    public ushort Channel { get; init; }
    public ScoreType Type { get; init; } = ScoreType.None;
    public sbyte Score { get; init; }
    public int About { get; init; } = EventTable.NoAbout;
}

/// <summary>Random logs for the property tests: few distinct times, so that ties are common.</summary>
public static class RandomLog
{
    public static Gen<Row[]> Rows(int maxEvents, int maxPersons, int distinctTimes, long timeStepMs, int touchpoints, Gen<short>? offsets = null) =>
        from n in Gen.Choose(0, maxEvents)
        from persons in Gen.Choose(1, maxPersons)
        from rows in Gen.ArrayOf(
            from p in Gen.Choose(0, persons - 1)
            from t in Gen.Choose(0, distinctTimes - 1)
            from tp in Gen.Choose(0, touchpoints - 1)
            from off in offsets ?? Gen.Constant((short)0)
            select new Row(p, t * timeStepMs, tp, off), n)
        select rows;

    /// <summary>The engine over the rows, in input order, with journeys cut at <paramref name="gap"/>.</summary>
    public static JourneyEngine Engine(Row[] rows, string[] names, TimeSpan gap, string[]? channels = null)
    {
        var builder = new EventTableBuilder();
        for (var i = 0; i < rows.Length; i++)
        {
            var r = rows[i];
            builder.Add(i, r.Person, r.Ts, r.Offset, r.Touchpoint, r.Channel, r.Type, r.Score, r.About, double.NaN, 0);
        }

        var persons = rows.Length == 0 ? 1 : rows.Max(r => r.Person) + 1;
        var table = builder.Build(names, channels ?? ["web"], [""], new long[persons]);
        return new JourneyEngine(table, JourneyIndex.Cut(table, gap));
    }

    /// <summary>Journeys as a reference sees them: per person in time then input order, a new one after a gap longer than <paramref name="gap"/>.</summary>
    public static List<List<Row>> Journeys(Row[] rows, TimeSpan gap)
    {
        var journeys = new List<List<Row>>();
        foreach (var person in rows.Select((r, i) => (r, i)).GroupBy(x => x.r.Person).OrderBy(g => g.Key))
        {
            List<Row>? current = null;
            foreach (var (r, _) in person.OrderBy(x => x.r.Ts).ThenBy(x => x.i))
            {
                if (current is null || r.Ts - current[^1].Ts > gap.TotalMilliseconds)
                {
                    journeys.Add(current = []);
                }

                current.Add(r);
            }
        }

        return journeys;
    }

    /// <summary>The plain median a reference states its expectations with: the middle value, or the mean of the middle two.</summary>
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
