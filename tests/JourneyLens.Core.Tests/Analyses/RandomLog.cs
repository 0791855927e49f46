using FsCheck;
using FsCheck.Fluent;
using JourneyLens.Core.Engine;
using JourneyLens.Core.Events;

namespace JourneyLens.Core.Tests.Analyses;

/// <summary>One event of a random log: a person, a time, a touchpoint (an index into the test's names) and a UTC offset.</summary>
internal sealed record Row(int Person, long Ts, int Touchpoint, short Offset = 0);

/// <summary>Random logs for the property tests: few distinct times, so that ties are common.</summary>
internal static class RandomLog
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
    public static JourneyEngine Engine(Row[] rows, string[] names, TimeSpan gap)
    {
        var builder = new EventTableBuilder();
        for (var i = 0; i < rows.Length; i++)
        {
            builder.Add(i, rows[i].Person, rows[i].Ts, rows[i].Offset, rows[i].Touchpoint, 0, ScoreType.None, 0, EventTable.NoAbout, double.NaN, 0);
        }

        var persons = rows.Length == 0 ? 1 : rows.Max(r => r.Person) + 1;
        var table = builder.Build(names, ["web"], [""], new long[persons]);
        return new JourneyEngine(table, JourneyIndex.Cut(table, gap));
    }
}
