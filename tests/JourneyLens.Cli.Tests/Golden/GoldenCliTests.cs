using JourneyLens.Testing;

namespace JourneyLens.Cli.Tests.GoldenOutput;

/// <summary>
/// What every analysis command prints — JSON, tables, CSV, pictures and HTML fragments, and the exit code and message
/// of bad input — on a fixed airline workspace (catalogue, saved map, a saved measurement) and on the real logs,
/// byte for byte as it printed before the application layer was drawn out of the command line.
/// </summary>
public sealed partial class GoldenCliTests(GoldenWorkspace workspace) : IClassFixture<GoldenWorkspace>
{
    private const string Folder = "tests/JourneyLens.Cli.Tests/Golden/cli";

    /// <summary>Name → the command's arguments (workspace added).</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Cases = new Dictionary<string, string[]>
    {
        ["stats"] = ["stats", "-f", "json"],
        ["stats-table"] = ["stats"],
        ["stats-html"] = ["stats", "-f", "html"],
        ["stats-range"] = ["stats", "--from", "2025-03-01", "--to", "2025-06-01", "-f", "json"],
        ["paths"] = ["paths", "-f", "json"],
        ["paths-end"] = ["paths", "--end", "Called contact centre", "--top", "5", "-f", "json"],
        ["paths-start-goal"] = ["paths", "--start", "Searched flights", "--goal", "Booked flight", "--steps", "3", "-f", "json"],
        ["paths-phase"] = ["paths", "--node", "phase", "--lens", "activity", "-f", "json"],
        ["paths-channel-by"] = ["paths", "--node", "channel", "--by", "channel", "--groups", "3", "-f", "json"],
        ["paths-svg"] = ["paths", "-f", "svg"],
        ["paths-csv"] = ["paths", "--top", "5", "-f", "csv"],
        ["paths-html"] = ["paths", "--top", "5", "-f", "html"],
        ["funnel"] = ["funnel", "--step", "Searched flights", "--step", "Booked flight", "--window", "7d", "-f", "json"],
        ["funnel-strict-journeys"] = ["funnel", "--step", "Searched flights", "--step", "Booked flight", "--step", "Checked in online|Checked in at airport", "--order", "strict", "--count", "journeys", "-f", "json"],
        ["funnel-exclude-windows"] = ["funnel", "--step", "Searched flights", "--step", "Booked flight", "--step", "Boarded", "--exclude", "Called contact centre", "--step-window", "3=60d", "-f", "json"],
        ["funnel-where"] = ["funnel", "--step", "Searched flights where channel = 'app'", "--step", "Booked flight", "-f", "json"],
        ["funnel-dropped"] = ["funnel", "--step", "Searched flights", "--step", "Booked flight", "--dropped-at", "2", "-f", "json"],
        ["funnel-by-segment"] = ["funnel", "--step", "Searched flights", "--step", "Booked flight", "--by-segment", "channel = 'app'", "--by-segment", "channel = 'web'", "-f", "json"],
        ["funnel-table"] = ["funnel", "--step", "Searched flights", "--step", "Booked flight"],
        ["funnel-svg"] = ["funnel", "--step", "Searched flights", "--step", "Booked flight", "-f", "svg"],
        ["process-map"] = ["process-map", "-f", "json"],
        ["process-map-share"] = ["process-map", "--share", "0.8", "--journey-gap", "0", "-f", "json"],
        ["process-map-svg"] = ["process-map", "--share", "0.5", "--edge-label", "duration", "-f", "svg"],
        ["process-map-html"] = ["process-map", "--share", "0.5", "-f", "html"],
        ["variants"] = ["variants", "--top", "10", "-f", "json"],
        ["variants-csv"] = ["variants", "--top", "10", "-f", "csv"],
        ["scores"] = ["scores", "-f", "json"],
        ["scores-phase-variants"] = ["scores", "--node", "phase", "--variants", "3", "--min-answers", "10", "-f", "json"],
        ["scores-segment"] = ["scores", "--from", "2025-02-01", "--segment", "channel = 'app'", "-f", "json"],
        ["scores-svg"] = ["scores", "--score", "csat", "-f", "svg"],
        ["lowpoints"] = ["lowpoints", "-f", "json"],
        ["lowpoints-table"] = ["lowpoints", "--min-answers", "10"],
        ["switching"] = ["switching", "-f", "json"],
        ["switching-windows"] = ["switching", "--window", "2d", "--repeat-window", "3d", "--digital", "web", "-f", "json"],
        ["switching-svg"] = ["switching", "-f", "svg"],
        ["attribution"] = ["attribution", "--goal", "Booked flight", "-f", "json"],
        ["attribution-channel"] = ["attribution", "--goal", "Booked flight", "--node", "channel", "-f", "json"],
        ["handoffs"] = ["handoffs", "-f", "json"],
        ["consistency"] = ["consistency", "--task", "Searched flights>Booked flight", "-f", "json"],
        ["compare-periods"] = ["compare", "--metric", "nps", "--baseline-to", "2025-04-01", "--current-from", "2025-04-01", "-f", "json"],
        ["compare-segments"] = ["compare", "--metric", "conversion@Searched flights>Booked flight", "--a", "channel = 'app'", "--b", "channel = 'web'", "-f", "json"],
        ["compare-aa-table"] = ["compare", "--metric", "nps", "--metric", "csat", "--aa"],
        ["painpoints"] = ["painpoints", "-f", "json"],
        ["painpoints-map"] = ["painpoints", "--map", "airline-door-to-door", "--long-wait", "30m", "-f", "json"],
        ["opportunities"] = ["opportunities", "-f", "json"],
        ["opportunities-table"] = ["opportunities"],
        ["measure-list"] = ["measure", "list", "-f", "json"],
        ["measure-compare"] = ["measure", "compare", "baseline", "-f", "json"],
        ["map-list"] = ["map", "list", "-f", "json"],
        ["map-bind"] = ["map", "bind", "airline-door-to-door", "-f", "json"],
        ["map-bind-html"] = ["map", "bind", "airline-door-to-door", "-f", "html"],
        ["map-render-svg"] = ["map", "render", "airline-door-to-door", "-f", "svg"],
        ["person"] = ["person", "anon-1-1", "-f", "json"],
        ["person-table"] = ["person", "anon-1-1"],
        ["export-csv"] = ["export", "--from", "2025-05-01", "--to", "2025-05-08"],
        ["error-top"] = ["variants", "--top", "0"],
        ["error-top-type"] = ["paths", "--top", "many"],
        ["error-date"] = ["scores", "--from", "yesterday"],
        ["error-filter"] = ["stats", "--where", "persona = family"],
        ["error-funnel-step"] = ["funnel", "--step", "No such touchpoint", "--step", "Booked flight"],
        ["error-map"] = ["map", "bind", "not-saved"],
        ["error-person"] = ["person", "nobody-at-all"],
        ["error-by"] = ["paths", "--by", "colour"],
        ["error-lens"] = ["paths", "--node", "phase", "--lens", "nonsense"],
        ["error-svg-breakdown"] = ["paths", "--by", "channel", "-f", "svg"],
        ["error-gap"] = ["process-map", "--journey-gap", "-1"],
    };

