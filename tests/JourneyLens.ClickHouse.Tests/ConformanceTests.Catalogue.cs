using FsCheck;
using FsCheck.Fluent;
using JourneyLens.Application.Analyses;
using JourneyLens.Application.Registry;
using JourneyLens.Application.Scopes;
using JourneyLens.Core.Experience;
using JourneyLens.Storage;
using JourneyLens.Storage.Catalogue;
using JourneyLens.Testing;

namespace JourneyLens.ClickHouse.Tests;

/// <summary>
/// A workspace on the cluster with a touchpoint catalogue kept on the cluster: hand-offs between the phases of a lens,
/// and the catalogue's outbound touchpoints left out of contacts in switching, consistency and metrics — as embedded.
/// </summary>
public partial class ConformanceTests
{
    /// <summary>
    /// Three phases of the functional lens and a custom lens of two; the unicode touchpoint has no functional phase; the
    /// call is outbound (the company calls), so it is no contact; a phase-only lens of one phase is refused.
    /// </summary>
    private const string CatalogueYaml = """
        lenses:
          functional: [marketing, sales, service]
          short: [before, after]
          single: [only]
        touchpoints:
          - {name: Searched, phases: {functional: marketing, short: before}}
          - {name: Booked, phases: {functional: sales, short: after}}
          - {name: Called, outbound: true, phases: {functional: service, short: before}}
          - {name: "Ünïcode ✈ \"quoted\"\ttab", phases: {short: after}}
        """;

    [Fact]
    public void Hand_offs_and_the_catalogues_outbound_touchpoints_are_the_same_on_the_cluster_on_random_logs()
    {
        var target = Target();
        Prop.ForAll(Logs.ToArbitrary(), Scopes.ToArbitrary(), (rows, scope) =>
        {
            using var temp = new TempFolder();
            var (workspace, cluster) = Loaded(temp, target, rows);
            ClickHouseCatalogue.Save(cluster, CatalogueYaml, "catalogue.yaml");
            using (var ws = Workspace.Open(workspace, create: false))
            {
                CatalogueStore.Save(ws, CatalogueYaml, "catalogue.yaml");
            }

            var over = Selection.Of(ScopeParameters.Scope(scope.Gap, scope.From, scope.To, null, null));
            Same(new CatalogueQuery(), workspace, cluster);
            foreach (var lens in new[] { "functional", "short", "single", "lifecycle" })
            {
                Same(new HandoffsQuery(over, lens, MinAnswers: 1), workspace, cluster);
            }

            Same(new HandoffsQuery(over), workspace, cluster);
            // Funnel steps name nodes: phases of the lens (always there), channels (the log may lack some: then refused alike).
            var byNodes = new (Nodes Nodes, string[] First, string[] Then)[]
            {
                (new(Core.Engine.NodeKind.Phase, "functional"), ["marketing"], ["sales", "service"]),
                (new(Core.Engine.NodeKind.Phase, "short"), ["before"], ["after", "(no phase)"]),
                (new(Core.Engine.NodeKind.Channel, ""), ["web"], ["phone", "(no channel)"]),
            };
            foreach (var (nodes, first, then) in byNodes)
            {
                var byNode = over with { Nodes = nodes };
                Same(new ProcessMapQuery(byNode), workspace, cluster);
                Same(new VariantsQuery(byNode, int.MaxValue), workspace, cluster);
                Same(new PathsQuery(byNode, new Core.Analyses.PathsRequest()), workspace, cluster);
                Same(new PathsQuery(byNode, new Core.Analyses.PathsRequest(Steps: 2, StartAt: "sales", Goal: "service")), workspace, cluster);
                Same(new PathsQuery(byNode, new Core.Analyses.PathsRequest(EndAt: "(no channel)")), workspace, cluster);
                Same(new FunnelQuery(byNode, [new FunnelStepQuery("first", first), new FunnelStepQuery("then", then)], TimeSpan.FromDays(2), "2d", DroppedAt: 2), workspace, cluster);
                Same(new FunnelQuery(byNode, [new FunnelStepQuery("then", then), new FunnelStepQuery("first", first)], TimeSpan.FromDays(7), "7d", Core.Analyses.FunnelOrder.Any), workspace, cluster);
            }

            Same(new SwitchingQuery(over, SwitchingRequests[0]), workspace, cluster);
            Same(new ConsistencyQuery(over, new ConsistencyRequest(["Searched"], ["Booked"], TimeSpan.FromDays(1), ChannelClasses.Default)), workspace, cluster);
            Same(new MeasureQuery(over, ["repeat-contact@Called", "failed-self-service@Searched"]), workspace, cluster);
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(25));
    }

    [Fact]
    public void Hand_offs_and_phases_without_a_catalogue_say_how_to_import_one_on_the_cluster()
    {
        using var backend = new ClickHouseBackend(Fresh(Target()));
        Should.Throw<Application.Parameters.RequestException>(() => backend.Answer(new HandoffsQuery(Selection.Of(Scope.All))))
            .Message.ShouldContain("journeylens catalogue import FILE");
        Should.Throw<Application.Parameters.RequestException>(() => backend.Answer(new ProcessMapQuery(new Selection(Scope.All, new Nodes(Core.Engine.NodeKind.Phase, "functional")))))
            .Message.ShouldBe("--node phase needs a touchpoint catalogue with phases: import one with `journeylens catalogue import FILE`");
        Should.Throw<Application.Backends.NotAnsweredException>(() => backend.Answer(new ScoresQuery(new Selection(Scope.All, new Nodes(Core.Engine.NodeKind.Channel, "")))))
            .Message.ShouldBe("the ClickHouse backend does not answer journeys by phase or channel (--node) yet");
    }
}
