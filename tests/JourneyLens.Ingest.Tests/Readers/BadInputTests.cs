using JourneyLens.Ingest.Readers;
using JourneyLens.Ingest.Validation;
using JourneyLens.Testing;
using JourneyLens.Core.Errors;

namespace JourneyLens.Ingest.Tests.Readers;

/// <summary>One test per class of bad input: the bad row is rejected with its line, field and reason; good rows pass.</summary>
public class BadInputTests
{
    private const string Header = "timestamp,customer_id,channel,touchpoint,score_type,score";
    private const string Good = "2024-01-01T10:00:00Z,C1,web,home,,";

    private static List<ReadItem> Read(string path, ImportOptions? options = null)
    {
        using var reader = InputFile.Open(path, options ?? new ImportOptions());
        return reader.Read().ToList();
    }

    private static Rejection SingleRejection(List<ReadItem> items, int accepted)
    {
        items.Count(i => i.Outcome == ReadOutcome.Accepted).ShouldBe(accepted);
        return items.Single(i => i.Outcome == ReadOutcome.Rejected).Rejection!;
    }

    [Theory]
    [InlineData(",C2,web,home,,", "timestamp", "missing timestamp")]
    [InlineData("last tuesday,C2,web,home,,", "timestamp", "unparseable timestamp")]
    [InlineData("2024-01-01T10:00:00Z,C2,web,,,", "touchpoint", "empty touchpoint")]
    [InlineData("2024-01-01T10:00:00Z,C2,web,survey,nps,11", "score", "score out of range")]
    [InlineData("2024-01-01T10:00:00Z,C2,web,survey,csat,0", "score", "score out of range")]
    [InlineData("2024-01-01T10:00:00Z,C2,web,survey,,7", "score", "a score needs a score_type")]
    [InlineData("2024-01-01T10:00:00Z,C2,web,home", "(row)", "wrong column count")]
    [InlineData("2024-01-01T10:00:00Z,null,web,home,,", "customer_id", "no usable identifier")]
    public void A_bad_csv_row_is_rejected_with_line_field_and_reason(string badRow, string field, string reason)
    {
        using var temp = new TempFolder();
        var path = temp.Write("events.csv", Header, Good, badRow, Good.Replace("C1", "C3", StringComparison.Ordinal));

        var rejection = SingleRejection(Read(path), accepted: 2);

        rejection.Line.ShouldBe(3);
        rejection.Field.ShouldBe(field);
        rejection.Reason.ShouldStartWith(reason);
        rejection.File.ShouldBe(path);
    }

    [Fact]
    public void Broken_csv_quoting_is_rejected_and_the_next_rows_load()
    {
        using var temp = new TempFolder();
        var path = temp.Write("events.csv", Header, "2024-01-01T10:00:00Z,C2,web,ho\"me,,", Good);

        var rejection = SingleRejection(Read(path), accepted: 1);

        rejection.Line.ShouldBe(2);
        rejection.Reason.ShouldStartWith("malformed quoting");
    }

    [Fact]
    public void A_quote_never_closed_costs_its_own_line_and_every_row_after_it_loads_or_is_counted()
    {
        using var temp = new TempFolder();
        var path = temp.Write("events.csv", Header, Good,
            "2024-01-01T10:00:00Z,C2,web,\"home,,",
            Good.Replace("C1", "C3", StringComparison.Ordinal),
            "2024-01-01T10:00:00Z,C4,web,\"again,,",
            Good.Replace("C1", "C5", StringComparison.Ordinal),
            "2024-01-01T10:00:00Z,C6,web,too,many,fields,here",
            Good.Replace("C1", "C7", StringComparison.Ordinal));

        var items = Read(path);
        var eventFile = Ingest.InMemory.EventFile.Read(path, new ImportOptions(), maxErrors: null, runRows: 2, inRuns: true);

        items.Count(i => i.Outcome == ReadOutcome.Accepted).ShouldBe(4);
        var rejected = items.Where(i => i.Outcome == ReadOutcome.Rejected).Select(i => i.Rejection!).ToList();
        rejected.Select(r => r.Line).ShouldBe([3L, 5L, 7L]);
        rejected[0].Reason.ShouldBe("malformed quoting: a quoted field is not closed on its line");
        rejected[0].Raw.ShouldBe("2024-01-01T10:00:00Z,C2,web,\"home,,");
        (eventFile.Accepted, eventFile.Quarantined).ShouldBe((4L, 3L)); // the same when rows are read in runs on other threads
        eventFile.FirstRejections.Select(r => r.Line).ShouldBe([3L, 5L, 7L]);
    }

    [Fact]
    public void A_row_larger_than_the_limit_is_quarantined_and_the_file_reads_on()
    {
        using var temp = new TempFolder();
        var path = temp.Write("events.csv", Header, Good, "2024-01-01T10:00:00Z,C2,web," + new string('x', CsvEventReader.MaxRowBytes + 10) + ",,", Good.Replace("C1", "C3", StringComparison.Ordinal));

        var rejection = SingleRejection(Read(path), accepted: 2);
        var eventFile = Ingest.InMemory.EventFile.Read(path, new ImportOptions());

        rejection.Line.ShouldBe(3);
        rejection.Reason.ShouldBe("a row of 4.0 MB; at most 4 MB");
        (eventFile.Accepted, eventFile.Quarantined).ShouldBe((2L, 1L));
    }

