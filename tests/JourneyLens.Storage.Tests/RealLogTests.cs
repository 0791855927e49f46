using JourneyLens.Ingest;
using JourneyLens.Testing;

namespace JourneyLens.Storage.Tests;

/// <summary>Every real log imports without flags (beyond a mapping for unusual columns) and gives pm4py's counts.</summary>
public class RealLogTests
{
    public static TheoryData<string, int, int> Logs()
    {
        var data = new TheoryData<string, int, int>();
        foreach (var log in ExpectedFigures.All())
        {
            data.Add(log.File, log.Cases, log.Events);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Logs))]
    public void Cases_and_events_match_the_reference(string file, int cases, int events)
    {
        using var ws = new TestWorkspace();

        var summary = ws.Import(TestFiles.Real(file));

        summary.Quarantined.ShouldBe(0);
        var overview = ws.Overview();
        overview.Persons.ShouldBe(cases);
        overview.Events.ShouldBe(events);
    }

    [Fact]
    public void Otto_sessions_import_with_a_column_mapping()
    {
        using var ws = new TestWorkspace();

        var summary = ws.Import(TestFiles.Real("otto-sessions-sample.jsonl"), new ImportOptions
        {
            Map = [new("case_id", "session"), new("touchpoint", "type")],
        });

        summary.Quarantined.ShouldBe(0);
        var overview = ws.Overview();
        overview.Persons.ShouldBe(20);
        overview.Events.ShouldBe(862);
    }

    [Fact]
    public void Lifecycle_complete_keeps_one_transition_and_counts_the_rest_as_filtered()
    {
        using var ws = new TestWorkspace();

        var summary = ws.Import(TestFiles.Real("bpic2012.xes.gz"), new ImportOptions { Lifecycle = "complete" });

        summary.Accepted.ShouldBeGreaterThan(0);
        (summary.Accepted + summary.Filtered).ShouldBe(262_200);
        summary.Filtered.ShouldBeGreaterThan(0);
    }
}
