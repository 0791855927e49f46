using System.Text;
using JourneyLens.Core.Errors;
using JourneyLens.Ingest.InMemory;
using JourneyLens.Ingest.Readers;
using JourneyLens.Ingest.Validation;
using JourneyLens.Testing;

namespace JourneyLens.Ingest.Tests.Fuzz;

/// <summary>
/// Thousands of hostile variants of valid CSV, JSON-lines and XES files (fixed seeds; bench/ runs more): none ends in
/// anything but a user error, none hangs, a file read in runs on all cores says exactly what one pass says, and in a
/// CSV without quotes every line is accounted for — loaded, quarantined or filtered, never lost.
/// </summary>
public sealed class InputFuzzTests
{
    private const int Cases = 2_000;

    public static TheoryData<string> Seeds => new() { "events.csv", "events.jsonl", "log.xes" };

    [Theory]
    [MemberData(nameof(Seeds))]
    public void No_variant_of_a_valid_file_ends_in_an_internal_error_a_hang_or_a_lost_row(string name)
    {
        using var temp = new TempFolder();
        var failures = Mutations.Failures(Encoding.UTF8.GetBytes(FuzzSeeds.Of(name)), Enumerable.Range(0, Cases), (n, bytes) =>
        {
            var path = temp.File($"{n}-{name}");
            File.WriteAllBytes(path, bytes);
            Check(path, bytes, n % 4 == 0);
            File.Delete(path);
        }, name);

        failures.ShouldBeEmpty();
    }

    /// <summary>Reads the file as the import does; a user error is a fine answer, anything else is a failure.</summary>
    private static void Check(string path, byte[] bytes, bool alsoInRuns)
    {
        List<ReadItem> items;
        try
        {
            using var reader = InputFile.Open(path, new ImportOptions());
            items = reader.Read().ToList();
        }
        catch (InputException)
        {
            return;
        }

        if (path.EndsWith(".csv", StringComparison.Ordinal) && CountableLines(bytes) is { } lines)
        {
            items.Count.ShouldBe(lines, "every line of a CSV without quotes is a row: loaded, quarantined or filtered");
        }

        if (alsoInRuns && !path.EndsWith(".xes", StringComparison.Ordinal))
        {
            var (inOrder, inRuns) = (Summary(() => EventFile.Read(path, new ImportOptions(), null, 3, inRuns: false)), Summary(() => EventFile.Read(path, new ImportOptions(), null, 3, inRuns: true)));
            inRuns.ShouldBe(inOrder, "read in runs on all cores, a file says what one pass says");
        }
    }

    private static string Summary(Func<EventFile> read)
    {
        try
        {
            var f = read();
            return $"{f.Accepted} accepted, {f.Duplicates} duplicates, {f.Quarantined} quarantined ({string.Join("; ", f.QuarantinedByReason.OrderBy(r => r.Key, StringComparer.Ordinal))}), {f.Filtered} filtered, {f.Events.EventCount} events";
        }
        catch (InputException e)
        {
            return "refused: " + e.Message;
        }
    }

    /// <summary>The data lines of a CSV in which no quote, carriage return or invalid UTF-8 can join or split rows, and whose header is intact.</summary>
    private static int? CountableLines(byte[] bytes)
    {
        if (!System.Text.Unicode.Utf8.IsValid(bytes) || bytes.Contains((byte)'"') || bytes.Contains((byte)'\r') || bytes.Contains((byte)0))
        {
            return null;
        }

        var lines = Encoding.UTF8.GetString(bytes).Split('\n');
        return lines[0] == FuzzSeeds.CsvHeader ? lines.Skip(1).Count(l => l.Length > 0) : null;
    }
}
