namespace JourneyLens.Core.Engine;

/// <summary>
/// Counts distinct persons per key (touchpoint, step) in one scan. Events and journeys are ordered by person, so a
/// person is new for a key exactly when the key's last counted person differs: no set per key is needed.
/// </summary>
public sealed class DistinctPersons
{
    private readonly int[] _last;
    private readonly long[] _count;

    public DistinctPersons(int keys)
    {
        _last = Enumerable.Repeat(-1, keys).ToArray();
        _count = new long[keys];
    }

    /// <summary>Persons must arrive in non-decreasing order.</summary>
    public void Add(int key, int person)
    {
        if (_last[key] != person)
        {
            _last[key] = person;
            _count[key]++;
        }
    }

    public long Count(int key) => _count[key];
}
