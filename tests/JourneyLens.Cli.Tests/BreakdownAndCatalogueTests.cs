using System.Text.Json;
using JourneyLens.Testing;

namespace JourneyLens.Cli.Tests;

/// <summary>Funnel step filters, exclusions and dropped persons; breakdowns; the catalogue and phase nodes — through the real command.</summary>
public class BreakdownAndCatalogueTests : IClassFixture<BreakdownAndCatalogueTests.Airline>
{
    private readonly string _ws;

    public BreakdownAndCatalogueTests(Airline airline) => _ws = airline.Workspace;

    /// <summary>A generated airline workspace with its catalogue, shared by the tests of this class.</summary>
    public sealed class Airline : IDisposable
    {
        private readonly TempFolder _temp = new();

        public Airline()
        {
            var data = _temp.File("airline.csv");
            var catalogue = _temp.File("airline.touchpoints.yaml");
            Workspace = _temp.File("ws");
            Cli.Run("generate", "airline", "--customers", "6000", "--out", data, "--catalogue", catalogue).ExitCode.ShouldBe(0);
            Cli.Run("import", data, "-w", Workspace).ExitCode.ShouldBe(0);
            var import = Cli.Run("catalogue", "import", catalogue, "-w", Workspace);
            import.ExitCode.ShouldBe(0, import.Error);
            import.Error.ShouldContain("21 touchpoints");
        }

        public string Workspace { get; }

        public void Dispose() => _temp.Dispose();
    }

    private static JsonElement Json(Cli.Result result)
    {
        result.ExitCode.ShouldBe(0, result.Error);
        return JsonDocument.Parse(result.Out).RootElement.Clone();
    }

