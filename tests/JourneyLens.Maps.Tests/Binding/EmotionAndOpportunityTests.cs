using JourneyLens.Core.Catalogue;
using JourneyLens.Core.Events;
using JourneyLens.Core.Experience;
using JourneyLens.Core.Improvement;
using JourneyLens.Maps.Binding;
using JourneyLens.Maps.Model;
using JourneyLens.Testing;

namespace JourneyLens.Maps.Tests.Binding;

/// <summary>The documented mapping from scores to the emotion scale, and the opportunity board's figures.</summary>
public class EmotionAndOpportunityTests
{
    [Theory]
    [InlineData(ScoreType.Nps, -100, -2)]
    [InlineData(ScoreType.Nps, 0, 0)]
    [InlineData(ScoreType.Nps, 50, 1)]
    [InlineData(ScoreType.Csat, 0.5, 0)]
    [InlineData(ScoreType.Csat, 1.0, 2)]
    [InlineData(ScoreType.Csat, 0.0, -2)]
    [InlineData(ScoreType.Ces, 4, 0)]
    [InlineData(ScoreType.Ces, 1, 2)]
    [InlineData(ScoreType.Ces, 7, -2)]
    public void Neutral_scores_land_on_zero_and_the_ends_on_the_ends_of_the_scale(ScoreType type, double score, double emotion) =>
        EmotionScale.FromScore(type, score).ShouldBe(emotion, 1e-12);

    [Fact]
    public void Several_scores_weigh_by_answers_too_few_do_not_count_and_effort_bounds_swap()
    {
        var nps = new ScoreFigure(ScoreType.Nps, 300, 50, 40, 60, TooFew: false);      // +1.0 [0.8, 1.2]
        var ces = new ScoreFigure(ScoreType.Ces, 100, 5.5, 5.2, 5.8, TooFew: false);    // −1.0 [−1.2, −0.8]
        var few = new ScoreFigure(ScoreType.Csat, 10, 0, 0, 0.3, TooFew: true);

        var e = EmotionScale.From([nps, ces, few])!;

        e.Value.ShouldBe(((300 * 1.0) + (100 * -1.0)) / 400, 1e-12);
        e.Low.ShouldBe(((300 * 0.8) + (100 * -1.2)) / 400, 1e-12);
        e.High.ShouldBe(((300 * 1.2) + (100 * -0.8)) / 400, 1e-12);
        e.Answers.ShouldBe(400);
        EmotionScale.From([few]).ShouldBeNull("too few answers give no measured emotion");
    }

    private static Opportunity Opportunity(string id, string? metric, string? baseline, double? target, int? effort) =>
        new(id, id, ["s0"], ["p"], null, [], OpportunityStatus.Idea, metric, baseline, target, effort, new Position(1, 1));

