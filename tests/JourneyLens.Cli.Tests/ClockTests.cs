using JourneyLens.Testing;
using Microsoft.Extensions.Time.Testing;

namespace JourneyLens.Cli.Tests;

/// <summary>Every time the product writes down as "now" comes from the clock it is given, not from the machine.</summary>
public sealed class ClockTests
{
    private static readonly DateTimeOffset Then = new(2031, 5, 6, 7, 8, 9, TimeSpan.Zero);

    [Fact]
    public void A_measurement_and_a_report_are_dated_by_the_injected_clock()
    {
        using var temp = new TempFolder();
        var ws = temp.File("ws");
        var clock = new FakeTimeProvider(Then);
        string Run(params string[] args)
        {
            using var stdout = new StringWriter();
            using var stderr = new StringWriter();
            CliApp.Run([.. args, "-w", ws], new CliContext(stdout, stderr) { Clock = clock }).ShouldBe(ExitCode.Ok, stderr.ToString());
            return stdout.ToString();
        }

        Run("import", TestFiles.Real("running-example.xes"));
        Run("measure", "save", "baseline", "--metric", "journey-duration");
        clock.Advance(TimeSpan.FromDays(1));
        Run("report", "--out", temp.File("report.html"));

        Run("measure", "list", "-f", "json").ShouldContain("\"taken\": \"2031-05-06T07:08:09+00:00\"");
        var report = File.ReadAllText(temp.File("report.html"));
        report.ShouldContain("made 2031-05-07 07:08 UTC");
        report.ShouldContain("Made with JourneyLens on 2031-05-07 07:08 UTC");
    }
}
