using FsCheck;
using FsCheck.Fluent;
using JourneyLens.Application.Analyses;
using JourneyLens.Application.Backends.Embedded;
using JourneyLens.Application.Registry;
using JourneyLens.Application.Scopes;
using JourneyLens.Storage.Engine;
using JourneyLens.Testing;

namespace JourneyLens.ClickHouse.Tests;

/// <summary>
/// Breakdowns on the cluster: persons grouped by the first value of a field (the empty channel is no value; the largest
/// groups kept, the rest together) or by named segments, each group answered as the embedded engine answers it.
/// </summary>
public partial class ConformanceTests
{
    private static readonly Gen<Breakdown> Breakdowns = Gen.OneOf(
        from field in Gen.Elements("channel", "touchpoint", "outcome")
        from largest in Gen.Elements(1, 2, 50)
        select new Breakdown(field, [], largest),
        Gen.Constant(new Breakdown(null, [Filter.Parse("channel = 'web'"), Filter.Parse("score >= 9"), Filter.Parse("touchpoint = 'Nowhere'")], 50)));

    [Fact]
    public void Breakdowns_by_first_value_and_by_segments_are_the_same_on_the_cluster_on_random_logs()
    {
        var target = Target();
        var filters = Gen.Elements<(string?, string?)>((null, null), ("channel != 'app'", null), (null, "touchpoint = 'Booked'"));
        Prop.ForAll(Logs.ToArbitrary(), Breakdowns.ToArbitrary(), filters.ToArbitrary(), (rows, breakdown, filter) =>
        {
            using var temp = new TempFolder();
            var (workspace, cluster) = Loaded(temp, target, rows);
            var over = new Selection(ScopeParameters.Scope(1, "2025-01-02", null, filter.Item1, filter.Item2), Nodes.Touchpoints, breakdown);
            SamePerGroup(new StatsQuery(over), workspace, cluster);
            SamePerGroup(new ProcessMapQuery(over), workspace, cluster);
            SamePerGroup(Funnels(over).First(), workspace, cluster);
            SamePerGroup(new ScoresQuery(over, MinAnswers: 1), workspace, cluster);
            SamePerGroup(new MeasureQuery(over, ["conversion@Searched>Booked", "journey-duration"]), workspace, cluster);
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(25));
    }

    [Fact]
    public void A_breakdown_by_a_property_is_refused_on_the_cluster_in_words()
    {
        using var backend = new ClickHouseBackend(Fresh(Target()));
        var over = new Selection(Scope.All, Nodes.Touchpoints, new Breakdown("prop.persona", [], 10));
        Should.Throw<Application.Backends.NotAnsweredException>(() => backend.AnswerPerGroup(new StatsQuery(over)))
            .Message.ShouldBe("the ClickHouse backend does not answer breakdowns by properties yet");
    }

    private static void SamePerGroup<TResult>(IQuery<TResult> query, string workspace, ClickHouseTarget cluster)
    {
        using var embedded = EmbeddedBackend.OpenWorkspace(workspace, new EngineLoader());
        using var clickhouse = new ClickHouseBackend(cluster);
        string expected;
        try
        {
            expected = ResultJson.Serialize(embedded.AnswerPerGroup(query));
        }
        catch (Core.Errors.AnalysisException refused)
        {
            Should.Throw<Core.Errors.AnalysisException>(() => clickhouse.AnswerPerGroup(query)).Message.ShouldBe(refused.Message);
            return;
        }

        ResultJson.Serialize(clickhouse.AnswerPerGroup(query)).ShouldBe(expected, $"{query} by {query.Over.Breakdown}");
    }
}
