using System.Globalization;
using System.Text;
using JourneyLens.Application.Analyses;
using JourneyLens.Application.Backends.Embedded;
using JourneyLens.Application.Registry;
using JourneyLens.Application.Scopes;
using JourneyLens.Core.Experience;
using JourneyLens.Storage;
using JourneyLens.Storage.Engine;
using JourneyLens.Storage.Import;
using JourneyLens.Ingest;
using JourneyLens.Testing;

namespace JourneyLens.Application.Tests.Analyses;

/// <summary>A trend's figures are, period by period, what the existing analyses give over that period's days.</summary>
public class TrendTests
{
    private static readonly string[] Touchpoints = ["Searched", "Booked", "Called", "Survey"];

    [Theory]
    [InlineData(1, TrendPeriod.Day, null)]
    [InlineData(2, TrendPeriod.Week, "Europe/Amsterdam")]
    [InlineData(3, TrendPeriod.Month, "America/New_York")]
    [InlineData(4, TrendPeriod.Week, null)]
    public void Each_period_equals_a_measurement_and_the_stats_over_its_days(int seed, TrendPeriod every, string? zone)
    {
        using var temp = new TempFolder();
        var folder = RandomWorkspace(temp, new Random(seed), zone);
        string[] metrics = ["nps", "conversion@Searched>Booked", "repeat-contact@Called", "journey-duration", "reach@Called"];
        using var backend = EmbeddedBackend.OpenWorkspace(folder, new EngineLoader());

        var trend = backend.Answer(new TrendQuery(Selection.Of(Scope.All), metrics, every));

        trend.Periods.Count.ShouldBeGreaterThan(1);
        var next = trend.Periods.Skip(1).Select(p => p.Start).Append(NextStart(trend.Periods[^1].Start, every)).ToList();
        for (var k = 0; k < trend.Periods.Count; k++)
        {
            var period = trend.Periods[k];
            var scope = ScopeParameters.Scope(null, period.Start, next[k], null, null);
            var stats = backend.Answer(new StatsQuery(Selection.Of(scope)));
            period.Events.ShouldBe(stats.Events, period.Start);
            period.Persons.ShouldBe(stats.Persons, period.Start);
            var measured = backend.Answer(new MeasureQuery(Selection.Of(scope), metrics));
            ResultJson.Serialize(period.Values).ShouldBe(ResultJson.Serialize(measured), period.Start);
        }

        trend.Periods.Sum(p => p.Events).ShouldBe(backend.Answer(new StatsQuery(Selection.Of(Scope.All))).Events);
    }

    [Fact]
    public void Too_many_periods_are_refused_with_what_to_do()
    {
        var e = Should.Throw<Application.Parameters.RequestException>(() => TrendAnalysis.Periods(0, 5_000L * 86_400_000, TrendPeriod.Day, null));
        e.Message.ShouldContain("use a longer --every");
    }

    private static string NextStart(string start, TrendPeriod every)
    {
        var day = DateOnly.ParseExact(start, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        return (every switch { TrendPeriod.Month => day.AddMonths(1), TrendPeriod.Week => day.AddDays(7), _ => day.AddDays(1) }).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    }

    /// <summary>Persons with searches, bookings, calls (a contact channel) and NPS answers over about ten weeks, some at midnight.</summary>
    private static string RandomWorkspace(TempFolder temp, Random random, string? zone)
    {
        var csv = new StringBuilder("customer_id,timestamp,touchpoint,channel,score_type,score\n");
        var start = new DateTime(2025, 3, 20, 0, 0, 0, DateTimeKind.Unspecified); // spans the spring clock change
        for (var i = 0; i < 600; i++)
        {
            var at = start.AddMinutes(random.Next(0, 70 * 24 * 60)).AddSeconds(random.Next(2) == 0 ? 0 : random.Next(60));
            if (random.Next(10) == 0)
            {
                at = at.Date; // exactly at a day's start
            }

            var touchpoint = Touchpoints[random.Next(Touchpoints.Length)];
            var (channel, type, score) = touchpoint switch
            {
                "Called" => ("phone", "", ""),
                "Survey" => ("email", "nps", random.Next(0, 11).ToString(CultureInfo.InvariantCulture)),
                _ => ("web", "", ""),
            };
            csv.Append(CultureInfo.InvariantCulture, $"c{random.Next(60)},{at:yyyy-MM-dd HH:mm:ss},{touchpoint},{channel},{type},{score}\n");
        }

        var file = temp.File("events.csv");
        File.WriteAllText(file, csv.ToString());
        var folder = temp.File("ws");
        using var workspace = Workspace.Open(folder, create: true);
        new Importer(workspace).Import(file, new ImportOptions { TimeZone = TimeZoneInfo.FindSystemTimeZoneById(zone ?? "UTC") }, new ImportSettings());
        return folder;
    }
}
