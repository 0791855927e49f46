using System.Text;
using JourneyLens.Core.Engine;
using JourneyLens.Ingest.InMemory;
using JourneyLens.Testing;
using JourneyLens.Core.Errors;

namespace JourneyLens.Ingest.Tests.InMemory;

/// <summary>
/// A CSV read in runs on several threads (rows of the common shape read in place, runs numbered on their own and
/// joined) must give exactly what one pass gives in which the import's reader validates every row. Random files full
/// of what trips a hand-written fast path: padding, unicode and non-breaking spaces, stand-in ids, bad scores and
/// values, quoting, broken rows, repeated event_ids and identifiers that link across runs.
/// </summary>
public class EventFileRunsTests
{
    private const string Header = "event_id,timestamp,customer_id,anonymous_id,email,case_id,touchpoint,channel,score_type,score,about,value,outcome,tier,note";

    public static TheoryData<string> OptionSets => ["default", "small limits", "time zone", "lifecycle", "wide rows and labels"];

    [Theory]
    [MemberData(nameof(OptionSets))]
    public void Reading_in_runs_gives_what_one_pass_through_the_import_reader_gives(string optionSet)
    {
        using var temp = new TempFolder();
        for (var seed = 1; seed <= 40; seed++)
        {
            var random = new Random(seed * 7919 + optionSet.Length);
            var path = temp.File($"events-{seed}.csv");
            File.WriteAllText(path, RandomCsv(random, naiveTimes: optionSet == "time zone", lifecycle: optionSet == "lifecycle"));
            var options = Options(optionSet);
            long? maxErrors = random.Next(5) == 0 ? random.Next(0, 6) : null;

            var reference = Outcome(() => EventFile.Read(path, options, maxErrors, int.MaxValue, inRuns: false));
            var inRuns = Outcome(() => EventFile.Read(path, options, maxErrors, random.Next(1, 8), inRuns: true));

            inRuns.ShouldBe(reference, $"{optionSet}, seed {seed}");
        }
    }

    /// <summary>A quarantine needs every rejected row, in file order, however many runs read them; the file keeps only the first few.</summary>
    [Fact]
    public void Every_rejected_row_is_told_in_file_order_beyond_the_ones_the_file_keeps()
    {
        using var temp = new TempFolder();
        var path = temp.File("bad.csv");
        var rows = Enumerable.Range(0, 200).Select(i => i % 3 == 0 ? $"c{i},not a time,Searched,web" : $"c{i},2025-01-01T10:00:00Z,Searched,web");
        File.WriteAllText(path, "customer_id,timestamp,touchpoint,channel\n" + string.Join("\n", rows) + "\n");
        var told = new List<long>();

        var file = EventFile.Read(path, new ImportOptions(), null, runRows: 7, inRuns: true, r => told.Add(r.Line));

        told.ShouldBe([.. Enumerable.Range(0, 200).Where(i => i % 3 == 0).Select(i => (long)i + 2)]);
        file.Quarantined.ShouldBe(told.Count);
        file.FirstRejections.Count.ShouldBeLessThan(told.Count);
    }

    [Fact]
    public void A_file_of_many_runs_keeps_the_first_time_of_an_identifier_seen_earlier_in_a_later_run()
    {
        using var temp = new TempFolder();
        var path = temp.Write("late.csv", "timestamp,anonymous_id,customer_id,touchpoint",
            "2025-01-02T10:00:00Z,a1,,search",
            "2025-01-02T11:00:00Z,a2,,search",
            "2025-01-01T09:00:00Z,a2,C1,book",
            "2025-01-01T08:00:00Z,a1,C1,pay");

        var file = EventFile.Read(path, new ImportOptions(), null, runRows: 1, inRuns: true);

        file.Events.PersonStart.Length.ShouldBe(2, "a1, a2 and C1 are one person");
        file.Events.TimestampMs.ShouldBe(file.Events.TimestampMs.Order().ToArray());
        file.PersonName(0).ShouldBe("customer_id:C1");
    }

    private static ImportOptions Options(string set) => set switch
    {
        "small limits" => new ImportOptions { MaxValueLength = 12, MaxProperties = 1 },
        "time zone" => new ImportOptions { TimeZone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Amsterdam") },
        "lifecycle" => new ImportOptions { Lifecycle = "complete", Map = [new("lifecycle", "note")] },
        // Each row makes its own event and a step at its time (an event_id gets the step's name); a tier without a label is rejected.
        "wide rows and labels" => new ImportOptions
        {
            Map = [new("touchpoint", "touchpoint")],
            Steps = [new Mapping.RowEvent("timestamp", "step at the row's time", "app")],
            Labels = new Dictionary<string, IReadOnlyDictionary<string, string>> { ["tier"] = new Dictionary<string, string> { ["gold"] = "Gold", ["basic"] = "Basic" } },
        },
        _ => new ImportOptions(),
    };

    /// <summary>Everything a reading yields, as text: equal text, equal reading (or the same error).</summary>
    private static string Outcome(Func<EventFile> read)
    {
        EventFile file;
        try
        {
            file = read();
        }
        catch (InputException e)
        {
            return $"error {e.Message} @ {e.File}:{e.Line}:{e.Field}";
        }

        var t = file.Events;
        var text = new StringBuilder();
        text.AppendLine($"accepted {file.Accepted} duplicates {file.Duplicates} identity {file.IdentityMessages} filtered {file.Filtered} quarantined {file.Quarantined}");
        text.AppendLine(string.Join("; ", file.QuarantinedByReason.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => $"{r.Key}={r.Value}")));
        foreach (var r in file.FirstRejections)
        {
            text.AppendLine($"rejected {r.Line} {r.Field}: {r.Reason} [{r.Found}] [{r.Raw}]");
        }

        text.AppendLine($"names {string.Join("|", t.TouchpointNames)} / {string.Join("|", t.ChannelNames)} / {string.Join("|", t.OutcomeNames)}");
        text.AppendLine($"persons {string.Join(",", t.PersonStart)} named {string.Join(",", Enumerable.Range(0, t.PersonStart.Length - 1).Select(file.PersonName))}");
        var properties = file.Properties(t, ["tier", "note", "score_type"]);
        for (var i = 0; i < t.EventCount; i++)
        {
            text.AppendLine($"{t.RowId[i]} {t.TimestampMs[i]} {t.UtcOffsetMinutes[i]} {t.Touchpoint[i]} {t.Channel[i]} {t.ScoreType[i]} {t.Score[i]} {t.About[i]} {t.Value[i]} {t.Outcome[i]} "
                + string.Join("|", properties.Select(p => $"{p.Key}={p.Value[i]}")));
        }

        return text.ToString();
    }

