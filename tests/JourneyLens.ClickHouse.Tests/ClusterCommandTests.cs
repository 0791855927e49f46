using System.Text.Json;
using JourneyLens.Cli;
using JourneyLens.Testing;

namespace JourneyLens.ClickHouse.Tests;

/// <summary>A workspace on the loopback cluster, used as a user would: connect, import, stats — through the real command line.</summary>
public class ClusterCommandTests
{
    private static (int Code, string Out, string Error) Run(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = CliApp.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public void A_workspace_connected_to_the_cluster_imports_and_answers_stats_as_the_embedded_one()
    {
        using var temp = new TempFolder();
        var shards = (Environment.GetEnvironmentVariable("JOURNEYLENS_TEST_CLICKHOUSE") ?? throw new InvalidOperationException("start the loopback cluster (test.sh does)")).Split(',');
        var cluster = temp.File("on-cluster");
        var embedded = temp.File("embedded");
        var log = TestFiles.Real("helpdesk.xes.gz");
        var database = "jl_cli_" + Guid.NewGuid().ToString("N")[..12];

        var connect = Run(["cluster", "connect", "-w", cluster, .. shards.SelectMany(s => new[] { "--shard", s }), "--cluster", "jl", "--database", database]);
        connect.Code.ShouldBe(0, connect.Error);
        Run("import", log, "-w", cluster).Code.ShouldBe(0);
        Run("import", log, "-w", embedded).Code.ShouldBe(0);

        var onCluster = Run("stats", "-w", cluster, "-f", "json");
        onCluster.Code.ShouldBe(0, onCluster.Error);
        onCluster.Out.ShouldBe(Run("stats", "-w", embedded, "-f", "json").Out);
        JsonDocument.Parse(onCluster.Out).RootElement.GetProperty("events").GetInt64().ShouldBeGreaterThan(20_000);
        Run("import", log, "-w", cluster).Out.ShouldContain("nothing added");
        Run("process-map", "-w", cluster, "-f", "json").Out.ShouldBe(Run("process-map", "-w", embedded, "-f", "json").Out);
        Run("variants", "-w", cluster, "-f", "json").Out.ShouldBe(Run("variants", "-w", embedded, "-f", "json").Out);

        Run("paths", "-w", cluster, "-f", "json").Out.ShouldBe(Run("paths", "-w", embedded, "-f", "json").Out);
        string[] funnel = ["funnel", "--step", "Assign seriousness", "--step", "Take in charge ticket|Wait", "--step", "Closed", "--window", "30d", "-f", "json"];
        var funnelOnCluster = Run([.. funnel, "-w", cluster]);
        funnelOnCluster.Code.ShouldBe(0, funnelOnCluster.Error);
        funnelOnCluster.Out.ShouldBe(Run([.. funnel, "-w", embedded]).Out);
        Run("attribution", "--goal", "Closed", "-w", cluster, "-f", "json").Out.ShouldBe(Run("attribution", "--goal", "Closed", "-w", embedded, "-f", "json").Out);

        Run("switching", "-w", cluster, "-f", "json").Out.ShouldBe(Run("switching", "-w", embedded, "-f", "json").Out);

        string[] trend = ["trend", "--every", "month", "--metric", "conversion@Assign seriousness>Closed", "--metric", "journey-duration", "-f", "json"];
        var trendOnCluster = Run([.. trend, "-w", cluster]);
        trendOnCluster.Code.ShouldBe(0, trendOnCluster.Error);
        trendOnCluster.Out.ShouldBe(Run([.. trend, "-w", embedded]).Out);
        string[] compare = ["compare", "--baseline-to", "2012-01-01", "--current-from", "2012-01-01", "--metric", "reach@Closed", "--metric", "journey-duration", "-f", "json"];
        var compareOnCluster = Run([.. compare, "-w", cluster]);
        compareOnCluster.Code.ShouldBe(0, compareOnCluster.Error);
        compareOnCluster.Out.ShouldBe(Run([.. compare, "-w", embedded]).Out);
        compareOnCluster.Out.ShouldContain("journey-duration");
        var halves = Run("compare", "--aa", "--metric", "journey-duration", "-w", cluster);
        halves.Code.ShouldBe(1);
        halves.Error.ShouldContain("does not answer a comparison of random halves yet");

        string[] byFirstStep = ["funnel", "--step", "Assign seriousness", "--step", "Closed", "--window", "30d", "--by", "touchpoint", "--groups", "3", "-f", "json"];
        var byOnCluster = Run([.. byFirstStep, "-w", cluster]);
        byOnCluster.Code.ShouldBe(0, byOnCluster.Error);
        byOnCluster.Out.ShouldBe(Run([.. byFirstStep, "-w", embedded]).Out);
        byOnCluster.Out.ShouldContain("(other)");

        string[] consistency = ["consistency", "--task", "Assign seriousness>Closed", "-f", "json"];
        var consistencyOnCluster = Run([.. consistency, "-w", cluster]);
        consistencyOnCluster.Code.ShouldBe(0, consistencyOnCluster.Error);
        consistencyOnCluster.Out.ShouldBe(Run([.. consistency, "-w", embedded]).Out);

        // The catalogue is kept on the cluster: hand-offs between its phases, and `catalogue show`, as embedded.
        var catalogue = temp.File("helpdesk.yaml");
        File.WriteAllText(catalogue, """
            touchpoints:
              - {name: Assign seriousness, phases: {functional: marketing}}
              - {name: Take in charge ticket, phases: {functional: sales}}
              - {name: Resolve ticket, phases: {functional: service}}
              - {name: Closed, phases: {functional: service}}
            """);
        foreach (var folder in new[] { cluster, embedded })
        {
            var imported = Run("catalogue", "import", catalogue, "-w", folder);
            imported.Code.ShouldBe(0, imported.Error);
        }

        Run("catalogue", "show", "-w", cluster, "-f", "json").Out.ShouldBe(Run("catalogue", "show", "-w", embedded, "-f", "json").Out);
        var handoffs = Run("handoffs", "-w", cluster, "-f", "json");
        handoffs.Code.ShouldBe(0, handoffs.Error);
        handoffs.Out.ShouldBe(Run("handoffs", "-w", embedded, "-f", "json").Out);
        handoffs.Out.ShouldContain("\"from\": \"sales\"");
        string[] byPhase = ["process-map", "--node", "phase", "--lens", "functional", "-f", "json"];
        var byPhaseOnCluster = Run([.. byPhase, "-w", cluster]);
        byPhaseOnCluster.Code.ShouldBe(0, byPhaseOnCluster.Error);
        byPhaseOnCluster.Out.ShouldBe(Run([.. byPhase, "-w", embedded]).Out);
        byPhaseOnCluster.Out.ShouldContain("(no phase)");

        // A baseline measured and kept on the cluster, compared with now and marked on the trend, as embedded.
        foreach (var folder in new[] { cluster, embedded })
        {
            var saved = Run("measure", "save", "before", "--metric", "reach@Closed", "--metric", "journey-duration", "--to", "2012-01-01", "-w", folder);
            saved.Code.ShouldBe(0, saved.Error);
            // The name is checked before anything is measured (this metric would be refused).
            Run("measure", "save", "before", "--metric", "reach@Nowhere", "-w", folder).Error.ShouldContain("a measurement 'before' exists");
        }

        Run("measure", "list", "-w", cluster).Out.ShouldContain("before");
        string[] measureCompare = ["measure", "compare", "before", "--from", "2012-01-01", "-f", "json"];
        var measured = Run([.. measureCompare, "-w", cluster]);
        measured.Code.ShouldBe(0, measured.Error);
        measured.Out.ShouldBe(Run([.. measureCompare, "-w", embedded]).Out);
        var marked = Run("trend", "--every", "month", "-w", cluster, "-f", "json");
        marked.Out.ShouldBe(Run("trend", "--every", "month", "-w", embedded, "-f", "json").Out);
        marked.Out.ShouldContain("measurement saved");

        var notYet = Run("person", "Value 1", "-w", cluster);
        notYet.Code.ShouldBe(1);
        notYet.Error.ShouldContain("the ClickHouse backend does not answer person timeline yet");
        notYet.Error.ShouldNotContain("   at ");
    }

    [Fact]
    public void Rows_a_cluster_import_refuses_are_reported_with_file_line_and_field_while_good_rows_load()
    {
        using var temp = new TempFolder();
        var shards = (Environment.GetEnvironmentVariable("JOURNEYLENS_TEST_CLICKHOUSE") ?? throw new InvalidOperationException("start the loopback cluster (test.sh does)")).Split(',');
        var cluster = temp.File("on-cluster");
        Run(["cluster", "connect", "-w", cluster, .. shards.SelectMany(s => new[] { "--shard", s }), "--cluster", "jl", "--database", "jl_bad_" + Guid.NewGuid().ToString("N")[..12]]).Code.ShouldBe(0);
        var file = temp.File("mixed.csv");
        File.WriteAllText(file, "customer_id,timestamp,touchpoint,channel\nc1,2025-01-01T10:00:00Z,Searched,web\nc1,not a time,Booked,web\nc2,2025-01-02T10:00:00Z,Booked,app\n");

        var import = Run("import", file, "-w", cluster);

        import.Code.ShouldBe(0, import.Error);
        import.Error.ShouldContain("1 rows of mixed.csv were rejected");
        import.Error.ShouldContain("mixed.csv:3: timestamp:");
        import.Out.ShouldContain("│ 2 ");
        JsonDocument.Parse(Run("stats", "-w", cluster, "-f", "json").Out).RootElement.GetProperty("events").GetInt64().ShouldBe(2);

        // Every rejected row is kept in the folder's quarantine with its line, field and reason, as embedded.
        var quarantined = Directory.GetFiles(Path.Combine(cluster, "quarantine"), "*.jsonl").ShouldHaveSingleItem();
        import.Error.ShouldContain($"see {quarantined}");
        var row = JsonDocument.Parse(File.ReadAllLines(quarantined).ShouldHaveSingleItem()).RootElement;
        row.GetProperty("line").GetInt64().ShouldBe(3);
        row.GetProperty("field").GetString().ShouldBe("timestamp");
        row.GetProperty("raw").GetString()!.ShouldContain("not a time");
        Directory.GetFiles(Path.Combine(cluster, "quarantine"), "*.partial").ShouldBeEmpty();
    }

    [Fact]
    public void A_cluster_that_does_not_answer_is_a_clear_error_without_a_stack_trace()
    {
        using var temp = new TempFolder();
        var folder = temp.File("ws");

        var connect = Run("cluster", "connect", "-w", folder, "--shard", "http://127.0.0.1:1", "--cluster", "jl", "--database", "x");
        connect.Code.ShouldBe(1);
        connect.Error.ShouldContain("the ClickHouse cluster at http://127.0.0.1:1/ did not answer");
        connect.Error.ShouldNotContain("   at ");

        var badName = Run("cluster", "connect", "-w", folder, "--shard", "http://127.0.0.1:1", "--cluster", "jl; DROP", "--database", "x");
        badName.Code.ShouldBe(1);
        badName.Error.ShouldContain("use letters, digits and _ only");
    }
}
