using JourneyLens.Core.Identity;
using System.Collections.Concurrent;
using JourneyLens.Core.Engine;
using JourneyLens.Core.Events;
using JourneyLens.Ingest.Readers;
using JourneyLens.Ingest.Validation;
using JourneyLens.Core.Errors;

namespace JourneyLens.Ingest.InMemory;

/// <summary>
/// An event file read straight into an engine, with nothing stored: the same reading, validation, duplicate detection
/// and identity stitching as an import into an empty workspace, without the database.
/// </summary>
public sealed class EventFile
{
    /// <summary>How many rejected rows are kept with their detail for the report; all are counted.</summary>
    public const int RejectionsKept = 20;

    public required string File { get; init; }
    public required EventTable Events { get; init; }
    public long Accepted { get; init; }
    public long Duplicates { get; init; }
    public long IdentityMessages { get; init; }
    public long Filtered { get; init; }
    public long Quarantined { get; init; }

    /// <summary>Identity links refused at the identifier cap, and the persons that reached it (named, the first ten).</summary>
    public long LinksRefusedAtCap { get; init; }
    public int CappedPersonCount { get; init; }
    public IReadOnlyList<string> CappedPersons { get; init; } = [];
    public required IReadOnlyDictionary<string, long> QuarantinedByReason { get; init; }
    public required IReadOnlyList<Rejection> FirstRejections { get; init; }

    /// <summary>Free properties by name, as codes indexed by the events' <see cref="EventTable.RowId"/> - 1.</summary>
    private IReadOnlyDictionary<string, PropertyValues> PropertiesByRow { get; init; } = new Dictionary<string, PropertyValues>();

    /// <summary>The names of the free properties of the file's events, in name order.</summary>
    public IReadOnlyList<string> PropertyNames => [.. PropertiesByRow.Keys.Order(StringComparer.Ordinal)];

    private Func<int, string> PersonNameOfIdentifier { get; init; } = _ => "";

    /// <summary>The <see cref="Validation.DedupeKey.OfEventId"/> of each event by its <see cref="EventTable.RowId"/>; 0 where it has no event_id.</summary>
    public long[] EventIdKeys { get; private init; } = [];

    /// <summary>The file's identifiers and links, as stitching took them (an import into a cluster stitches them again with what it holds).</summary>
    public required IdentityGraph Identities { get; init; }

    /// <summary>The source line each link of <see cref="Identities"/> was first met on.</summary>
    public required long[] LinkLines { get; init; }

    /// <summary>How stitching made persons of <see cref="Identities"/>.</summary>
    public required IdentityResolution Stitching { get; init; }

    /// <summary>Each event's identifier (an index into <see cref="Identities"/>) by its <see cref="EventTable.RowId"/>; -1 for rows without an event.</summary>
    public required int[] IdentifierOfRow { get; init; }

    /// <summary>Rows per run of a CSV read on several threads: enough to make a run's renumbering cheap, little to hold.</summary>
    private const int RunRows = 1 << 15;

    /// <param name="maxErrors">More rejected rows than this stop the reading with an error naming the first.</param>
    /// <param name="rejected">Told each rejected row in file order (to quarantine them all; the file keeps the first few).</param>
    public static EventFile Read(string path, ImportOptions options, long? maxErrors = null, Action<Rejection>? rejected = null) =>
        Read(path, options, maxErrors, RunRows, inRuns: true, rejected);

    /// <param name="runRows">Rows per run or block; tests make them tiny so that joining them is exercised.</param>
    /// <param name="inRuns">False reads every row with the reader's own <see cref="IEventReader.Read"/> on this thread: the tests' reference.</param>
    internal static EventFile Read(string path, ImportOptions options, long? maxErrors, int runRows, bool inRuns, Action<Rejection>? rejected = null)
    {
        using var reader = InputFile.Open(Path.GetFullPath(path), options);
        var tables = new FileTables(options, maxErrors, new FileInfo(path).Length, rejected);
        if (inRuns && reader is CsvEventReader { CanReadRaw: true } csv)
        {
            ReadInRuns(csv, new CsvRunReader(csv, options, new RecordBuilder(options, Path.GetFullPath(path))), runRows, tables.Merge);
        }
        else
        {
            ReadInOrder(reader, runRows, tables.Merge);
        }

        return tables.Finish(Path.GetFullPath(path));
    }