    [Fact]
    public void Invalid_json_is_rejected_by_line()
    {
        using var temp = new TempFolder();
        var path = temp.Write("events.jsonl",
            """{"type":"track","userId":"u1","event":"Signed up","timestamp":"2024-01-01T10:00:00Z"}""",
            """{"type":"track","userId":"u2","event":"Signed up","timestamp":""",
            """{"type":"track","userId":"u3","event":"Signed up","timestamp":"2024-01-01T11:00:00Z"}""");

        var rejection = SingleRejection(Read(path), accepted: 2);

        rejection.Line.ShouldBe(2);
        rejection.Reason.ShouldStartWith("invalid JSON");
    }

    [Fact]
    public void Invalid_xml_quarantines_the_incomplete_trace_and_keeps_the_complete_ones()
    {
        using var temp = new TempFolder();
        var path = temp.Write("log.xes",
            "<log>",
            "<trace><string key=\"concept:name\" value=\"A\"/>",
            "<event><string key=\"concept:name\" value=\"start\"/><date key=\"time:timestamp\" value=\"2024-01-01T10:00:00Z\"/></event>",
            "</trace>",
            "<trace><string key=\"concept:name\" value=\"B\"/>",
            "<event><string key=\"concept:name\" value=\"start\"/><date key=\"time:timestamp\" value=\"2024-01-01T10:00:00Z\"/></event>",
            "<event><string key=\"concept:name\" value=\"end\" <date/></event>",
            "</trace></log>");

        var items = Read(path);

        items.Count(i => i.Outcome == ReadOutcome.Accepted).ShouldBe(1);
        var rejected = items.Where(i => i.Outcome == ReadOutcome.Rejected).Select(i => i.Rejection!).ToList();
        rejected.ShouldNotBeEmpty();
        rejected.ShouldAllBe(r => r.Reason.Contains("invalid XML"));
        rejected[0].Line.ShouldBe(6);
    }

    [Fact]
    public void Segment_messages_link_identifiers_and_page_calls_become_page_views()
    {
        using var temp = new TempFolder();
        var path = temp.Write("segment.jsonl",
            """{"type":"page","anonymousId":"a1","timestamp":"2024-01-01T10:00:00Z","properties":{"path":"/pricing"}}""",
            """{"type":"identify","anonymousId":"a1","userId":"u1","timestamp":"2024-01-01T10:01:00Z","traits":{"email":"x@example.com"}}""",
            """{"type":"track","userId":"u1","event":"Order Completed","timestamp":"2024-01-01T10:02:00Z","context":{"channel":"app"},"properties":{"revenue":12.5}}""");

        var records = Read(path).Select(i => i.Record.ShouldNotBeNull()).ToList();

        records[0].Touchpoint.ShouldBe("page viewed");
        records[0].Channel.ShouldBe("web");
        records[0].Properties.ShouldContain(new KeyValuePair<string, string>("path", "/pricing"));
        records[1].Kind.ShouldBe(Core.Events.RecordKind.Identify);
        records[1].Identifiers.Select(i => i.Type).ShouldBe(["anonymous_id", "customer_id", "email"], ignoreOrder: true);
        records[2].Channel.ShouldBe("app");
        records[2].Value.ShouldBe(12.5);
    }

    [Fact]
    public void Naive_timestamps_without_a_zone_stop_the_import_with_a_clear_message()
    {
        using var temp = new TempFolder();
        var path = temp.Write("events.csv", Header, "2024/01/01 10:00:00.000,C1,web,home,,");

        var error = Should.Throw<InputException>(() => Read(path));

        error.Message.ShouldContain("events.csv, line 2, field 'timestamp'");
        error.Message.ShouldContain("--timezone");
    }

    [Fact]
    public void Invalid_utf8_stops_the_import_and_names_the_line_and_the_flag()
    {
        using var temp = new TempFolder();
        var path = temp.File("latin1.csv");
        File.WriteAllBytes(path, System.Text.Encoding.Latin1.GetBytes(Header + "\n" + Good + "\n2024-01-01T10:00:00Z,C1,store,Café bezocht,,\n"));

        var error = Should.Throw<InputException>(() => Read(path));

        error.Message.ShouldContain("latin1.csv, line 3");
        error.Message.ShouldContain("--encoding latin1");
    }

    [Fact]
    public void Invalid_utf8_deep_in_a_json_lines_file_names_its_own_line()
    {
        using var temp = new TempFolder();
        var path = temp.File("events.jsonl");
        var good = string.Concat(Enumerable.Range(0, 500).Select(i => $"{{\"userId\": \"u{i}\", \"event\": \"A \uFFFD\", \"timestamp\": \"2024-01-01T10:00:00Z\"}}\n"));
        File.WriteAllBytes(path, [.. System.Text.Encoding.UTF8.GetBytes(good), .. System.Text.Encoding.Latin1.GetBytes("{\"userId\": \"x\", \"event\": \"Café\", \"timestamp\": \"2024-01-01T10:00:00Z\"}\n")]);

        var error = Should.Throw<InputException>(() => Read(path));

        error.Message.ShouldContain("events.jsonl, line 501");
    }