    private static long[] Counts(JsonElement funnel) => funnel.GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("count").GetInt64()).ToArray();

    [Fact]
    public void A_step_filter_keeps_only_the_matching_events_and_the_channel_breakdown_adds_up()
    {
        var all = Counts(Json(Cli.Run("funnel", "-w", _ws, "--step", "Searched flights", "--step", "Booked flight", "-f", "json")));
        var app = Counts(Json(Cli.Run("funnel", "-w", _ws, "--step", "Searched flights", "--step", "Booked flight where channel = 'app'", "-f", "json")));
        var web = Counts(Json(Cli.Run("funnel", "-w", _ws, "--step", "Searched flights", "--step", "Booked flight where channel = 'web'", "-f", "json")));

        app[0].ShouldBe(all[0]);
        app[1].ShouldBeGreaterThan(0);
        web[1].ShouldBeGreaterThan(app[1]);
        (app[1] + web[1]).ShouldBeGreaterThanOrEqualTo(all[1]); // a person may book on both channels

        var byChannel = Json(Cli.Run("funnel", "-w", _ws, "--step", "Searched flights", "--step", "Booked flight", "--by", "channel", "-f", "json"));
        byChannel.GetProperty("by").GetString().ShouldBe("channel");
        var groups = byChannel.GetProperty("groups").EnumerateArray().ToList();
        groups.Count.ShouldBeGreaterThan(1);
        groups.Sum(g => g.GetProperty("persons").GetInt32()).ShouldBe(6000);
        groups.Sum(g => Counts(g.GetProperty("result"))[1]).ShouldBe(all[1]); // first-touch groups split the persons
    }

    [Fact]
    public void A_per_step_window_keeps_only_the_steps_that_follow_quickly_enough()
    {
        string[] steps = ["funnel", "-w", _ws, "--step", "Searched flights", "--step", "Booked flight", "--step", "Boarded", "-f", "json"];
        var all = Counts(Json(Cli.Run(steps)));
        var withinHour = Json(Cli.Run([.. steps, "--step-window", "2=1h"]));
        var counts = Counts(withinHour);

        counts[0].ShouldBe(all[0]);
        counts[1].ShouldBeLessThan(all[1]);
        counts[1].ShouldBeGreaterThan(0);
        withinHour.GetProperty("steps")[1].GetProperty("median_seconds_from_previous").GetDouble().ShouldBeLessThanOrEqualTo(3600);

        var bad = Cli.Run([.. steps, "--step-window", "1=1h"]);
        (bad.ExitCode, bad.Error.Trim()).ShouldBe((2, "error: --step-window 1=1h: expected N=TIME with N a step from 2 to 3, e.g. 2=1h"));
        Cli.Run([.. steps, "--step-window", "2=1h", "--order", "any"]).Error.ShouldContain("per-step windows need an order");
    }

    [Fact]
    public void Dropped_persons_are_listed_and_their_number_is_the_drop_off()
    {
        var funnel = Json(Cli.Run("funnel", "-w", _ws, "--step", "Booked flight", "--step", "Checked in online|Checked in at desk", "-f", "json"));
        var dropOff = funnel.GetProperty("steps")[1].GetProperty("drop_off").GetInt64();

        var dropped = Json(Cli.Run("funnel", "-w", _ws, "--step", "Booked flight", "--step", "Checked in online|Checked in at desk", "--dropped-at", "2", "-f", "json"));

        var persons = dropped.GetProperty("persons").EnumerateArray().Select(p => p.GetString()!).ToList();
        persons.Count.ShouldBe((int)dropOff);
        persons.Distinct().Count().ShouldBe(persons.Count);
        persons.ShouldAllBe(p => p.StartsWith("customer_id:", StringComparison.Ordinal) || p.Contains(':'));
        var one = Cli.Run("person", persons[0].Split(':', 2)[1], "-w", _ws);
        one.ExitCode.ShouldBe(0, one.Error);
        one.Out.ShouldContain("Booked flight");
    }

    [Fact]
    public void An_exclusion_ends_attempts_so_counts_never_rise()
    {
        var plain = Counts(Json(Cli.Run("funnel", "-w", _ws, "--step", "Booked flight", "--step", "Flew", "-f", "json")));
        var excluded = Counts(Json(Cli.Run("funnel", "-w", _ws, "--step", "Booked flight", "--step", "Flew", "--exclude", "Called contact centre", "-f", "json")));

        excluded[0].ShouldBe(plain[0]);
        excluded[1].ShouldBeLessThan(plain[1]); // callers about a failed check-in fly later, after the call

        var any = Cli.Run("funnel", "-w", _ws, "--step", "Booked flight", "--step", "Flew", "--exclude", "Called contact centre", "--order", "any");
        any.ExitCode.ShouldBe(ExitCode.BadInput);
        any.Error.ShouldContain("exclusion steps need an order");
    }

    [Fact]
    public void Paths_over_phases_of_a_lens_use_the_catalogue()
    {
        var paths = Json(Cli.Run("paths", "-w", _ws, "--node", "phase", "--lens", "activity", "-f", "json"));

        var steps = paths.GetProperty("paths").EnumerateArray().SelectMany(p => p.GetProperty("steps").EnumerateArray().Select(s => s.GetString())).ToHashSet();
        steps.ShouldContain("search");
        steps.ShouldContain("check in");
        steps.ShouldNotContain("Searched flights");

        var unknown = Cli.Run("paths", "-w", _ws, "--node", "phase", "--lens", "nope");
        unknown.ExitCode.ShouldBe(ExitCode.BadInput);
        unknown.Error.ShouldContain("no lens 'nope'; lenses: lifecycle");

        var show = Cli.Run("catalogue", "show", "-w", _ws, "-f", "csv");
        show.Out.ShouldContain("Collected baggage,airport,service,partner,retention");
    }

    [Fact]
    public void A_process_map_over_channels_and_a_segment_breakdown_in_csv()
    {
        var map = Json(Cli.Run("process-map", "-w", _ws, "--node", "channel", "-f", "json"));
        map.GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("name").GetString()).ShouldContain("phone");

        var csv = Cli.Run("variants", "-w", _ws, "--top", "2", "--by-segment", "prop.persona = 'family'", "--by-segment", "prop.persona = 'business'", "-f", "csv");
        csv.ExitCode.ShouldBe(0, csv.Error);
        var lines = csv.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines[0].ShouldStartWith("segment,#,journeys");
        lines.Count(l => l.StartsWith("prop.persona = 'family'", StringComparison.Ordinal) || l.StartsWith("\"prop.persona = 'family'\"", StringComparison.Ordinal)).ShouldBe(2);

        var svg = Cli.Run("paths", "-w", _ws, "--by", "channel", "-f", "svg");
        svg.ExitCode.ShouldBe(ExitCode.BadUsage);
        svg.Error.ShouldContain("--format svg draws one group");
    }
}
