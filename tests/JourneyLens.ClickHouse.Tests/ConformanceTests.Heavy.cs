using JourneyLens.Application.Analyses;
using JourneyLens.Application.Registry;
using JourneyLens.Application.Scopes;
using JourneyLens.Testing;

namespace JourneyLens.ClickHouse.Tests;

/// <summary>
/// One person with tens of thousands of events (a bot, a shared device): every per-person step on the shards must stay
/// linear in that person's events. Tying each answer to its subject by gathering from the person's arrays once copied
/// them per answer: 60,000 events needed 12 GB and the query was refused.
/// </summary>
public partial class ConformanceTests
{
    [Fact]
    public void A_person_with_sixty_thousand_events_gets_the_same_answers_on_the_cluster()
    {
        using var temp = new TempFolder();
        var bot = Enumerable.Range(0, 60_000).Select(i => new Row(0, i * 60_000L, i % 3, i % 2, 0, Score: i % 3 == 2 ? i % 11 : -1));
        var others = Enumerable.Range(0, 300).Select(i => new Row(1 + (i % 12), i * 3_600_000L, i % 4, i % 3, 60, Score: i % 5 == 0 ? 9 : -1));
        var file = Csv(temp, [.. bot, .. others]);
        var cluster = Fresh(Target());
        ClickHouseImport.Import(cluster, file, Options);
        var workspace = Embedded(temp, file);
        var over = Selection.Of(ScopeParameters.Scope(0.5, null, null, null, null));

        Same(new ScoresQuery(over), workspace, cluster);
        Same(new LowPointsQuery(over), workspace, cluster);
        Same(new StatsQuery(over), workspace, cluster);
        Same(new ProcessMapQuery(over), workspace, cluster);
        Same(new VariantsQuery(over), workspace, cluster);
        Same(new PathsQuery(over, new Core.Analyses.PathsRequest()), workspace, cluster);
        Same(new AttributionQuery(over, "Booked"), workspace, cluster);
        Same(new SwitchingQuery(over, SwitchingRequests[0]), workspace, cluster);
        Same(new FunnelQuery(over, [new FunnelStepQuery("search", ["Searched"]), new FunnelStepQuery("book", ["Booked"])], TimeSpan.FromDays(1), "1d"), workspace, cluster);
    }

    /// <summary>
    /// A contact in the next journey never follows an attempt of the journey before, however close in time: a web
    /// event, a phone call 12 hours and 1 ms later (a new journey with a half-day gap) and one exactly 12 hours after
    /// that (the same journey): only the call's repeat counts, and the matrix pairs only events of one journey.
    /// </summary>
    [Fact]
    public void Switching_looks_for_the_next_contact_within_the_journey_only()
    {
        using var temp = new TempFolder();
        const long Half = 43_200_000;
        var file = Csv(temp, [new Row(0, 0, 0, 0, 0), new Row(0, Half + 1, 2, 2, 0), new Row(0, (2 * Half) + 1, 2, 2, 0, Contact: 1), new Row(1, 5, 0, 1, 0), new Row(1, 6, 2, 2, 0)]);
        var cluster = Fresh(Target());
        ClickHouseImport.Import(cluster, file, Options);
        var workspace = Embedded(temp, file);
        var over = Selection.Of(ScopeParameters.Scope(0.5, null, null, null, null));
        foreach (var request in SwitchingRequests)
        {
            Same(new SwitchingQuery(over, request), workspace, cluster);
        }
    }
}