    [Fact]
    public void The_board_measures_now_against_the_baseline_and_says_what_is_missing()
    {
        // Four persons reach a; one goes on to b: reach of b is 1 of 4 journeys.
        var rows = new[] { new Row(0, 0, 0), new Row(0, 60_000, 1), new Row(1, 0, 0), new Row(2, 0, 0), new Row(3, 0, 0) };
        var engine = RandomLog.Engine(rows, ["a", "b"], TimeSpan.FromHours(10));
        var steps = new[] { new Step("s0", "p", "A", [], [], null, ["a"], null, true, null, null, null, new Position(1, 1)) };
        var map = new JourneyMap("m", "Map", MapState.Current, null, Lens.Default, new Actor("x", null, null), new MapScenario(null, []), ["p"], steps,
            [new PainPoint("p", "s0", "Pain", 2, null, new Position(1, 1))],
            [Opportunity("number", "reach@b", "0.5", 0.0, 2), Opportunity("saved", "reach@b", "q1", 0.0, null), Opportunity("unknown", "reach@b", "q9", 0.0, 1),
             Opportunity("no-metric", null, null, null, 1), Opportunity("bad-metric", "happiness", "1", 0, 1)],
            []);
        var bound = MapBinder.Bind(map, engine, new BindRequest(TouchpointCatalogue.Empty, ChannelClasses.Default, PainRules.Default));
        var saved = new MetricValue("reach@b", MetricKind.Proportion, 4, 0.75, 0.3, 1) { Hits = 3 };

        var board = OpportunityBoard.Rows([(bound, engine)], ChannelClasses.Default, (name, metric) => name == "q1" && metric == "reach@b" ? saved : null, 1);
        var rows2 = board.ToDictionary(r => r.Opportunity.Id);

        var number = rows2["number"];
        (number.Impact, number.Effort, number.Priority).ShouldBe((8L, 2, 4.0), "4 persons reach the step × severity 2, over effort 2");
        number.Now!.Value.ShouldBe(0.25);
        number.Progress.ShouldBe((0.25 - 0.5) / (0.0 - 0.5));
        rows2["saved"].Baseline.ShouldBe(0.75);
        rows2["saved"].Effort.ShouldBe(OpportunityBoard.DefaultEffort);
        rows2["saved"].Comparison!.Difference.Delta.ShouldBe(-0.5, 1e-12);
        rows2["unknown"].Problem!.ShouldContain("no saved measurement");
        rows2["no-metric"].Problem!.ShouldStartWith("no metric");
        rows2["bad-metric"].Problem!.ShouldContain("metric 'happiness'");
        board.Select(r => r.Priority).ShouldBe([8.0, 8, 8, 4, 8.0 / 3], "highest priority first: impact 8 over effort 1, 2 and 3");
    }

    [Fact]
    public void What_is_at_stake_is_the_pains_found_at_its_steps_and_the_conversions_that_depend_on_its_touchpoints()
    {
        // Four journeys pass a; two go on to goal g, both through b; two stop at a. Removing b loses both conversions.
        var rows = new[]
        {
            new Row(0, 0, 0), new Row(0, 60_000, 1), new Row(0, 120_000, 2),
            new Row(1, 0, 0), new Row(1, 60_000, 1), new Row(1, 120_000, 2),
            new Row(2, 0, 0), new Row(3, 0, 0),
        };
        var engine = RandomLog.Engine(rows, ["a", "b", "g"], TimeSpan.FromHours(10));
        var steps = new[]
        {
            new Step("s0", "p", "A", [], [], null, ["a"], null, true, null, null, null, new Position(1, 1)),
            new Step("s1", "p", "B", [], [], null, ["b"], null, true, null, null, null, new Position(1, 1)),
        };
        var map = new JourneyMap("m", "Map", MapState.Current, null, Lens.Default, new Actor("x", null, null), new MapScenario(null, []), ["p"], steps, [],
            [new Opportunity("o", "Make B easier", ["s0", "s1"], [], null, [], OpportunityStatus.Idea, "conversion@a>g", "0.5", 0.9, 1, new Position(1, 1))], []);
        var bound = MapBinder.Bind(map, engine, new BindRequest(TouchpointCatalogue.Empty, ChannelClasses.Default, PainRules.Default with { MinCases = 1 }));

        var row = OpportunityBoard.Rows([(bound, engine)], ChannelClasses.Default, (_, _) => null, 1).Single();

        var attribution = Attribution.Compute(engine, "g");
        var b = attribution.Touchpoints.Single(t => t.Touchpoint == "b");
        b.RemovalEffect.ShouldBe(1.0, 1e-9);
        row.AtStake.ShouldContain(s => s.StartsWith("2 of 2 conversions to g depend on ", StringComparison.Ordinal) && s.EndsWith("(removal effect 100%)", StringComparison.Ordinal));
        row.AtStake.ShouldContain("2 customers: Journeys stop at 'A'");
        row.AtStake.Where(s => !s.Contains("conversions", StringComparison.Ordinal))
            .ShouldBe(bound.Pains.Where(p => p.Source == "data").Select(p => $"{p.CustomersAffected:N0} customers: {p.Title}"));
    }
}
