using FsCheck;
using FsCheck.Fluent;
using JourneyLens.Core.Analyses;
using JourneyLens.Core.Engine;
using JourneyLens.Testing;

namespace JourneyLens.Core.Tests.Analyses;

public class PersonListTests
{
    private static readonly string[] Names = ["a", "b", "c"];

    /// <summary>The definition, written plainly from the rows (and journeys as the reference cuts them), on a kept subset of the events.</summary>
    private static List<PersonInScope> Reference(Row[] rows, TimeSpan gap) =>
        rows.GroupBy(r => r.Person)
            .Select(g => new PersonInScope(g.Key, g.Count(), RandomLog.Journeys([.. g], gap).Count, g.Min(r => r.Ts), g.Max(r => r.Ts)))
            .OrderByDescending(p => p.Events).ThenBy(p => p.FirstMs).ThenBy(p => p.Person).ToList();

    [Fact]
    public void The_persons_of_a_scope_are_those_a_plain_count_finds_and_persons_filtered_out_are_not_listed()
    {
        var cases =
            from rows in RandomLog.Rows(maxEvents: 80, maxPersons: 12, distinctTimes: 20, timeStepMs: 3_600_000, Names.Length)
            from top in Gen.Choose(1, 15)
            from kept in Gen.Choose(0, Names.Length - 1)
            select (rows, top, kept);
        var gap = TimeSpan.FromHours(5);
        Prop.ForAll(cases.ToArbitrary(), c =>
        {
            // Only the events at one touchpoint are kept: the others' persons keep their slots, empty.
            var engine = RandomLog.Engine(c.rows, Names, gap);
            var events = EventTableFilter.Where(engine.Events, i => engine.Events.Touchpoint[i] == c.kept);
            var result = PersonList.Compute(new JourneyEngine(events, JourneyIndex.Cut(events, gap)), c.top);

            var expected = Reference([.. c.rows.Where(r => r.Touchpoint == c.kept)], gap);
            result.Persons.ShouldBe(expected.Count);
            result.Top.ShouldBe(expected.Take(c.top).ToList());
        }).QuickCheckThrowOnFailure();
    }
}
