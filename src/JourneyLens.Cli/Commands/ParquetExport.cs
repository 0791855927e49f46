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
        // Two row groups: one is filled while the other is encoded and written on another thread.
        Group group = new(RowGroupRows, properties.Length), other = new(RowGroupRows, properties.Length);
        var writing = Task.CompletedTask;
        foreach (var e in events)
        {
            group.Add(e, propertyIndex);
            if (group.Count == RowGroupRows)
            {
                writing.GetAwaiter().GetResult();
                var full = group;
                writing = Task.Run(() => Flush(full));
                (group, other) = (other, group);
            }
        }

        writing.GetAwaiter().GetResult();
        if (group.Count > 0)
        {
            Flush(group);
        }

        void Flush(Group g)
        {
            using var rows = writer.CreateRowGroup();
            T[] Filled<T>(T[] column) => g.Count == column.Length ? column : column[..g.Count];
            void Strings(string name, string?[] column) => rows.WriteAsync(strings[name], Filled(column)!).GetAwaiter().GetResult();
            Strings("event_id", g.EventId);
            rows.WriteAsync<DateTime>(timestamp, g.Timestamp.AsMemory(0, g.Count)).GetAwaiter().GetResult();
            Strings("person_id", g.Person);
            Strings("journey_id", g.Journey);
            Strings("channel", g.Channel);
            Strings("touchpoint", g.Touchpoint);
            Strings("score_type", g.ScoreType);
            rows.WriteAsync<int>(score, g.Score.AsMemory(0, g.Count)).GetAwaiter().GetResult();
            Strings("about", g.About);
            rows.WriteAsync<double>(value, g.Value.AsMemory(0, g.Count)).GetAwaiter().GetResult();
            Strings("outcome", g.Outcome);
            Strings("contact_id", g.Contact);
            for (var p = 0; p < properties.Length; p++)
            {
                rows.WriteAsync(properties[p], Filled(g.Properties[p])!).GetAwaiter().GetResult();
            }

            g.Clear();
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
