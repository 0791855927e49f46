using System.Text.Json;
using JourneyLens.Testing;

namespace JourneyLens.Cli.Tests;

/// <summary>The airline sample map bound to 20,000 generated customers: the planted effects show up at the steps they belong to.</summary>
public class MapBindingCommandTests : IClassFixture<ExperienceCommandTests.Airline>
{
    private static readonly string Sample = Path.Combine(TestFiles.RepositoryRoot, "samples", "maps", "airline-door-to-door.yaml");
    private readonly ExperienceCommandTests.Airline _airline;

    public MapBindingCommandTests(ExperienceCommandTests.Airline airline) => _airline = airline;

    private JsonElement Run(params string[] args)
    {
        var result = Cli.Run([.. args, "-w", _airline.Workspace, "-f", "json"]);
        result.ExitCode.ShouldBe(0, result.Error);
        return JsonDocument.Parse(result.Out).RootElement.Clone();
    }

    private static JsonElement Step(JsonElement bound, string id) =>
        bound.GetProperty("steps").EnumerateArray().Single(s => s.GetProperty("step").GetProperty("id").GetString() == id);

    private static IEnumerable<(string Kind, string At)> Pains(JsonElement step) =>
        step.GetProperty("pains").EnumerateArray().Select(p => (p.GetProperty("kind").GetString()!, p.GetProperty("at").GetString()!));

    [Fact]
    public void Binding_puts_the_planted_effects_at_their_steps()
    {
        var bound = Run("map", "bind", Sample);

        bound.GetProperty("coverage").GetDouble().ShouldBe(1);
        bound.GetProperty("metrics").EnumerateArray().Select(m => m.GetProperty("metric").GetString()).ShouldBe(["nps", "ces"], "the map's own metrics, measured");
        bound.GetProperty("metrics")[0].GetProperty("n").GetInt64().ShouldBeGreaterThan(1000);
        var baggage = Step(bound, "baggage");
        baggage.GetProperty("measured_emotion").GetProperty("value").GetDouble().ShouldBeLessThan(-1.2, "NPS at the belt is around −80: −1.6 on the scale");
        Pains(baggage).ShouldContain(("low_point", "Collected baggage"));
        Pains(baggage).ShouldContain(("long_wait", "baggage"), "the map accepts 20 minutes at the belt");
        Pains(Step(bound, "check-in")).ShouldContain(("failed_self_service", "Online check-in failed"));
        Pains(Step(bound, "search")).ShouldContain(("loop", "Managed booking"));

        var book = Step(bound, "book");
        var (journeys, reached) = (book.GetProperty("journeys").GetInt64(), Step(bound, "check-in").GetProperty("journeys").GetInt64());
        book.GetProperty("drop_off").GetProperty("value").GetDouble().ShouldBeGreaterThanOrEqualTo(1 - ((double)reached / journeys) - 1e-9, "no more go on than reach the next step");
        Step(bound, "pack").GetProperty("step").GetProperty("is_touchpoint").GetBoolean().ShouldBeFalse();
        Step(bound, "pack").GetProperty("scores")[0].GetProperty("type").GetString().ShouldBe("ces");

        var impacts = bound.GetProperty("pains").EnumerateArray().Select(p => p.GetProperty("customers_affected").GetInt64() * p.GetProperty("severity").GetInt32()).ToList();
        impacts.ShouldBe(impacts.OrderByDescending(i => i).ToList(), "ranked by customers affected × severity");
    }

    [Fact]
    public void Through_the_functional_lens_the_steps_fall_into_the_owners_phases()
    {
        var bound = Run("map", "bind", Sample, "--lens", "functional");

        bound.GetProperty("lens").GetString().ShouldBe("functional");
        Step(bound, "book").GetProperty("phase").GetString().ShouldBe("sales");
        Step(bound, "check-in").GetProperty("phase").GetString().ShouldBe("service");
        var phases = bound.GetProperty("phases").EnumerateArray().Select(p => p.GetString()).ToList();
        bound.GetProperty("steps").EnumerateArray().ShouldAllBe(s => phases.Contains(s.GetProperty("phase").GetString()));
    }

    [Fact]
    public void The_opportunity_board_shows_the_baseline_measurement_against_now()
    {
        var metric = "conversion@Checked in online|Online check-in failed>Online check-in failed";
        Cli.Run("measure", "save", "baseline-check-in", "--metric", metric, "--to", "2025-04-01", "-w", _airline.Workspace).ExitCode.ShouldBe(0);

        var rows = Run("opportunities", Sample, "--from", "2025-04-02").EnumerateArray().ToList();

        var fix = rows.Single(r => r.GetProperty("opportunity").GetProperty("id").GetString() == "fix-check-in");
        var (before, after) = (_airline.Parameter("failed_online_check_in", "failure_rate_before"), _airline.Parameter("failed_online_check_in", "failure_rate_after"));
        fix.GetProperty("baseline").GetDouble().ShouldBe(before, 0.03);
        fix.GetProperty("now").GetProperty("value").GetDouble().ShouldBe(after, 0.02);
        fix.GetProperty("comparison").GetProperty("verdict").GetString().ShouldBe("lower (significant)");
        var progress = (fix.GetProperty("now").GetProperty("value").GetDouble() - fix.GetProperty("baseline").GetDouble()) / (0.08 - fix.GetProperty("baseline").GetDouble());
        fix.GetProperty("progress").GetDouble().ShouldBe(progress, 1e-9);

        var belt = rows.Single(r => r.GetProperty("opportunity").GetProperty("id").GetString() == "belt-promise");
        belt.GetProperty("problem").GetString()!.ShouldStartWith("no baseline");
        belt.GetProperty("now").GetProperty("value").GetDouble().ShouldBeLessThan(-50);
        rows.Select(r => r.GetProperty("priority").GetDouble()).ShouldBe(rows.Select(r => r.GetProperty("priority").GetDouble()).OrderByDescending(p => p).ToList());
    }

    [Fact]
    public void Pain_points_without_a_map_find_the_loop_and_the_low_point_and_say_what_was_not_checked()
    {
        var result = Cli.Run("painpoints", "-w", _airline.Workspace, "-f", "json");

        result.ExitCode.ShouldBe(0, result.Error);
        var pains = JsonDocument.Parse(result.Out).RootElement.GetProperty("pains").EnumerateArray().Select(p => (p.GetProperty("kind").GetString(), p.GetProperty("at").GetString())).ToList();
        pains.ShouldContain(("loop", "Managed booking"));
        pains.ShouldContain(("low_point", "Collected baggage"));
        pains.ShouldContain(("failed_self_service", "Online check-in failed"));
        result.Error.ShouldContain("--long-wait");
    }

    [Fact]
    public void A_saved_map_is_listed_and_bound_by_its_id()
    {
        Cli.Run("map", "save", Sample, "-w", _airline.Workspace).ExitCode.ShouldBe(0);

        Run("map", "list").EnumerateArray().ShouldContain(m => m.GetProperty("id").GetString() == "airline-door-to-door");
        Run("map", "bind", "airline-door-to-door").GetProperty("map").GetProperty("title").GetString().ShouldBe("Flying door to door — family traveller");
        var missing = Cli.Run("map", "bind", "no-such-map", "-w", _airline.Workspace);
        missing.ExitCode.ShouldBe(2);
        missing.Error.ShouldContain("no map with that id");
    }
}
