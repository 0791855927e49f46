using System.Text.Json;
using JourneyLens.Testing;

namespace JourneyLens.Cli.Tests;

/// <summary>Every planted effect of the airline generator is found by the analysis meant to find it, through the real command.</summary>
public class ExperienceCommandTests : IClassFixture<ExperienceCommandTests.Airline>
{
    private readonly Airline _airline;

    public ExperienceCommandTests(Airline airline) => _airline = airline;

    public sealed class Airline : IDisposable
    {
        private readonly TempFolder _temp = new();

        public Airline()
        {
            var data = _temp.File("airline.csv");
            var truth = _temp.File("truth.json");
            var catalogue = _temp.File("catalogue.yaml");
            Workspace = _temp.File("ws");
            Cli.Run("generate", "airline", "--customers", "20000", "--out", data, "--truth", truth, "--catalogue", catalogue).ExitCode.ShouldBe(0);
            Cli.Run("import", data, "-w", Workspace).ExitCode.ShouldBe(0);
            Cli.Run("catalogue", "import", catalogue, "-w", Workspace).ExitCode.ShouldBe(0);
            Truth = JsonDocument.Parse(File.ReadAllText(truth)).RootElement.Clone();
        }

        public string Workspace { get; }

        public JsonElement Truth { get; }

        public double Parameter(string effect, string name) =>
            Truth.GetProperty("effects").EnumerateArray().Single(e => e.GetProperty("name").GetString() == effect).GetProperty("parameters").GetProperty(name).GetDouble();

        public void Dispose() => _temp.Dispose();
    }

    private JsonElement Run(params string[] args)
    {
        var result = Cli.Run([.. args, "-w", _airline.Workspace, "-f", "json"]);
        result.ExitCode.ShouldBe(0, result.Error);
        return JsonDocument.Parse(result.Out).RootElement.Clone();
    }

    /// <summary>Within four standard errors of the planted value.</summary>
    private static void ShouldBeNear(JsonElement estimate, double planted)
    {
        var (value, n) = (estimate.GetProperty("value").GetDouble(), estimate.GetProperty("n").GetDouble());
        Math.Abs(value - planted).ShouldBeLessThan(4 * Math.Sqrt(planted * (1 - planted) / n), $"{value} vs planted {planted} (n = {n})");
    }

    [Fact]
    public void Switching_finds_the_failed_online_check_in_and_the_calls_it_causes()
    {
        var switching = Run("switching");

        var failed = switching.GetProperty("failed_self_service")[0];
        failed.GetProperty("touchpoint").GetString().ShouldBe("Online check-in failed");
        ShouldBeNear(failed.GetProperty("rate"), _airline.Parameter("failed_online_check_in", "call_within_24h_after_failure"));
        var intoCalls = switching.GetProperty("paths_into_contact").EnumerateArray()
            .Select(p => p.GetProperty("steps").EnumerateArray().Select(s => s.GetString()!).ToList()).Where(p => p[^1] == "Called contact centre").ToList();
        intoCalls.ShouldNotBeEmpty();
        intoCalls.ShouldAllBe(p => p[p.Count - 2] == "Online check-in failed"); // every call about check-in follows a failed online check-in
        switching.GetProperty("matrix").EnumerateArray().ShouldContain(m => m.GetProperty("from").GetString() == "app" && m.GetProperty("to").GetString() == "phone");
    }

    [Fact]
    public void Baggage_claim_is_the_low_point_and_the_largest_drop()
    {
        var low = Run("lowpoints");

        var point = low.GetProperty("low_points").EnumerateArray().Single(l => l.GetProperty("type").GetString() == "nps");
        point.GetProperty("subject").GetString().ShouldBe("Collected baggage");
        point.GetProperty("p").GetDouble().ShouldBeLessThan(0.001);
        var drop = low.GetProperty("drops")[0];
        drop.GetProperty("to").GetString().ShouldBe("Collected baggage");
        drop.GetProperty("high").GetDouble().ShouldBeLessThan(0);

        // Per persona the NPS after baggage claim is the planted one, within its interval widened to four standard errors.
        foreach (var persona in new[] { "family", "business" })
        {
            var scores = Run("scores", "--segment", $"prop.persona = '{persona}'");
            var baggage = scores.GetProperty("subjects").EnumerateArray().Single(s => s.GetProperty("subject").GetString() == "Collected baggage").GetProperty("scores")[0];
            var (value, low95, high95) = (baggage.GetProperty("value").GetDouble(), baggage.GetProperty("low").GetDouble(), baggage.GetProperty("high").GetDouble());
            var planted = _airline.Parameter("baggage_claim_low_point", $"expected_nps_after_baggage_{persona}");
            Math.Abs(value - planted).ShouldBeLessThan(2 * (high95 - low95), $"{persona}: {value} [{low95}, {high95}] vs planted {planted}");
            baggage.GetProperty("too_few").GetBoolean().ShouldBeFalse();
        }
    }

