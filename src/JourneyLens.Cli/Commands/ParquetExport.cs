using JourneyLens.Core.Events;
using JourneyLens.Storage.Queries;
using Parquet;
using Parquet.Schema;

namespace JourneyLens.Cli.Commands;

/// <summary>
/// <c>export --format parquet</c>: the export's columns (every mapped field, then one string column per property) in
/// row groups of <see cref="RowGroupRows"/>, streamed — memory holds one row group, not the workspace. The timestamp is
/// a UTC timestamp in milliseconds, score an int, value a double; the rest strings, empty values null.
/// </summary>
internal static class ParquetExport
{
    public const int RowGroupRows = 256 * 1024;

    public static void Write(Stream stream, IEnumerable<ExportedEvent> events, IReadOnlyList<string> propertyKeys)
    {
        var strings = new[] { "event_id", "person_id", "journey_id", "channel", "touchpoint", "score_type", "about", "outcome", "contact_id" }
            .ToDictionary(n => n, n => new DataField<string>(n, nullable: true));
        var timestamp = new DateTimeDataField("timestamp", DateTimeFormat.Timestamp, isAdjustedToUTC: true, unit: DateTimeTimeUnit.Millis, isNullable: false);
        var score = new DataField<int>("score", nullable: true);
        var value = new DataField<double>("value", nullable: true);
        // A property with a base column's name is exported as "property:NAME", as in the CSV.
        var properties = propertyKeys.Select(k => new DataField<string>(EventExport.BaseColumns.Contains(k) ? "property:" + k : k, nullable: true)).ToArray();
        var propertyIndex = propertyKeys.Select((k, i) => (k, i)).ToDictionary(x => x.k, x => x.i, StringComparer.Ordinal);
        Field[] order = [strings["event_id"], timestamp, strings["person_id"], strings["journey_id"], strings["channel"], strings["touchpoint"],
            strings["score_type"], score, strings["about"], value, strings["outcome"], strings["contact_id"], .. properties];

        var writer = ParquetWriter.CreateAsync(new ParquetSchema(order), stream, new ParquetOptions { CompressionMethod = CompressionMethod.Snappy, CompressionLevel = System.IO.Compression.CompressionLevel.Fastest, DictionaryEncodingSampleSize = 4096 })
            .GetAwaiter().GetResult();
        try
        {
            WriteGroups(writer, events, strings, timestamp, score, value, properties, propertyIndex);
        }
        finally
        {
            writer.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    private static void WriteGroups(ParquetWriter writer, IEnumerable<ExportedEvent> events, Dictionary<string, DataField<string>> strings, DateTimeDataField timestamp,
        DataField<int> score, DataField<double> value, DataField<string>[] properties, Dictionary<string, int> propertyIndex)
    {
        var group = new Group(RowGroupRows, properties.Length);
        foreach (var e in events)
        {
            group.Add(e, propertyIndex);
            if (group.Count == RowGroupRows)
            {
                Flush();
            }
        }

        if (group.Count > 0)
        {
            Flush();
        }

        void Flush()
        {
            using var rows = writer.CreateRowGroup();
            void Strings(string name, string?[] column) => rows.WriteAsync(strings[name], column.AsSpan(0, group.Count).ToArray()!).GetAwaiter().GetResult();
            Strings("event_id", group.EventId);
            rows.WriteAsync<DateTime>(timestamp, group.Timestamp.AsMemory(0, group.Count)).GetAwaiter().GetResult();
            Strings("person_id", group.Person);
            Strings("journey_id", group.Journey);
            Strings("channel", group.Channel);
            Strings("touchpoint", group.Touchpoint);
            Strings("score_type", group.ScoreType);
            rows.WriteAsync<int>(score, group.Score.AsMemory(0, group.Count)).GetAwaiter().GetResult();
            Strings("about", group.About);
            rows.WriteAsync<double>(value, group.Value.AsMemory(0, group.Count)).GetAwaiter().GetResult();
            Strings("outcome", group.Outcome);
            Strings("contact_id", group.Contact);
            for (var p = 0; p < properties.Length; p++)
            {
                rows.WriteAsync(properties[p], group.Properties[p].AsSpan(0, group.Count).ToArray()!).GetAwaiter().GetResult();
            }

            group.Clear();
        }
    }

    /// <summary>One row group's columns, filled row by row.</summary>
    private sealed class Group(int rows, int propertyCount)
    {
        public readonly string?[] EventId = new string?[rows], Person = new string?[rows], Journey = new string?[rows], Channel = new string?[rows],
            Touchpoint = new string?[rows], ScoreType = new string?[rows], About = new string?[rows], Outcome = new string?[rows], Contact = new string?[rows];

        public readonly DateTime[] Timestamp = new DateTime[rows];
        public readonly int?[] Score = new int?[rows];
        public readonly double?[] Value = new double?[rows];
        public readonly string?[][] Properties = [.. Enumerable.Range(0, propertyCount).Select(_ => new string?[rows])];

        public int Count { get; private set; }

        public void Add(ExportedEvent e, Dictionary<string, int> propertyIndex)
        {
            var i = Count++;
            EventId[i] = e.EventId;
            Timestamp[i] = DateTime.UnixEpoch.AddMilliseconds(e.TimestampMs);
            Person[i] = e.PersonId;
            Journey[i] = e.JourneyId;
            Channel[i] = e.Channel.Length == 0 ? null : e.Channel;
            Touchpoint[i] = e.Touchpoint;
            ScoreType[i] = e.ScoreType == Core.Events.ScoreType.None ? null : ScoreScales.Name(e.ScoreType);
            Score[i] = e.Score;
            About[i] = e.About;
            Value[i] = e.Value;
            Outcome[i] = e.Outcome;
            Contact[i] = e.ContactId;
            foreach (var column in Properties)
            {
                column[i] = null;
            }

            foreach (var (k, v) in e.Properties)
            {
                Properties[propertyIndex[k]][i] = v;
            }
        }

        public void Clear() => Count = 0;
    }
}