    /// <summary>
    /// One thread reads the CSV into runs of rows, the others validate runs into blocks as they come (all cores),
    /// and the calling thread joins the blocks in file order.
    /// </summary>
    private static void ReadInRuns(CsvEventReader csv, CsvRunReader runs, int runRows, Action<EventBlock> merge)
    {
        var spare = new ConcurrentBag<EventBlock>();
        using var queue = new BlockingCollection<Task<EventBlock>>(boundedCapacity: 2 * Environment.ProcessorCount);
        using var stop = new CancellationTokenSource();
        var reading = Task.Factory.StartNew(() =>
        {
            try
            {
                foreach (var run in csv.ReadRaw(runRows))
                {
                    queue.Add(Task.Run(() =>
                    {
                        var block = spare.TryTake(out var used) ? used : new EventBlock();
                        runs.Read(run, block);
                        run.Return();
                        return block;
                    }), stop.Token);
                }
            }
            finally
            {
                queue.CompleteAdding();
            }
        }, TaskCreationOptions.LongRunning);
        try
        {
            foreach (var validating in queue.GetConsumingEnumerable())
            {
                var block = validating.GetAwaiter().GetResult();
                merge(block);
                block.Clear();
                spare.Add(block);
            }
        }
        finally
        {
            // An error ends the reading: the reading thread stops before the file is closed under it.
            stop.Cancel();
            try
            {
                reading.Wait();
            }
            catch (AggregateException e) when (e.InnerExceptions.All(x => x is OperationCanceledException))
            {
            }
        }
    }

    /// <summary>Any reader, on this thread, in blocks joined as the runs of a CSV are.</summary>
    private static void ReadInOrder(IEventReader reader, int blockRows, Action<EventBlock> merge)
    {
        var block = new EventBlock();
        try
        {
            foreach (var item in reader.Read())
            {
                block.Add(item);
                if (block.Events.Count + block.Rejections.Count >= blockRows)
                {
                    merge(block);
                    block.Clear();
                }
            }
        }
        catch (InputException e)
        {
            block.Stop = e;
        }

        merge(block);
    }

    /// <summary>The named properties as columns aligned with <paramref name="events"/> (this file's events, or a subset of them).</summary>
    public IReadOnlyDictionary<string, string?[]> Properties(EventTable events, IEnumerable<string> names)
    {
        var result = new Dictionary<string, string?[]>(StringComparer.Ordinal);
        foreach (var name in names.Distinct(StringComparer.Ordinal))
        {
            var values = new string?[events.EventCount];
            if (PropertiesByRow.TryGetValue(name, out var byRow))
            {
                for (var i = 0; i < values.Length; i++)
                {
                    values[i] = byRow.Value(events.RowId[i] - 1);
                }
            }

            result[name] = values;
        }

        return result;
    }

    /// <summary>The name of person <paramref name="person"/> of <see cref="Events"/>: its key identifier as type:value (identifier N is index N - 1).</summary>
    public string PersonName(int person) => PersonNameOfIdentifier((int)Events.PersonKeyIdentifier[person] - 1);

    private static string[] Pick(string[] names, int[] codes) => codes.Select(c => names[c]).ToArray();

    /// <summary>The file's tables, built by joining its blocks in file order: numbers as one pass over the rows would give.</summary>
    private sealed class FileTables(ImportOptions options, long? maxErrors, long fileBytes, Action<Rejection>? rejected)
    {
        private readonly IdentifierRegistry _identifiers = new(options.IdentityRules);
        private readonly EventIdKeys _eventIds = new();
        private readonly NameCodes _touchpoints = new("touchpoints", int.MaxValue);
        private readonly NameCodes _channels = new("channels", ushort.MaxValue);
        private readonly NameCodes _outcomes = new("outcomes", ushort.MaxValue, reserveEmpty: true);
        private readonly Dictionary<string, PropertyValues> _properties = new(StringComparer.Ordinal);
        private readonly EventTableBuilder _builder = new(1 << 16);
        private readonly RejectionTally _rejected = new(maxErrors, RejectionsKept);
        private long _identityMessages, _filtered;
        private bool _sized;

        public void Merge(EventBlock block)
        {
            block.SortRejections();
            foreach (var rejection in block.Rejections)
            {
                _rejected.Add(rejection);
                rejected?.Invoke(rejection);
            }

            if (block.Stop is { } stop)
            {
                throw stop;
            }

            if (!_sized && block.SourceBytes > 0)
            {
                // Growing tables of millions of entries step by step costs more than the rest of the join on a small
                // machine: the first block tells how many the file will need.
                var scale = 1.1 * fileBytes / block.SourceBytes;
                _identifiers.Reserve(block.Identifiers.CountBy(i => i.Type).ToDictionary(g => g.Key, g => (int)Math.Min(int.MaxValue / 2, g.Value * scale)),
                    (int)Math.Min(int.MaxValue / 2, block.Links.Count * scale));
                _builder.EnsureCapacity((int)Math.Min(int.MaxValue / 2, block.Events.Count * scale));
                _eventIds.EnsureCapacity((int)Math.Min(int.MaxValue / 2, block.EventIds.Count * scale));
                _sized = true;
            }

            var persons = new int[block.Identifiers.Count];

            for (var i = 0; i < persons.Length; i++)
            {
                var (type, value, firstSeen) = block.Identifiers[i];
                persons[i] = _identifiers.Id(new Identifier(type, value), firstSeen);
            }

            foreach (var (a, b, seenMs, line) in block.Links)
            {
                _identifiers.Link(persons[a], persons[b], seenMs, line);
            }

            var touchpoints = block.Touchpoints.Names.Select(_touchpoints.Code).ToArray();
            var channels = block.Channels.Names.Select(_channels.Code).ToArray();
            int[] outcomes = [0, .. block.Outcomes.Names.Select(_outcomes.Code)];
            var rowOffset = _builder.Count;
            _builder.Append(block.Events, rowOffset, persons, touchpoints, channels, outcomes);
            foreach (var (key, row) in block.EventIds)
            {
                _eventIds.Add(key, rowOffset + row);
            }

            foreach (var (name, values) in block.Properties)
            {
                if (!_properties.TryGetValue(name, out var column))
                {
                    column = new PropertyValues();
                    _properties[name] = column;
                }

                column.Add(values, rowOffset);
            }

            (_identityMessages, _filtered) = (_identityMessages + block.IdentityMessages, _filtered + block.Filtered);
        }

