using System.Text.Json;

namespace JourneyLens.Testing;

/// <summary>The pm4py reference figures in ../shared/data/real/expected, plus the counts the foundation issue states.</summary>
public static class ExpectedFigures
{
    public sealed record LogCounts(string File, int Cases, int Events);

    /// <summary>Every real log that imports with no flags, with its case and event counts.</summary>
    public static IEnumerable<LogCounts> All()
    {
        foreach (var file in Directory.EnumerateFiles(Path.Combine(TestFiles.RealData, "expected"), "*.json").Order(StringComparer.Ordinal))
        {
            using var doc = JsonDocument.Parse(System.IO.File.ReadAllText(file));
            var root = doc.RootElement;
            yield return new LogCounts(root.GetProperty("log").GetString()!, root.GetProperty("cases").GetInt32(), root.GetProperty("events").GetInt32());
        }

        yield return new LogCounts("bpic2012.xes.gz", 13_087, 262_200);
        yield return new LogCounts("receipt.csv", 1_434, 8_577);
        yield return new LogCounts("sepsis.csv", 1_050, 15_214);
    }
}
