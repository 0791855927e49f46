using JourneyLens.Core.Events;

namespace JourneyLens.Ingest.Validation;

/// <summary>
/// Which events of a file are new (docs/importing.md): an event_id already stored or earlier in the file is a duplicate; an
/// event without one is a duplicate when identical content was seen as often before (so two identical rows both load
/// the first time, and neither loads again).
/// </summary>
public sealed class DuplicateFilter(Func<long, bool> isStored)
{
    private readonly HashSet<long> _added = [];
    private readonly DedupeKey _dedupe = new();

    /// <summary>The keys this file claimed: every new event's, and some of stored copies (an identical row seen again).</summary>
    public IReadOnlyCollection<long> Claimed => _added;

    /// <summary>Sizes the set for the rows a file may hold, so it is not rehashed again and again.</summary>
    public void Expect(long rows) => _added.EnsureCapacity((int)Math.Clamp(rows, 0, 50_000_000));

    /// <summary>True, with the event's key, when the event is new; false when it is a duplicate.</summary>
    public bool TryClaim(EventRecord r, out long key)
    {
        if (r.EventId is { } eventId)
        {
            key = DedupeKey.OfEventId(eventId);
            return !isStored(key) && _added.Add(key);
        }

        var hash = _dedupe.ContentHash(r);
        var occurrence = 0;
        key = DedupeKey.WithOccurrence(hash, 0);
        while (_added.Contains(key))
        {
            key = DedupeKey.WithOccurrence(hash, ++occurrence);
        }

        // A stored copy counts as the first occurrence: the next identical row of this file is the next one.
        _added.Add(key);
        return !isStored(key);
    }
}
