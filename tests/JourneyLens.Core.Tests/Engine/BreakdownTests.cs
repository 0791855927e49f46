using FsCheck;
using FsCheck.Fluent;
using JourneyLens.Core.Analyses;
using JourneyLens.Core.Catalogue;
using JourneyLens.Core.Engine;
using JourneyLens.Core.Tests.Analyses;

using JourneyLens.Testing;

namespace JourneyLens.Core.Tests.Engine;

public class BreakdownTests
{
    private static readonly string[] Names = ["a", "b", "c", "d"];

    /// <summary>Reference: each person's group is the touchpoint of their first event, folded as the breakdown folds.</summary>
    [Fact]
    public void First_touch_groups_partition_the_persons_and_the_funnel_adds_up()
    {
        var logs = RandomLog.Rows(maxEvents: 60, maxPersons: 12, distinctTimes: 10, timeStepMs: 60_000, Names.Length);
        // Cut from a random time on, as a date range narrows: persons with no event left are in no group, not in "(none)".
        Prop.ForAll(logs.ToArbitrary(), Gen.Choose(1, 4).ToArbitrary(), Gen.Choose(0, 6).ToArbitrary(), (rows, maxGroups, cut) =>
        {
            var all = RandomLog.Engine(rows, Names, TimeSpan.Zero).Events;
            var t = EventTableFilter.Between(all, cut * 60_000L, long.MaxValue);
            var engine = new JourneyEngine(t, JourneyIndex.Cut(t, TimeSpan.Zero));
            var groups = Breakdown.ByFirstValue(t, i => t.TouchpointNames[t.Touchpoint[i]], maxGroups);

            var first = Enumerable.Range(0, t.PersonCount).Where(p => t.PersonStart[p + 1] > t.PersonStart[p]).Select(p => t.TouchpointNames[t.Touchpoint[t.PersonStart[p]]]).ToList();
            var top = first.Where(f => f != Breakdown.None).GroupBy(f => f).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).Take(maxGroups).Select(g => g.Key).ToHashSet();
            var expected = first.Select(f => f == Breakdown.None || top.Contains(f) ? f : Breakdown.Other).GroupBy(f => f).ToDictionary(g => g.Key, g => g.Count());

            groups.ToDictionary(g => g.Value, g => g.Persons).ShouldBe(expected, ignoreOrder: true);
            groups.Sum(g => g.Events.EventCount).ShouldBe(t.EventCount);

            var request = new FunnelRequest([new FunnelStep("S1", ["a"]), new FunnelStep("S2", ["b", "c"])], TimeSpan.FromMinutes(5));
            var whole = Funnel.Compute(engine, request);
            var parts = groups.Select(g => Funnel.Compute(new JourneyEngine(g.Events, JourneyIndex.Cut(g.Events, TimeSpan.Zero)), request)).ToList();
            for (var s = 0; s < 2; s++)
            {
                parts.Sum(p => p.Steps[s].Count).ShouldBe(whole.Steps[s].Count);
            }
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Phase_nodes_follow_the_lens_order_and_unknown_touchpoints_have_no_phase()
    {
        var catalogue = new TouchpointCatalogue(
            [new TouchpointInfo("a", Phases: new Dictionary<string, string> { ["functional"] = "sales" }), new TouchpointInfo("b", Phases: new Dictionary<string, string> { ["functional"] = "marketing" })],
            []);
        var engine = RandomLog.Engine([new Row(0, 0, 1), new Row(0, 1000, 0), new Row(0, 2000, 2), new Row(0, 3000, 0)], Names, TimeSpan.Zero);

        var phases = NodeGrouping.ByPhase(engine.Events, catalogue, "functional");

        phases.TouchpointNames.ShouldBe(["marketing", "sales", "service", TouchpointCatalogue.NoPhase]);
        phases.Touchpoint.Select(c => phases.TouchpointNames[c]).ShouldBe(["marketing", "sales", TouchpointCatalogue.NoPhase, "sales"]);
        var variants = Variants.Compute(new JourneyEngine(phases, engine.Journeys), 5);
        variants.Variants.Single().Sequence.ShouldBe(["marketing", "sales", TouchpointCatalogue.NoPhase, "sales"]);
    }
}
