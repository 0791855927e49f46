namespace JourneyLens.Testing;

/// <summary>The valid inputs the fuzz suites (tests) and the long fuzz run (bench) mutate: small, but with every feature.</summary>
public static class FuzzSeeds
{
    public const string CsvHeader = "event_id,timestamp,customer_id,anonymous_id,channel,touchpoint,score_type,score,value,comment";

    /// <summary>The valid file the variants of <paramref name="name"/> (events.csv, events.jsonl, log.xes) start from.</summary>
    public static string Of(string name) => name switch
    {
        "events.csv" => string.Join('\n', new[] { CsvHeader }.Concat(Enumerable.Range(0, 20).Select(i =>
            $"e{i % 17},2025-0{1 + i % 9}-1{i % 9}T1{i % 10}:00:00{(i % 3 == 0 ? "Z" : "+02:00")},C{i % 5},a{i},{(i % 2 == 0 ? "web" : "phone")},Step {i % 4},{(i % 6 == 0 ? "nps" : "")},{(i % 6 == 0 ? (i % 11).ToString(System.Globalization.CultureInfo.InvariantCulture) : "")},{i}.5,{(i % 7 == 0 ? "\"a, \"\"quoted\"\" note\"" : "plain")}"))) + "\n",
        "events.jsonl" => string.Concat(Enumerable.Range(0, 20).Select(i =>
            $"{{\"messageId\": \"m{i % 13}\", \"type\": \"{(i % 9 == 0 ? "identify" : "track")}\", \"userId\": \"u{i % 4}\", \"anonymousId\": \"a{i}\", \"event\": \"Step {i % 3}\", \"timestamp\": \"2025-02-0{1 + i % 9}T08:00:00Z\", \"context\": {{\"channel\": \"app\"}}, \"properties\": {{\"plan\": \"p{i % 2}\", \"n\": {i}}}}}\n")),
        _ => "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<log xes.version=\"1.0\">\n" + string.Concat(Enumerable.Range(0, 6).Select(t =>
            $"  <trace>\n    <string key=\"concept:name\" value=\"case{t}\"/>\n" + string.Concat(Enumerable.Range(0, 4).Select(e =>
                $"    <event>\n      <string key=\"concept:name\" value=\"Activity {e}\"/>\n      <date key=\"time:timestamp\" value=\"2025-03-0{1 + t}T1{e}:00:00.000+01:00\"/>\n    </event>\n")) + "  </trace>\n")) + "</log>\n",
    };

    /// <summary>A Segment-style batch of twelve messages, tracks and identifies.</summary>
    public static readonly string Batch = "{\"batch\": [" + string.Join(", ", Enumerable.Range(0, 12).Select(i =>
        $"{{\"messageId\": \"f{i % 9}\", \"type\": \"{(i % 5 == 4 ? "identify" : "track")}\", \"userId\": \"u{i % 3}\", \"anonymousId\": \"a{i}\", \"event\": \"Step {i % 4}\", \"timestamp\": \"2025-03-0{1 + i % 8}T10:00:00Z\", \"properties\": {{\"plan\": \"p{i % 2}\", \"visits\": {i % 11}}}}}")) + "]}";
}