    public static TheoryData<string> Names => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(Names))]
    public void A_command_prints_what_it_printed_before(string name)
    {
        var result = Cli.Run([.. Cases[name], "-w", workspace.Path]);

        Golden.Check(Folder, name, Printed(result));
    }

    public static TheoryData<string, string, string> RealLogCases => new()
    {
        { "real-running-example-process-map", "running-example.xes", "process-map --journey-gap 0 --clock local -f json" },
        { "real-running-example-variants", "running-example.xes", "variants --journey-gap 0 -f json" },
        { "real-helpdesk-stats", "helpdesk.xes.gz", "stats --journey-gap 0 -f json" },
        { "real-helpdesk-variants", "helpdesk.xes.gz", "variants --journey-gap 0 --top 5 -f json" },
        { "real-roadtraffic-process-map", "roadtraffic100traces.xes", "process-map --journey-gap 0 -f json" },
        { "real-sepsis-paths", "sepsis.csv", "paths --journey-gap 0 --top 5 -f json" },
    };

    [Theory]
    [MemberData(nameof(RealLogCases))]
    public void An_analysis_of_a_real_log_read_with_input_prints_what_it_printed_before(string name, string file, string args)
    {
        var result = Cli.Run([.. args.Split(' '), "--input", TestFiles.Real(file)]);

        Golden.Check(Folder, name, Printed(result));
    }

    /// <summary>Exit code, then standard output, then standard error (paths of this machine and the day the baseline was saved taken out).</summary>
    private static string Printed(Cli.Result result) =>
        $"exit {result.ExitCode}\n--- stdout\n{SavedOn().Replace(result.Out, "baseline (day of saving)")}--- stderr\n{result.Error.Replace(TestFiles.RealData, "(real data)", StringComparison.Ordinal)}";

    [System.Text.RegularExpressions.GeneratedRegex(@"baseline \(\d{4}-\d{2}-\d{2}\)")]
    private static partial System.Text.RegularExpressions.Regex SavedOn();
}

/// <summary>The airline demo (300 customers: catalogue, saved map), with a baseline measurement saved; made once per class.</summary>
public sealed class GoldenWorkspace : IDisposable
{
    private readonly TempFolder _folder = new();

    public GoldenWorkspace()
    {
        Path = _folder.File("golden");
        foreach (var args in new[] { new[] { "demo", "--customers", "300", "--no-serve" }, ["measure", "save", "baseline", "--metric", "nps", "--metric", "conversion@Searched flights>Booked flight"] })
        {
            var result = Cli.Run([.. args, "-w", Path]);
            if (result.ExitCode != 0)
            {
                throw new InvalidOperationException($"journeylens {string.Join(' ', args)} failed: {result.Error}");
            }
        }
    }

    public string Path { get; }

    public void Dispose() => _folder.Dispose();
}
