namespace JourneyLens.Core.Engine;

/// <summary>
/// Counts distinct persons per key (touchpoint, step) in one scan. Events and journeys are ordered by person, so a
/// person is new for a key exactly when the key's last counted person differs: no set per key is needed.
/// </summary>
public sealed class DistinctPersons
{
    private readonly int[] _last;
    private readonly long[] _count;
    private readonly List<int>?[]? _persons;

    /// <param name="record">Also keep who they are per key (for a drill-down to the persons behind a count).</param>
    public DistinctPersons(int keys, bool record = false)
    {
        _last = Enumerable.Repeat(-1, keys).ToArray();
        _count = new long[keys];
        _persons = record ? new List<int>?[keys] : null;
    }

    /// <summary>Persons must arrive in non-decreasing order.</summary>
    public void Add(int key, int person)
    {
        if (_last[key] != person)
        {
            _last[key] = person;
            _count[key]++;
            if (_persons is not null)
            {
                (_persons[key] ??= []).Add(person);
            }
        }
    }

    public long Count(int key) => _count[key];

    /// <summary>The persons counted for a key, in order; empty unless made to record.</summary>
    public IReadOnlyList<int> Persons(int key) => _persons?[key] ?? (IReadOnlyList<int>)[];
}