        public EventFile Finish(string file)
        {
            // Repeated event_ids and stitching need nothing of each other: one core each.
            var repeating = Task.Run(_eventIds.RepeatedRows);
            var graph = _identifiers.Graph();
            var persons = _identifiers.Stitch(graph);
            var repeated = repeating.GetAwaiter().GetResult();
            var (touchpointNames, channelNames, outcomeNames) = (_touchpoints.Names, _channels.Names, _outcomes.Names);
            if (repeated.Count > 0)
            {
                // The import names nothing for a duplicate: a name only a dropped row used goes, the others keep first-use order.
                _builder.Remove(repeated);
                var old = _builder.RenumberByFirstUse(touchpointNames.Length, channelNames.Length, outcomeNames.Length);
                (touchpointNames, channelNames, outcomeNames) = (Pick(touchpointNames, old.Touchpoints), Pick(channelNames, old.Channels), Pick(outcomeNames, old.Outcomes));
            }

            var identifierOfRow = _builder.PersonsByRowId();
            _builder.MapPersons(persons.PersonOfIdentifier);
            var table = _builder.Build(touchpointNames, channelNames, outcomeNames, persons.KeyIdentifierOfPerson.Select(id => id + 1L).ToArray());
            return new EventFile
            {
                File = file,
                Events = table,
                Accepted = _builder.Count,
                Duplicates = repeated.Count,
                IdentityMessages = _identityMessages,
                Filtered = _filtered,
                Quarantined = _rejected.Count,
                LinksRefusedAtCap = persons.Decisions.LongCount(d => d == LinkDecision.RefusedCap),
                CappedPersonCount = persons.CappedPerson.Count(c => c),
                CappedPersons = [.. Enumerable.Range(0, persons.PersonCount).Where(p => persons.CappedPerson[p]).Take(10).Select(p => _identifiers.Name(persons.KeyIdentifierOfPerson[p]))],
                QuarantinedByReason = _rejected.ByReason,
                FirstRejections = [.. _rejected.First.Take(RejectionsKept)],
                PropertiesByRow = _properties,
                PersonNameOfIdentifier = _identifiers.Name,
                EventIdKeys = _eventIds.ByRow(),
                Identities = graph,
                Stitching = persons,
                LinkLines = _identifiers.LinkLines(),
                IdentifierOfRow = identifierOfRow,
            };
        }
    }

    /// <summary>
    /// One free property over the file's rows: each distinct value kept once and a code per row (0: none), so ten
    /// million rows hold ten million numbers rather than ten million references the collector must follow.
    /// </summary>
    private sealed class PropertyValues
    {
        private readonly SpanNames _distinct = new();
        private readonly List<int> _codes = [];

        public string? Value(int row) => row < _codes.Count && _codes[row] > 0 ? _distinct.Names[_codes[row] - 1] : null;

        public void Add(EventBlock.PropertyColumn block, int rowOffset)
        {
            var codes = block.Distinct.Names.Select(name => _distinct.Code(name) + 1).ToArray();
            for (var k = 0; k < block.Rows.Count; k++)
            {
                var row = rowOffset + block.Rows[k] - 1;
                while (_codes.Count <= row)
                {
                    _codes.Add(0);
                }

                _codes[row] = codes[block.Codes[k]];
            }
        }
    }

    /// <summary>Names numbered in the order first seen, as the workspace numbers touchpoints, channels and outcomes.</summary>
    private sealed class NameCodes(string what, int maxCount, bool reserveEmpty = false)
    {
        private readonly Dictionary<string, int> _codes = new(StringComparer.Ordinal);
        private readonly List<string> _names = reserveEmpty ? [""] : [];

        public string[] Names => [.. _names];

        public int Code(string name)
        {
            if (!_codes.TryGetValue(name, out var code))
            {
                if (_codes.Count >= maxCount)
                {
                    throw new InputException($"more than {maxCount:N0} distinct {what}: is the right column mapped?");
                }

                code = _names.Count;
                _codes[name] = code;
                _names.Add(name);
            }

            return code;
        }
    }
}
