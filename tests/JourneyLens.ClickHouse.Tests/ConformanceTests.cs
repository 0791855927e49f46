using System.Globalization;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using JourneyLens.Application.Analyses;
using JourneyLens.Application.Backends;
using JourneyLens.Application.Backends.Embedded;
using JourneyLens.Application.Registry;
using JourneyLens.Application.Scopes;
using JourneyLens.Ingest;
using JourneyLens.Storage;
using JourneyLens.Storage.Engine;
using JourneyLens.Storage.Import;
using JourneyLens.Testing;

namespace JourneyLens.ClickHouse.Tests;

/// <summary>
/// The same data in an embedded workspace and on the 2-shard loopback cluster (tests/scale-out/cluster.sh, started by
/// test.sh) must give the same JSON for every query the ClickHouse backend answers. Run without the cluster, these
/// tests fail and say how to start it: they are never skipped silently.
/// </summary>
public partial class ConformanceTests
{
    private const string ClusterVariable = "JOURNEYLENS_TEST_CLICKHOUSE";
    private static readonly DateTimeOffset Start = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly string[] Touchpoints = ["Searched", "Booked", "Called", "Ünïcode ✈ \"quoted\"\ttab"];
    private static readonly string[] Channels = ["web", "app", "phone", ""];

    /// <summary>What an answer may be about: a touchpoint of the log, or a name no event has (only ever rated).</summary>
    private static readonly string[] Abouts = [.. Touchpoints, "Rated only"];

    /// <param name="Score">An NPS answer (0–10) on the event, or −1.</param>
    /// <param name="About">What the answer rates (an index into <see cref="Abouts"/>), or −1: the event before it.</param>
    /// <param name="Contact">The contact (a call) the event is part of, or −1: its own.</param>
    private sealed record Row(int Person, long Ts, int Touchpoint, int Channel, int Offset, int Score = -1, int About = -1, int Contact = -1);

    private static Gen<Row[]> Logs =>
        from n in Gen.Choose(1, 80)
        from rows in Gen.ArrayOf(
            from p in Gen.Choose(0, 12)
            from t in Gen.Choose(0, 40)
            from ms in Gen.Elements(0, 0, 1, 999)
            from tp in Gen.Choose(0, Touchpoints.Length - 1)
            from ch in Gen.Choose(0, Channels.Length - 1)
            from offset in Gen.Elements(0, 60, -300)
            from score in Gen.Elements(-1, -1, -1, 0, 6, 9, 10)
            from about in Gen.Elements(-1, -1, -1, 0, 3, 4)
            from contact in Gen.Elements(-1, -1, 0, 1)
            select new Row(p, (t * 86_400_000L / 2) + ms, tp, ch, offset, score, about, contact), n)
        select rows;

    private static readonly Gen<(double? Gap, string? From, string? To)> Scopes =
        from gap in Gen.Elements<double?>(null, 0, 0.5, 1, 30)
        from range in Gen.Elements<(string?, string?)>((null, null), ("2025-01-04", null), (null, "2025-01-11"), ("2025-01-02", "2025-01-15"))
        select (gap, range.Item1, range.Item2);

