using System.Runtime.InteropServices;
using JourneyLens.Core.Events;
using JourneyLens.Core.Identity;

namespace JourneyLens.Ingest.InMemory;

/// <summary>
/// The identifiers of a file read into memory, as the workspace would number them: dense indexes in the order first
/// seen, the earliest time each was seen, and each pair seen together linked once, with the earliest time it was seen.
/// </summary>
internal sealed class IdentifierRegistry(IdentityRules rules)
{
    // Per type a dictionary keyed by value: string keys hash fast (no tuple), and there are only a few types.
    private readonly Dictionary<string, Dictionary<string, int>> _byType = new(StringComparer.Ordinal);
    private readonly List<string> _types = [];
    private readonly List<string> _values = [];
    private readonly List<long> _firstSeen = [];
    private readonly Dictionary<(int, int), int> _linked = []; // the pair's index in _links
    private readonly List<(int, int)> _links = [];
    private readonly List<long> _linkSeen = [];
    private readonly List<long> _linkLine = [];

    public int Count => _types.Count;

    /// <summary>Room for about this many identifiers of each type and links, so the tables do not grow step by step.</summary>
    public void Reserve(IReadOnlyDictionary<string, int> identifiersByType, int links)
    {
        foreach (var (type, count) in identifiersByType)
        {
            if (!_byType.TryGetValue(type, out var values))
            {
                values = new Dictionary<string, int>(count);
                _byType[type] = values;
            }

            values.EnsureCapacity(count);
        }

        var total = identifiersByType.Values.Sum();
        (_types.Capacity, _values.Capacity, _firstSeen.Capacity) = (Math.Max(_types.Capacity, total), Math.Max(_values.Capacity, total), Math.Max(_firstSeen.Capacity, total));
        _linked.EnsureCapacity(links);
        _links.Capacity = Math.Max(_links.Capacity, links);
        _linkSeen.Capacity = Math.Max(_linkSeen.Capacity, links);
        _linkLine.Capacity = Math.Max(_linkLine.Capacity, links);
    }

    public int Id(Identifier identifier, long timestampMs)
    {
        if (!_byType.TryGetValue(identifier.Type, out var values))
        {
            values = new Dictionary<string, int>();
            _byType[identifier.Type] = values;
        }

        // One probe for both cases: these tables hold millions of entries and every probe is a cache miss.
        ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(values, identifier.Value, out var seen);
        if (seen)
        {
            _firstSeen[slot] = Math.Min(_firstSeen[slot], timestampMs);
            return slot;
        }

        slot = _types.Count;
        _types.Add(identifier.Type);
        _values.Add(identifier.Value);
        _firstSeen.Add(timestampMs);
        return slot;
    }

    /// <param name="line">The source line the pair is met on: the first met is kept (blocks are joined in file order).</param>
    public void Link(int a, int b, long seenMs, long line)
    {
        if (a == b)
        {
            return;
        }

        // A tuple, not a packed long: long's hash is a ^ b, and linked identifiers have neighbouring ids.
        ref var index = ref CollectionsMarshal.GetValueRefOrAddDefault(_linked, a < b ? (a, b) : (b, a), out var known);
        if (!known)
        {
            index = _links.Count;
            _links.Add((a, b));
            _linkSeen.Add(seenMs);
            _linkLine.Add(line);
        }
        else if (seenMs < _linkSeen[index])
        {
            _linkSeen[index] = seenMs;
        }
    }

    /// <summary>The line each link of <see cref="Graph"/> was first met on.</summary>
    public long[] LinkLines() => [.. _linkLine];

    /// <summary>"type:value" of identifier <paramref name="id"/>, as persons are named in output.</summary>
    public string Name(int id) => $"{_types[id]}:{_values[id]}";

    /// <summary>The identifiers and links met so far, as stitching takes them.</summary>
    public IdentityGraph Graph() => new()
    {
        Types = [.. _types],
        Values = [.. _values],
        FirstSeenMs = [.. _firstSeen],
        Links = [.. _links],
        LinkSeenMs = [.. _linkSeen],
    };

    public IdentityResolution Stitch(IdentityGraph graph) => IdentityResolver.Resolve(graph, rules);
}
