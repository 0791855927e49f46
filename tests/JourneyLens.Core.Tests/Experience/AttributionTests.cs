using JourneyLens.Core.Engine;
using JourneyLens.Core.Events;
using JourneyLens.Core.Experience;
using JourneyLens.Core.Tests.Analyses;
using JourneyLens.Core.Errors;

using JourneyLens.Testing;

namespace JourneyLens.Core.Tests.Experience;

public class AttributionTests
{
    private static readonly string[] Names = ["A", "B", "C", "goal"];

    /// <summary>One person per journey: each sequence of touchpoint names becomes its own journey.</summary>
    private static JourneyEngine Journeys(params string[][] journeys) =>
        RandomLog.Engine([.. journeys.SelectMany((steps, p) => steps.Select((s, i) => new Row(p, i * 1000L, Array.IndexOf(Names, s))))], Names, TimeSpan.Zero);

    /// <summary>
    /// By hand: start→A ¾, start→B ¼; A→goal ⅓, A→B ⅓, A→null ⅓; B→goal ½, B→null ½. So x_B = ½, x_A = ⅓ + ⅓·½ = ½,
    /// P(conversion) = ½. Without A: ¼·½ = ⅛, removal effect ¾. Without B: ¾·⅓ = ¼, removal effect ½. Two conversions
    /// attributed 0.75 : 0.5, so 1.2 and 0.8.
    /// </summary>
    [Fact]
    public void A_hand_computed_chain()
    {
        var result = Attribution.Compute(Journeys(["A", "goal"], ["A", "B", "goal"], ["B"], ["A"]), "goal");

        result.ConversionProbability.ShouldBe(0.5, 1e-12);
        result.Conversions.ShouldBe(2);
        var a = result.Touchpoints.Single(t => t.Touchpoint == "A");
        var b = result.Touchpoints.Single(t => t.Touchpoint == "B");
        a.RemovalEffect.ShouldBe(0.75, 1e-12);
        b.RemovalEffect.ShouldBe(0.5, 1e-12);
        a.AttributedConversions.ShouldBe(1.2, 1e-12);
        b.AttributedConversions.ShouldBe(0.8, 1e-12);
        a.ConversionFromHere.ShouldBe(0.5, 1e-12);
        b.ConversionFromHere.ShouldBe(0.5, 1e-12);
    }

    /// <summary>The exact absorption probabilities against random walks on the same transition counts (Monte Carlo).</summary>
    [Fact]
    public void Exact_conversion_and_removal_effects_equal_a_monte_carlo_estimate()
    {
        var random = new Random(7);
        for (var round = 0; round < 5; round++)
        {
            var journeys = Enumerable.Range(0, 60).Select(_ =>
            {
                var steps = Enumerable.Range(0, random.Next(1, 6)).Select(_ => Names[random.Next(0, 3)]).ToList();
                if (random.NextDouble() < 0.4)
                {
                    steps.Add("goal");
                }

                return steps.ToArray();
            }).ToArray();
            var result = Attribution.Compute(Journeys(journeys), "goal");

            // Transition counts as the chain sees them: repeats collapsed, paths cut at the goal.
            var transitions = new Dictionary<string, List<string>>();
            foreach (var journey in journeys)
            {
                var path = new List<string> { "start" };
                foreach (var step in journey)
                {
                    if (step == "goal")
                    {
                        path.Add("conversion");
                        break;
                    }

                    if (step != path[^1])
                    {
                        path.Add(step);
                    }
                }

                if (path[^1] != "conversion")
                {
                    path.Add("null");
                }

                for (var i = 1; i < path.Count; i++)
                {
                    (transitions.TryGetValue(path[i - 1], out var list) ? list : transitions[path[i - 1]] = []).Add(path[i]);
                }
            }

            double Simulate(string? removed)
            {
                var walks = 200_000;
                var converted = 0;
                for (var w = 0; w < walks; w++)
                {
                    var state = "start";
                    while (state is not ("conversion" or "null"))
                    {
                        var next = transitions[state];
                        state = next[random.Next(next.Count)];
                        state = state == removed ? "null" : state;
                    }

                    converted += state == "conversion" ? 1 : 0;
                }

                return (double)converted / walks;
            }

            var simulated = Simulate(null);
            result.ConversionProbability.ShouldBe(simulated, 0.006);
            foreach (var t in result.Touchpoints)
            {
                var without = Simulate(t.Touchpoint);
                (result.ConversionProbability * (1 - t.RemovalEffect)).ShouldBe(without, 0.006, t.Touchpoint);
            }
        }
    }

    [Fact]
    public void Loops_make_a_touchpoint_unnecessary_and_an_unknown_goal_is_a_clear_error()
    {
        var result = Attribution.Compute(Journeys(["A", "B", "A", "B", "A", "goal"], ["A", "C", "goal"], ["A", "B", "A"], ["A", "C"], ["A", "C", "goal"]), "goal");

        result.Touchpoints.Single(t => t.Touchpoint == "B").Verdict.ShouldBe(Verdict.Unnecessary);
        result.Touchpoints.Single(t => t.Touchpoint == "A").Verdict.ShouldBe(Verdict.Decisive);
        Should.Throw<Core.Errors.AnalysisException>(() => Attribution.Compute(Journeys(["A"]), "Goal")).Message.ShouldContain("did you mean: goal");
    }
}