    [Fact]
    public void A_lone_surrogate_escape_quarantines_its_line_and_the_others_load()
    {
        using var temp = new TempFolder();
        var path = temp.Write("events.jsonl",
            "{\"userId\": \"u1\", \"event\": \"A\", \"timestamp\": \"2024-01-01T10:00:00Z\"}",
            "{\"userId\": \"u2\", \"event\": \"B\\ud800\", \"timestamp\": \"2024-01-01T10:00:00Z\"}",
            "{\"user\\udc00Id\": \"u3\", \"event\": \"C\", \"timestamp\": \"2024-01-01T10:00:00Z\"}",
            "{\"userId\": \"u4\", \"event\": \"D\", \"timestamp\": \"2024-01-01T10:00:00Z\"}");

        var items = Read(path);

        items.Count(i => i.Outcome == ReadOutcome.Accepted).ShouldBe(2);
        var rejected = items.Where(i => i.Outcome == ReadOutcome.Rejected).Select(i => i.Rejection!).ToList();
        rejected.Select(r => r.Line).ShouldBe([2L, 3L]);
        rejected.ShouldAllBe(r => r.Reason.Contains("not valid Unicode"));
    }

    [Theory]
    [InlineData("mark-on-utf8.csv", "starts with a UTF-16 byte-order mark, but its text is not UTF-16")]
    [InlineData("utf16-without-mark.csv", "looks like UTF-16 without a byte-order mark")]
    public void A_file_whose_bytes_contradict_its_encoding_is_refused_never_read_as_nothing(string name, string message)
    {
        using var temp = new TempFolder();
        var path = temp.File(name);
        var text = Header + "\n" + Good + "\n";
        File.WriteAllBytes(path, name.StartsWith("mark", StringComparison.Ordinal) ? [0xFF, 0xFE, .. System.Text.Encoding.UTF8.GetBytes(text)] : System.Text.Encoding.BigEndianUnicode.GetBytes(text));

        Should.Throw<InputException>(() => Read(path)).Message.ShouldContain(message);
    }

    [Theory]
    [InlineData("events.csv")]
    [InlineData("events.jsonl")]
    public void Utf16_files_with_their_mark_are_read(string name)
    {
        using var temp = new TempFolder();
        var path = temp.File(name);
        var text = name.EndsWith(".csv", StringComparison.Ordinal) ? Header + "\n" + Good + "\n" : "{\"userId\": \"C1\", \"event\": \"home\", \"timestamp\": \"2024-01-01T10:00:00Z\"}\n";
        File.WriteAllBytes(path, [.. System.Text.Encoding.Unicode.GetPreamble(), .. System.Text.Encoding.Unicode.GetBytes(text)]);

        Read(path).Count(i => i.Outcome == ReadOutcome.Accepted).ShouldBe(1);
    }

    [Fact]
    public void A_millisecond_offset_as_the_timestamp_is_refused_naming_the_column_and_the_unit_and_read_with_it()
    {
        using var temp = new TempFolder();
        var path = temp.Write("offsets.csv", "customer_id,time,touchpoint", "C1,0,start", "C1,86400000,next");
        var options = new ImportOptions { Map = [new("timestamp", "time")] };

        var rejected = Read(path, options).Where(i => i.Outcome == ReadOutcome.Rejected).Select(i => i.Rejection!).ToList();
        var read = Read(path, options with { TimestampUnit = TimestampUnit.Milliseconds });

        rejected.Count.ShouldBe(2);
        rejected[0].Field.ShouldBe("time");
        rejected[0].Reason.ShouldContain("--timestamp-unit s, ms or us");
        read.Select(i => i.Record!.TimestampMs).ShouldBe([0L, 86_400_000L]);
    }

    [Fact]
    public void Latin1_files_read_with_the_encoding_flag()
    {
        using var temp = new TempFolder();
        var path = temp.File("latin1.csv");
        File.WriteAllBytes(path, System.Text.Encoding.Latin1.GetBytes(Header + "\n2024-01-01T10:00:00Z,C1,store,Café bezocht,,\n"));

        var record = Read(path, new ImportOptions { Encoding = System.Text.Encoding.Latin1 }).Single().Record.ShouldNotBeNull();

        record.Touchpoint.ShouldBe("Café bezocht");
    }

    [Theory]
    [InlineData(';')]
    [InlineData('|')]
    [InlineData('\t')]
    public void The_delimiter_is_detected(char delimiter)
    {
        using var temp = new TempFolder();
        var path = temp.Write("events.csv", Header.Replace(',', delimiter), Good.Replace(',', delimiter));

        Read(path).Single().Record.ShouldNotBeNull().Touchpoint.ShouldBe("home");
    }
}
