using FsCheck;
using FsCheck.Fluent;
using JourneyLens.Core.Catalogue;
using JourneyLens.Core.Experience;
using JourneyLens.Core.Improvement;
using JourneyLens.Testing;

namespace JourneyLens.Core.Tests.Improvement;

/// <summary>Loops and long waits against a plain reading of docs/improve.md on random logs; the severity rules at their edges.</summary>
public class PainPointsTests
{
    private static readonly string[] Names = ["a", "b", "c", "d"];
    private static readonly TimeSpan Gap = TimeSpan.FromHours(10);

    // a and b share a phase, c has another, d is not in the catalogue: waits only between a and b count.
    private static readonly TouchpointCatalogue Catalogue = new(
        [new TouchpointInfo("a", Phases: new Dictionary<string, string> { ["lifecycle"] = "buy" }),
         new TouchpointInfo("b", Phases: new Dictionary<string, string> { ["lifecycle"] = "buy" }),
         new TouchpointInfo("c", Phases: new Dictionary<string, string> { ["lifecycle"] = "use" })], []);

    private static PainRequest Request => new(ChannelClasses.Default, Catalogue, Lens.Default,
        new PainRules(MinCases: 1, FailedSelfServiceRate: 2, RepeatContactRate: 2, LoopShare: 0, LongWaitSeconds: 3 * 3600));

    [Fact]
    public void Loops_and_long_waits_match_a_plain_count()
    {
        Prop.ForAll(RandomLog.Rows(60, 5, 30, 3_600_000L, Names.Length).ToArbitrary(), rows =>
        {
            var result = PainPoints.Detect(RandomLog.Engine(rows, Names, Gap), Request);

            var journeys = RandomLog.Journeys(rows, Gap).Select(j => (Person: j[0].Person, Steps: Collapse(j))).ToList();
            var loops = new Dictionary<string, (long, double)>();
            for (var t = 0; t < Names.Length; t++)
            {
                var at = journeys.Where(j => j.Steps.Any(r => r.Touchpoint == t)).ToList();
                var looping = at.Where(j => j.Steps.Count(r => r.Touchpoint == t) > 1).ToList();
                if (at.Count > 0)
                {
                    loops[Names[t]] = (looping.Select(j => j.Person).Distinct().Count(), (double)looping.Count / at.Count);
                }
            }

            result.Pains.Where(p => p.Kind == PainKind.Loop).ToDictionary(p => p.At, p => (p.CustomersAffected, p.Effect)).ShouldBe(loops, ignoreOrder: true);

            string? Phase(int t) => t switch { 0 or 1 => "buy", 2 => "use", _ => null };
            var waits = journeys
                .SelectMany(j => j.Steps.Zip(j.Steps.Skip(1), (x, y) => (j.Person, From: x, To: y)))
                .Where(w => Phase(w.From.Touchpoint) is { } p && p == Phase(w.To.Touchpoint))
                .GroupBy(w => $"{Names[w.From.Touchpoint]} → {Names[w.To.Touchpoint]}")
                .Select(g => (Edge: g.Key, Seconds: g.Select(w => (w.To.Ts - w.From.LastTs) / 1000.0).ToList(), Persons: g.Where(w => w.To.Ts - w.From.LastTs >= 3 * 3_600_000L).Select(w => w.Person).Distinct().Count()))
                .Where(g => RandomLog.Median(g.Seconds) >= 3 * 3600)
                .ToDictionary(g => g.Edge, g => ((long)g.Persons, RandomLog.Median(g.Seconds)));

            result.Pains.Where(p => p.Kind == PainKind.LongWait).ToDictionary(p => p.At, p => (p.CustomersAffected, p.Effect)).ShouldBe(waits, ignoreOrder: true);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void The_customers_kept_for_a_drill_down_are_those_counted_and_who_a_plain_reading_finds()
    {
        var channels = new[] { "web", "phone" };
        var request = Request with { Rules = Request.Rules with { FailedSelfServiceRate = 0, RepeatContactRate = 0 }, Channels = ChannelClasses.Default };
        Prop.ForAll(RandomLog.Rows(60, 5, 30, 3_600_000L, Names.Length).ToArbitrary(), rows =>
        {
            var engine = RandomLog.Engine(rows, Names, Gap, channels);
            var counted = PainPoints.Detect(engine, request);
            var kept = PainPoints.Detect(engine, request with { RecordPersons = true });

            // Recording changes no figure; every pain keeps exactly the customers it counts, each once, in person order.
            kept.Pains.Select(p => (p.Key, p.CustomersAffected, p.Effect)).ShouldBe(counted.Pains.Select(p => (p.Key, p.CustomersAffected, p.Effect)));
            foreach (var pain in kept.Pains)
            {
                pain.Persons.Count.ShouldBe((int)pain.CustomersAffected, pain.Key);
                pain.Persons.ShouldBe(pain.Persons.Distinct().Order().ToList(), pain.Key);
            }

            // A loop's customers: those with a journey that comes back to it after going elsewhere.
            var journeys = RandomLog.Journeys(rows, Gap).Select(j => (Person: j[0].Person, Steps: Collapse(j))).ToList();
            foreach (var loop in kept.Pains.Where(p => p.Kind == PainKind.Loop))
            {
                var t = Array.IndexOf(Names, loop.At);
                loop.Persons.ShouldBe(journeys.Where(j => j.Steps.Count(r => r.Touchpoint == t) > 1).Select(j => j.Person).Distinct().Order().ToList(), loop.Key);
            }
        }).QuickCheckThrowOnFailure();
    }

    /// <summary>A journey's touchpoints with consecutive repeats collapsed; each keeps the time of its first and last event.</summary>
    private static List<(int Touchpoint, long Ts, long LastTs)> Collapse(List<Row> journey)
    {
        var steps = new List<(int Touchpoint, long Ts, long LastTs)>();
        foreach (var r in journey)
        {
            if (steps.Count > 0 && steps[^1].Touchpoint == r.Touchpoint)
            {
                steps[^1] = steps[^1] with { LastTs = r.Ts };
            }
            else
            {
                steps.Add((r.Touchpoint, r.Ts, r.Ts));
            }
        }

        return steps;
    }


    [Theory]
    [InlineData(0.01, 1)]
    [InlineData(0.20, 1)]
    [InlineData(0.21, 2)]
    [InlineData(0.60, 3)]
    [InlineData(0.75, 4)]
    [InlineData(1.00, 5)]
    public void Every_twenty_percent_adds_a_point_of_severity(double share, int severity) =>
        DetectedPain.SeverityOfShare(share).ShouldBe(severity);

    [Fact]
    public void Without_a_long_wait_limit_waits_are_not_looked_for_and_the_result_says_so()
    {
        var rows = new[] { new Row(0, 0, 0), new Row(0, 9 * 3_600_000L, 1) };

        var result = PainPoints.Detect(RandomLog.Engine(rows, Names, Gap), Request with { Rules = Request.Rules with { LongWaitSeconds = null } });

        result.Pains.ShouldNotContain(p => p.Kind == PainKind.LongWait);
        result.Notes.ShouldHaveSingleItem().ShouldContain("--long-wait");
    }
}