    [Fact]
    public void The_overview_process_map_and_variants_are_the_same_on_the_cluster_on_random_logs()
    {
        var target = Target();
        Prop.ForAll(Logs.ToArbitrary(), Scopes.ToArbitrary(), (rows, scope) =>
        {
            using var temp = new TempFolder();
            var file = Csv(temp, rows);
            var cluster = Fresh(target);
            ClickHouseImport.Import(cluster, file, Options).AlreadyImported.ShouldBeFalse();
            var workspace = Embedded(temp, file);
            var over = Selection.Of(ScopeParameters.Scope(scope.Gap, scope.From, scope.To, null, null));
            Same(new StatsQuery(over), workspace, cluster);
            Same(new ProcessMapQuery(over), workspace, cluster);
            Same(new ProcessMapQuery(over, Core.Analyses.DurationClock.Local, Share: 0.6), workspace, cluster);
            Same(new VariantsQuery(over, 3), workspace, cluster);
            Same(new VariantsQuery(over, int.MaxValue), workspace, cluster);
            foreach (var field in new[] { "channel", "touchpoint", "outcome", "score_type" })
            {
                Same(new FieldValuesQuery(over, field, 2), workspace, cluster);
                Same(new FieldValuesQuery(over, field, 50), workspace, cluster);
            }

            foreach (var request in PathRequests)
            {
                Same(new PathsQuery(over, request), workspace, cluster);
            }

            Same(new ScoresQuery(over), workspace, cluster);
            Same(new ScoresQuery(over, MinAnswers: 1), workspace, cluster);
            Same(new LowPointsQuery(over, MinAnswers: 1), workspace, cluster);
            Same(new LowPointsQuery(over, MinAnswers: 3), workspace, cluster);
            foreach (var funnel in Funnels(over))
            {
                Same(funnel, workspace, cluster);
            }

            foreach (var goal in new[] { "Booked", "Called", Touchpoints[3], "Bookd" })
            {
                Same(new AttributionQuery(over, goal), workspace, cluster);
            }

            foreach (var request in SwitchingRequests)
            {
                Same(new SwitchingQuery(over, request), workspace, cluster);
            }
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(20));
    }

    /// <summary>
    /// Switching with the default channels and windows; windows of exactly half a day (events that far apart, ±1 ms,
    /// happen: the log's times are half days apart); a channel both digital and assisted, and the empty channel; the
    /// shortest paths into a contact.
    /// </summary>
    private static readonly Core.Experience.SwitchingRequest[] SwitchingRequests =
    [
        new(TimeSpan.FromDays(1), TimeSpan.FromDays(7), Core.Experience.ChannelClasses.Default),
        new(TimeSpan.FromHours(12), TimeSpan.FromHours(12), new Core.Experience.ChannelClasses(
            new HashSet<string>(["web", ""], StringComparer.OrdinalIgnoreCase), new HashSet<string>(["PHONE", "web"], StringComparer.OrdinalIgnoreCase)), PathSteps: 1, TopPaths: 2),
    ];

    /// <summary>Paths from a start, up to an end (the last steps before it), both, neither; a goal; Sankey folding; names a log may lack.</summary>
    private static readonly Core.Analyses.PathsRequest[] PathRequests =
    [
        new(),
        new(Steps: 2, StartAt: "Searched", Goal: "Booked", Top: 3, MinNodeShare: 0.3),
        new(Steps: 3, EndAt: "Called"),
        new(Steps: 1, StartAt: "Booked", EndAt: "Called", Top: 10_000, MinNodeShare: 0),
        new(Steps: 50, StartAt: Touchpoints[3], EndAt: "Searched", Goal: Touchpoints[3]),
        new(EndAt: "Nowhere"),
    ];

    /// <summary>
    /// Funnels ordered and in any order, by persons and by journeys, with an exclusion, a step filter, a per-step window
    /// (windows of whole days, so events exactly at the edge happen: the log's times are half days apart) and a name the
    /// log may lack.
    /// </summary>
    private static IEnumerable<FunnelQuery> Funnels(Selection over)
    {
        FunnelStepQuery Step(string name, string? where = null, TimeSpan? within = null) =>
            new(name, [name], where is null ? null : Filter.Parse(where), within);
        var day = TimeSpan.FromDays(1);
        yield return new FunnelQuery(over, [Step("Searched"), Step("Booked")], 7 * day, "7d");
        yield return new FunnelQuery(over, [Step("Searched"), Step("Called"), Step("Booked")], day, "1d", CountBy: Core.Analyses.FunnelUnit.Journeys,
            Exclusions: [Step(Touchpoints[3])]);
        yield return new FunnelQuery(over, [Step("Booked"), Step("Searched"), Step("Called")], 2 * day, "2d", Core.Analyses.FunnelOrder.Any);
        yield return new FunnelQuery(over, [Step("Booked"), Step("Searched")], 2 * day, "2d", Core.Analyses.FunnelOrder.Any, Core.Analyses.FunnelUnit.Journeys);
        yield return new FunnelQuery(over, [Step("Searched", "channel = 'web'"), Step("Booked", within: day), Step("Searched", "score >= 9")], 30 * day, "30d");
        yield return new FunnelQuery(over, [new FunnelStepQuery("either", ["Called", "Booked"]), Step("Nowhere")], 7 * day, "7d");
        yield return new FunnelQuery(over, [Step("Searched"), new FunnelStepQuery("anything next", []), Step("Booked")], 7 * day, "7d");
        yield return new FunnelQuery(over, [Step("Booked"), new FunnelStepQuery("an answer", [], Filter.Parse("score_type = 'nps' and channel != 'web'"))], 7 * day, "7d",
            CountBy: Core.Analyses.FunnelUnit.Journeys);

        // Who dropped: by persons and by journeys (a person once), with touchpoint steps only and with a step filter.
        yield return new FunnelQuery(over, [Step("Searched"), Step("Booked"), Step("Called")], 7 * day, "7d", DroppedAt: 2);
        yield return new FunnelQuery(over, [Step("Searched"), Step("Booked"), Step("Called")], day, "1d", CountBy: Core.Analyses.FunnelUnit.Journeys, DroppedAt: 3);
        yield return new FunnelQuery(over, [Step("Searched", "channel != 'app'"), Step("Booked")], 7 * day, "7d", Core.Analyses.FunnelOrder.Any, DroppedAt: 2);
    }

    /// <summary>Filters over every field the cluster holds, with missing values (no outcome, no value, events without a score) and the unicode name.</summary>
    private static readonly string[] Filters =
    [
        "channel = 'app'", "channel in ('web', '')", "touchpoint != 'Booked'", "score >= 9", "score < 7 or channel = 'phone'",
        "not (score_type = 'nps')", "outcome != 'x'", "value > 0", "touchpoint in ('Searched', 'Called') and not channel = 'web'",
        "score_type != 'csat'", "score in (0, 10)", "touchpoint = 'Ünïcode ✈ \"quoted\"\ttab'", "not (score != 6)",
    ];

    [Fact]
    public void Event_filters_and_segments_narrow_the_same_events_on_the_cluster()
    {
        var target = Target();
        var cases =
            from rows in Logs
            from eventFilter in Gen.Elements<string?>([null, .. Filters])
            from segmentFilter in Gen.Elements<string?>([null, .. Filters])
            from gap in Gen.Elements<double?>(null, 0, 1)
            select (rows, eventFilter, segmentFilter, gap);
        Prop.ForAll(cases.ToArbitrary(), c =>
        {
            using var temp = new TempFolder();
            var (workspace, cluster) = Loaded(temp, target, c.rows);
            var over = Selection.Of(ScopeParameters.Scope(c.gap, "2025-01-02", null, c.eventFilter, c.segmentFilter));
            Same(new StatsQuery(over), workspace, cluster);
            Same(new ProcessMapQuery(over), workspace, cluster);
            Same(new VariantsQuery(over, int.MaxValue), workspace, cluster);
            Same(new FieldValuesQuery(over, "channel", 50), workspace, cluster);
            Same(new PathsQuery(over, PathRequests[1]), workspace, cluster);
            Same(new PathsQuery(over, PathRequests[2]), workspace, cluster);
            Same(new ScoresQuery(over, MinAnswers: 2), workspace, cluster);
            Same(new LowPointsQuery(over, MinAnswers: 2), workspace, cluster);
            Same(Funnels(over).First(), workspace, cluster);
            Same(new AttributionQuery(over, "Booked"), workspace, cluster);
            if (c.segmentFilter is { } segment)
            {
                Same(new SegmentSizeQuery(Filter.Parse(segment)), workspace, cluster);
            }
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(25));
    }

    [Fact]
    public void Filters_on_properties_or_ordering_text_are_refused_on_the_cluster_not_approximated()
    {
        using var backend = new ClickHouseBackend(Fresh(Target()));
        foreach (var filter in new[] { "prop.persona = 'family'", "touchpoint < 'M'", "channel = 'app' or prop.tier > 2" })
        {
            Should.Throw<NotAnsweredException>(() => backend.Answer(new StatsQuery(Selection.Of(ScopeParameters.Scope(null, null, null, filter, null)))));
            Should.Throw<NotAnsweredException>(() => backend.Answer(new StatsQuery(Selection.Of(ScopeParameters.Scope(null, null, null, null, filter)))));
        }
    }

    [Theory]
    [InlineData("running-example.xes")]
    [InlineData("roadtraffic100traces.xes")]
    [InlineData("helpdesk.xes.gz")]
    public void The_overview_process_map_and_variants_are_the_same_on_the_cluster_on_a_real_log(string log)
    {
        using var temp = new TempFolder();
        var cluster = Fresh(Target());
        ClickHouseImport.Import(cluster, TestFiles.Real(log), new ImportOptions());
        var workspace = Embedded(temp, TestFiles.Real(log));
        foreach (var gap in new double?[] { null, 0, 1 })
        {
            var over = Selection.Of(ScopeParameters.Scope(gap, null, null, null, null));
            Same(new StatsQuery(over), workspace, cluster);
            Same(new ProcessMapQuery(over), workspace, cluster);
            Same(new VariantsQuery(over, 10), workspace, cluster);
            Same(new FieldValuesQuery(over, "touchpoint", 5), workspace, cluster);
            Same(new PathsQuery(over, new Core.Analyses.PathsRequest()), workspace, cluster);
            Same(new PathsQuery(over, new Core.Analyses.PathsRequest(Steps: 3, Top: 10_000, MinNodeShare: 0)), workspace, cluster);
        }
    }

    [Fact]
    public void Both_shards_hold_persons_and_a_file_imported_again_adds_nothing()
    {
        using var temp = new TempFolder();
        var rows = Enumerable.Range(0, 200).Select(i => new Row(i % 50, i * 3_600_000L, i % 3, i % 3, 0)).ToArray();
        var file = Csv(temp, rows);
        var cluster = Fresh(Target());

        var first = ClickHouseImport.Import(cluster, file, Options);
        var again = ClickHouseImport.Import(cluster, file, Options);

        first.Accepted.ShouldBe(200);
        first.Persons.ShouldBe(50);
        again.AlreadyImported.ShouldBeTrue();
        using var backend = new ClickHouseBackend(cluster);
        backend.Answer(new StatsQuery(Selection.Of(Scope.All))).Events.ShouldBe(200);
        foreach (var shard in cluster.Shards)
        {
            using var one = new ClickHouseBackend(cluster with { Shards = [shard] });
            one.LocalEvents().ShouldBeGreaterThan(0, $"shard {shard} holds no events: the data is not spread by person");
        }
    }

    [Fact]
    public void An_unreachable_cluster_is_a_clear_error_and_other_queries_are_refused_by_name()
    {
        var down = new ClickHouseTarget([new Uri("http://127.0.0.1:1")], "jl", "nowhere");
        using (var backend = new ClickHouseBackend(down))
        {
            var e = Should.Throw<ClusterException>(() => backend.Answer(new StatsQuery(Selection.Of(Scope.All))));
            e.Message.ShouldContain("the ClickHouse cluster at http://127.0.0.1:1/ did not answer");
        }

        using var live = new ClickHouseBackend(Target());
        var steps = new FunnelStepQuery[] { new("a", ["a"]), new("b", ["b"]) };
        Should.Throw<NotAnsweredException>(() => live.Answer(new FunnelQuery(Selection.Of(Scope.All), steps, TimeSpan.FromDays(1), "1d", Core.Analyses.FunnelOrder.Strict)))
            .Message.ShouldBe("the ClickHouse backend does not answer the strict funnel order yet");
        Should.Throw<NotAnsweredException>(() => live.Answer(new PersonTimelineQuery(Selection.Of(Scope.All), "customer_id:c1")))
            .Message.ShouldBe("the ClickHouse backend does not answer person timeline yet");
        Should.Throw<NotAnsweredException>(() => live.Answer(new ExportQuery(Selection.Of(Scope.All))))
            .Message.ShouldBe("the ClickHouse backend does not answer export yet");
    }

    private static readonly ImportOptions Options = new();

    private static void Same<TResult>(IQuery<TResult> query, string workspace, ClickHouseTarget cluster)
    {
        using var embedded = EmbeddedBackend.OpenWorkspace(workspace, new EngineLoader());
        using var clickhouse = new ClickHouseBackend(cluster);
        string expected;
        try
        {
            expected = ResultJson.Serialize(embedded.Answer(query)!);
        }
        catch (Core.Errors.AnalysisException refused)
        {
            // A question the data cannot answer (a touchpoint it lacks) is refused with the same words.
            Should.Throw<Core.Errors.AnalysisException>(() => clickhouse.Answer(query)).Message.ShouldBe(refused.Message);
            return;
        }

        var actual = ResultJson.Serialize(clickhouse.Answer(query)!);
        actual.ShouldBe(expected, $"{query} scope {query.Over.Scope}");
    }

    /// <summary>The loopback cluster, from the variable test.sh sets.</summary>
    private static ClickHouseTarget Target()
    {
        var shards = Environment.GetEnvironmentVariable(ClusterVariable)
            ?? throw new InvalidOperationException($"{ClusterVariable} is not set: start the loopback cluster with eval \"$(tests/scale-out/cluster.sh start)\" (test.sh does)");
        return new ClickHouseTarget([.. shards.Split(',').Select(s => new Uri(s))], "jl", "jl_test");
    }

    /// <summary>A database of its own for one test case.</summary>
    private static ClickHouseTarget Fresh(ClickHouseTarget target) => target with { Database = "jl_" + Guid.NewGuid().ToString("N")[..16] };

    private static string Csv(TempFolder temp, Row[] rows)
    {
        var csv = new StringBuilder("customer_id,timestamp,touchpoint,channel,score_type,score,about,contact_id\n");
        static string Quoted(string name) => "\"" + name.Replace("\"", "\"\"") + "\"";
        foreach (var r in rows)
        {
            var at = Start.AddMilliseconds(r.Ts).ToOffset(TimeSpan.FromMinutes(r.Offset));
            var answer = r.Score < 0 ? ",," : $"nps,{r.Score},{(r.About < 0 ? "" : Quoted(Abouts[r.About]))}";
            csv.Append(CultureInfo.InvariantCulture, $"c{r.Person},{at:yyyy-MM-dd'T'HH:mm:ss.fffzzz},{Quoted(Touchpoints[r.Touchpoint])},{Channels[r.Channel]},{answer},{(r.Contact < 0 ? "" : $"call-{r.Contact}")}\n");
        }

        var file = temp.File($"events-{Guid.NewGuid():N}.csv");
        File.WriteAllText(file, csv.ToString());
        return file;
    }

    /// <summary>The rows as a CSV, imported into a fresh database on the cluster and into a new embedded workspace.</summary>
    private static (string Workspace, ClickHouseTarget Cluster) Loaded(TempFolder temp, ClickHouseTarget target, Row[] rows)
    {
        var file = Csv(temp, rows);
        var cluster = Fresh(target);
        ClickHouseImport.Import(cluster, file, Options);
        return (Embedded(temp, file), cluster);
    }

    private static string Embedded(TempFolder temp, string file)
    {
        var folder = temp.File($"ws-{Guid.NewGuid():N}");
        using var workspace = Workspace.Open(folder, create: true);
        new Importer(workspace).Import(file, Options, new ImportSettings());
        return folder;
    }
}