    private static string RandomCsv(Random random, bool naiveTimes, bool lifecycle)
    {
        string[] customers = ["", "", "", "C1", "C2", " C3 ", "C4", "null", "guest", "0", "\u00a0C5", "Zoë"];
        string[] anonymous = ["", "", "a1", "a2", "a3", "a4", "undefined", "anonymous", " a5"];
        string[] emails = ["", "", "", "p1@example.com", "p2@example.com", "test@example.com", "P1@example.com"];
        string[] cases = ["", "", "", "", "0", "null", "K1", "K2"];
        string[] touchpoints = ["search", "search", " book ", "Café", "pay\u00a0", "", "   ", "call", "\"Zoë's \"\"best\"\" page\"", "\"a,b\"", "survey"];
        string[] channels = ["web", "web", " web", "", "  ", "phone", "App", "\u00a0app"];
        (string Type, string Score)[] scores = [("", ""), ("", ""), ("", ""), ("nps", "7"), (" NPS ", "10"), ("csat", "6"), ("ces", "3.0"), ("nps", "7.5"),
            ("nps", " 8 "), ("", "5"), ("xyz", "3"), ("nps", ""), ("c\u017fat", "3"), ("nps", "1e1"), ("csat", "-0"), ("nps", "٣")];
        string[] abouts = ["", "", "", "search", " book ", "\u00a0"];
        string[] values = ["", "", "", "12.5", " 3 ", "1e3", "abc", "Infinity", "NaN", "-0", "1,5"];
        string[] outcomes = ["", "", "won", " lost ", "\t"];
        string[] tiers = ["", "gold", "basic", " gold", "gold "];
        string[] notes = lifecycle
            ? ["complete", "complete", "start", "", " COMPLETE "]
            : ["", "", "x", "\"quoted, with comma\"", "\"multi\nline\"", "\"has \"\"quotes\"\"\"", "a very long note that passes a small limit"];
        var text = new StringBuilder(Header + "\n");
        var start = new DateTime(2025, 3, 30, 0, 0, 0, DateTimeKind.Utc);
        var eventIds = 0;
        for (var row = 0; row < random.Next(0, 120); row++)
        {
            if (random.Next(40) == 0)
            {
                text.Append(random.Next(2) == 0 ? "e,2025-01-01T10:00:00Z,C1,,,,search,web,,,,,,,,extra\n" : "e,2025-01-01T10:00:00Z,C1,,,,se\"arch,web,,,,,,,\n");
                continue;
            }

            var time = start.AddMinutes(random.Next(0, 3000));
            var stamp = random.Next(12) switch
            {
                0 => "not a time",
                1 => "",
                2 => $" {time:yyyy-MM-ddTHH:mm:ssZ} ",
                3 => time.AddHours(2).ToString("yyyy-MM-ddTHH:mm:ss.fff+02:00"),
                4 => new DateTimeOffset(time).ToUnixTimeMilliseconds().ToString(),
                5 => naiveTimes ? time.ToString("yyyy/MM/dd HH:mm:ss") : time.ToString("yyyy-MM-ddTHH:mm:ss.ffZ"),
                _ => time.ToString("yyyy-MM-ddTHH:mm:ss.fffZ"),
            };
            var eventId = random.Next(8) switch
            {
                0 when eventIds > 0 => $"e{random.Next(1, eventIds + 1)}",
                1 => "",
                2 => $" e{++eventIds} ",
                _ => $"e{++eventIds}",
            };
            var (scoreType, score) = scores[random.Next(scores.Length)];
            string[] fields = [eventId, stamp, Pick(random, customers), Pick(random, anonymous), Pick(random, emails), Pick(random, cases), Pick(random, touchpoints),
                Pick(random, channels), scoreType, score, Pick(random, abouts), Pick(random, values), Pick(random, outcomes), Pick(random, tiers), Pick(random, notes)];
            text.Append(string.Join(',', fields)).Append(random.Next(6) == 0 ? "\r\n" : "\n");
        }

        return text.ToString();
    }

    private static string Pick(Random random, string[] values) => values[random.Next(values.Length)];
}
