using FsCheck;
using FsCheck.Fluent;
using JourneyLens.Core.Analyses;
using JourneyLens.Testing;

namespace JourneyLens.Core.Tests.Analyses;

public class FieldValuesTests
{
    private static readonly string[] Names = ["home", "zoek", "kassa", "bel", "café ☕", "Zoek"];

    /// <summary>The definition, written plainly: per value the distinct persons and the events; most persons first, then events, then name.</summary>
    private static List<FieldValueCount> Reference(Row[] rows) =>
        rows.GroupBy(r => Names[r.Touchpoint])
            .Select(g => new FieldValueCount(g.Key, g.Select(r => r.Person).Distinct().Count(), g.Count()))
            .OrderByDescending(v => v.Persons).ThenByDescending(v => v.Events).ThenBy(v => v.Value, StringComparer.Ordinal).ToList();

    [Fact]
    public void Values_count_persons_and_events_as_the_plain_definition_does()
    {
        var cases =
            from rows in RandomLog.Rows(maxEvents: 120, maxPersons: 15, distinctTimes: 9, timeStepMs: 60_000, Names.Length)
            from top in Gen.Choose(1, 8)
            select (rows, top);
        Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var events = RandomLog.Engine(c.rows, Names, TimeSpan.Zero).Events;
            var result = FieldValues.Compute(events, "touchpoint", i => events.TouchpointNames[events.Touchpoint[i]], c.top);
            var expected = Reference(c.rows);
            result.DistinctValues.ShouldBe(expected.Count);
            result.Values.ShouldBe(expected.Take(c.top).ToList());
            result.EventsWithout.ShouldBe(0);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Events_without_a_value_are_counted_apart_and_never_listed()
    {
        var rows = new[] { new Row(0, 0, 0), new Row(0, 1, 1), new Row(1, 2, 1), new Row(1, 3, 2) };
        var events = RandomLog.Engine(rows, Names, TimeSpan.Zero).Events;

        var result = FieldValues.Compute(events, "touchpoint", i => events.Touchpoint[i] == 1 ? null : events.TouchpointNames[events.Touchpoint[i]], 10);

        result.EventsWithout.ShouldBe(2);
        result.Values.Select(v => v.Value).ShouldBe(["home", "kassa"]);
    }
}
