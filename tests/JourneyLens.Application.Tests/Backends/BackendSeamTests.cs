using System.Globalization;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using JourneyLens.Application.Analyses;
using JourneyLens.Application.Backends;
using JourneyLens.Application.Backends.Embedded;
using JourneyLens.Application.Parameters;
using JourneyLens.Application.Registry;
using JourneyLens.Ingest;
using JourneyLens.Storage;
using JourneyLens.Storage.Engine;
using JourneyLens.Storage.Import;
using JourneyLens.Testing;

namespace JourneyLens.Application.Tests.Backends;

/// <summary>
/// The seam holds: the same registry entry, given the same parameter values, answers with the same JSON whether the
/// embedded backend or the plain-SQL reference backend stands behind it — on random logs (ties, time zones, gaps)
/// and on real ones.
/// </summary>
public sealed class BackendSeamTests
{
    private static readonly string[] Touchpoints = ["Visited site", "Searched", "Booked", "Called", "Ünïcode ✈"];
    private static readonly string[] Channels = ["web", "app", "phone"];
    private static readonly DateTimeOffset Start = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly Gen<Row[]> Logs = RandomLog.Rows(120, 12, 40, 3_600_000L * 7, Touchpoints.Length, Gen.Elements<short>(0, 60, -300));

    /// <summary>Parameter values an analyst might give: a journey gap, and a date range inside or around the data (an empty one is refused).</summary>
    private static readonly Gen<(double? Gap, string? From, string? To)> Scopes =
        from gap in Gen.Elements<double?>(null, 0, 0.1, 1, 30)
        from first in Gen.Elements<string?>(null, "2025-01-03", "2025-01-20")
        from end in Gen.Elements<string?>(null, "2025-01-10", "2025-02-15")
        select (gap, first, first == "2025-01-20" && end == "2025-01-10" ? "2025-02-15" : end);

    [Fact]
    public void Both_backends_answer_the_overview_and_the_process_map_with_the_same_json_on_random_logs()
    {
        var cases = from rows in Logs
                    from scope in Scopes
                    from analysis in Gen.Elements(ProcessMapAnalysis.Definition, StatsAnalysis.Definition)
                    from clock in Gen.Elements("utc", "local")
                    select (rows, scope, analysis, clock);
        Prop.ForAll(cases.ToArbitrary(), c =>
            {
                var (rows, scope, analysis, clock) = c;
                using var temp = new TempFolder();
                var folder = Imported(temp, rows);
                var values = Values(analysis, scope, analysis == ProcessMapAnalysis.Definition ? clock : null);
                return Same(analysis, values, folder);
            }).Check(Config.QuickThrowOnFailure.WithMaxTest(25));
    }

    [Theory]
    [InlineData("running-example.xes")]
    [InlineData("roadtraffic100traces.xes")]
    [InlineData("helpdesk.xes.gz")]
    public void Both_backends_answer_the_same_json_on_a_real_log(string file)
    {
        using var temp = new TempFolder();
        var folder = temp.File("ws");
        using (var workspace = Workspace.Open(folder, create: true))
        {
            new Importer(workspace).Import(TestFiles.Real(file), new ImportOptions(), new ImportSettings());
        }

        foreach (var analysis in new[] { StatsAnalysis.Definition, ProcessMapAnalysis.Definition })
        {
            Same(analysis, Values(analysis, (0, null, null), null), folder).ShouldBeTrue(analysis.Name);
        }
    }

    [Fact]
    public void A_backend_says_which_queries_it_does_not_answer()
    {
        using var temp = new TempFolder();
        var folder = Imported(temp, [new Row(0, 0, 0), new Row(0, 60_000, 1)]);
        var funnel = FunnelAnalysis.Definition;
        var values = funnel.NewValues();
        values.Set("step", new[] { "Visited site", "Searched" });

        var refused = Should.Throw<NotAnsweredException>(() => funnel.Run(values, () => new ReferenceBackend(folder)));

        refused.Message.ShouldBe("the reference backend does not answer funnel yet");
        funnel.Run(values, () => EmbeddedBackend.OpenWorkspace(folder, new EngineLoader())).Result.ShouldBeOfType<Core.Analyses.FunnelResult>();
    }

    private static bool Same(Analysis analysis, ParameterValues values, string folder)
    {
        var embedded = ResultJson.Serialize(analysis.Run(values, () => EmbeddedBackend.OpenWorkspace(folder, new EngineLoader())).Result);
        var reference = ResultJson.Serialize(analysis.Run(values, () => new ReferenceBackend(folder)).Result);
        return embedded == reference ? true : throw new Xunit.Sdk.XunitException($"{analysis.Name} differs:\nembedded  {embedded}\nreference {reference}");
    }

    private static ParameterValues Values(Analysis analysis, (double? Gap, string? From, string? To) scope, string? clock)
    {
        var values = analysis.NewValues();
        if (scope.Gap is { } gap)
        {
            values.Set("journey-gap", (double?)gap);
        }

        if (scope.From is { } from)
        {
            values.Set("from", from);
        }

        if (scope.To is { } to)
        {
            values.Set("to", to);
        }

        if (clock is not null)
        {
            values.Set("clock", Enum.Parse<Core.Analyses.DurationClock>(clock, ignoreCase: true));
        }

        return values;
    }

    /// <summary>The rows as a CSV file (each with its own UTC offset) imported into a new workspace.</summary>
    private static string Imported(TempFolder temp, Row[] rows)
    {
        var csv = new StringBuilder("customer_id,timestamp,touchpoint,channel\n");
        foreach (var (r, i) in rows.Select((r, i) => (r, i)))
        {
            var at = Start.AddMilliseconds(r.Ts).ToOffset(TimeSpan.FromMinutes(r.Offset));
            csv.Append(CultureInfo.InvariantCulture, $"c{r.Person},{at:yyyy-MM-dd'T'HH:mm:ss.fffzzz},{Touchpoints[r.Touchpoint]},{Channels[i % Channels.Length]}\n");
        }

        var file = temp.File("events.csv");
        File.WriteAllText(file, csv.ToString());
        var folder = temp.File("ws");
        using var workspace = Workspace.Open(folder, create: true);
        new Importer(workspace).Import(file, new ImportOptions(), new ImportSettings());
        return folder;
    }
}
