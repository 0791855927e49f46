using FsCheck;
using FsCheck.Fluent;
using JourneyLens.Application.Analyses;
using JourneyLens.Application.Registry;
using JourneyLens.Application.Scopes;
using JourneyLens.Testing;

namespace JourneyLens.ClickHouse.Tests;

/// <summary>
/// Measurements, comparisons, trends, scores per path variant and the persons list: every kind of metric measured on the cluster equals the embedded engine's,
/// with each side or period cut from the scope as the engine cuts it (the scope's segment decided over the whole scope,
/// journeys cut again within a period).
/// </summary>
public partial class ConformanceTests
{
    /// <summary>Every metric kind: scores overall and about a subject (also one only ever rated), a score type never given, switching figures, conversions (from any of two, from the start), reach, durations; and a name the log lacks.</summary>
    private static readonly string[] Metrics =
    [
        "nps", "nps@Searched", "nps@Rated only", "csat", "failed-self-service@Searched", "repeat-contact@Called",
        "conversion@Searched>Booked", "conversion@Searched|Called>Booked", "conversion@>Called", "reach@Booked", "journey-duration",
    ];

    private static readonly Gen<(string? Where, string? Segment, Sides Sides, TrendPeriod Every)> MetricCases =
        from eventFilter in Gen.Elements<string?>(null, null, "channel != 'phone'")
        from segment in Gen.Elements<string?>(null, null, "touchpoint = 'Booked'")
        from sides in Gen.Elements<Sides>(
            new PeriodSides("2025-01-01", "2025-01-08", "2025-01-08", null, "a", "b"),
            new PeriodSides(null, "2025-01-05", "2025-01-05", "2025-01-12", "a", "b"),
            new SegmentSides(Filter.Parse("channel = 'web'"), Filter.Parse("score >= 9")))
        from every in Gen.Elements(TrendPeriod.Day, TrendPeriod.Week, TrendPeriod.Month)
        select (eventFilter, segment, sides, every);

    [Fact]
    public void Measurements_comparisons_trends_and_variant_scores_are_the_same_on_the_cluster_on_random_logs()
    {
        var target = Target();
        Prop.ForAll(Logs.ToArbitrary(), Scopes.ToArbitrary(), MetricCases.ToArbitrary(), (rows, scope, c) =>
        {
            using var temp = new TempFolder();
            var (workspace, cluster) = Loaded(temp, target, rows);
            var over = Selection.Of(ScopeParameters.Scope(scope.Gap, scope.From, scope.To, c.Where, c.Segment));
            Same(new MeasureQuery(over, Metrics), workspace, cluster);
            Same(new CompareQuery(over, Metrics, c.Sides, MinN: 2), workspace, cluster);
            Same(new TrendQuery(over, ["nps", "conversion@Searched>Booked", "journey-duration", "repeat-contact@Called"], c.Every), workspace, cluster);
            Same(new MeasureQuery(over, ["reach@Nowhere"]), workspace, cluster);
            Same(new ScoresQuery(over, MinAnswers: 1, Variants: 2), workspace, cluster);
            Same(new ScoresQuery(over, Variants: 100), workspace, cluster);
            // Who is in the scope: ties (equal events and first seen, frequent here) broken by name on both.
            Same(new PersonListQuery(over, 3), workspace, cluster);
            Same(new PersonListQuery(over, 1_000), workspace, cluster);
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(30));
    }

    /// <summary>Ten persons with one event each at the same time, met in the reverse of their names' order: the first three are by name.</summary>
    [Fact]
    public void The_persons_list_breaks_ties_by_name_on_both()
    {
        using var temp = new TempFolder();
        var (workspace, cluster) = Loaded(temp, Target(), [.. Enumerable.Range(0, 10).Reverse().Select(p => new Row(p, 0, 0, 0, 0))]);
        Same(new PersonListQuery(Selection.Of(Scope.All), 3), workspace, cluster);
        using var embedded = Application.Backends.Embedded.EmbeddedBackend.OpenWorkspace(workspace, new Storage.Engine.EngineLoader());
        embedded.Answer(new PersonListQuery(Selection.Of(Scope.All), 3)).Rows.Select(r => r.Person).ShouldBe(["customer_id:c0", "customer_id:c1", "customer_id:c2"]);
    }

    [Fact]
    public void A_comparison_of_random_halves_is_refused_on_the_cluster_in_words()
    {
        using var backend = new ClickHouseBackend(Fresh(Target()));
        Should.Throw<Application.Backends.NotAnsweredException>(() => backend.Answer(new CompareQuery(Selection.Of(Scope.All), ["nps"], new RandomHalves())))
            .Message.ShouldBe("the ClickHouse backend does not answer a comparison of random halves yet");
    }
}