    [Fact]
    public void Comparing_fares_is_decisive_and_managing_a_booking_unnecessary()
    {
        var attribution = Run("attribution", "--goal", "Booked flight");

        var touchpoints = attribution.GetProperty("touchpoints").EnumerateArray().ToDictionary(t => t.GetProperty("touchpoint").GetString()!, t => t);
        touchpoints["Compared fares"].GetProperty("verdict").GetString().ShouldBe("decisive");
        touchpoints["Managed booking"].GetProperty("verdict").GetString().ShouldBe("unnecessary");
        touchpoints["Compared fares"].GetProperty("conversion_from_here").GetDouble()
            .ShouldBe(_airline.Parameter("decisive_compare", "booking_rate_if_compared"), 0.03);
    }

    [Fact]
    public void The_sales_to_service_handoff_loses_the_planted_share()
    {
        var handoffs = Run("handoffs", "--journey-gap", "0");

        var sales = handoffs.GetProperty("handoffs").EnumerateArray().Single(h => h.GetProperty("from").GetString() == "sales");
        sales.GetProperty("to").GetString().ShouldBe("service");
        ShouldBeNear(sales.GetProperty("drop_off"), _airline.Parameter("sales_to_service_handoff_loss", "loss_rate"));
        sales.GetProperty("scores")[0].GetProperty("change").GetProperty("delta").GetDouble().ShouldBeLessThan(0);
    }

    [Fact]
    public void The_improvement_is_significant_and_two_random_halves_are_not()
    {
        var date = DateTimeOffset.FromUnixTimeMilliseconds((long)_airline.Parameter("failed_online_check_in", "improvement_date_unix_ms")).ToString("yyyy-MM-dd");
        const string failure = "conversion@Checked in online|Online check-in failed>Online check-in failed";

        var periods = Run("compare", "--metric", failure, "--baseline-to", date, "--current-from", date).GetProperty("metrics")[0];
        periods.GetProperty("verdict").GetString().ShouldBe("lower (significant)");
        ShouldBeNear(periods.GetProperty("a"), _airline.Parameter("failed_online_check_in", "failure_rate_before"));
        ShouldBeNear(periods.GetProperty("b"), _airline.Parameter("failed_online_check_in", "failure_rate_after"));

        var halves = Run("compare", "--aa", "--metric", failure, "--metric", "nps", "--metric", "journey-duration").GetProperty("metrics");
        halves.EnumerateArray().ShouldAllBe(m => m.GetProperty("verdict").GetString() == "no significant difference");

        var few = Run("compare", "--metric", "csat@Called contact centre", "--baseline-to", "2025-01-02", "--current-from", date).GetProperty("metrics")[0];
        few.GetProperty("verdict").GetString()!.ShouldStartWith("not enough data");
    }

    [Fact]
    public void A_measurement_is_saved_listed_and_compared_with_now()
    {
        var date = DateTimeOffset.FromUnixTimeMilliseconds((long)_airline.Parameter("failed_online_check_in", "improvement_date_unix_ms")).ToString("yyyy-MM-dd");
        const string failure = "conversion@Checked in online|Online check-in failed>Online check-in failed";

        var saved = Cli.Run("measure", "save", "before-fix", "--to", date, "--metric", failure, "-w", _airline.Workspace);
        saved.ExitCode.ShouldBe(0, saved.Error);
        Cli.Run("measure", "save", "before-fix", "--metric", "nps", "-w", _airline.Workspace).Error.ShouldContain("a measurement 'before-fix' exists");
        Cli.Run("measure", "list", "-w", _airline.Workspace, "-f", "csv").Out.ShouldContain($"before-fix,");

        var compared = Run("measure", "compare", "before-fix", "now", "--from", date).GetProperty("metrics")[0];
        compared.GetProperty("verdict").GetString().ShouldBe("lower (significant)");

        Cli.Run("measure", "compare", "nope", "-w", _airline.Workspace).Error.ShouldContain("no measurement 'nope'");
    }
}
