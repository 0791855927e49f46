using JourneyLens.Core.Engine;

namespace JourneyLens.Core.Analyses;

/// <summary>A value of a field with the persons who have an event with it and how many events have it.</summary>
public sealed record FieldValueCount(string Value, int Persons, long Events);

/// <summary>The values a field takes: the most common by persons (ties by name), and how many distinct values there are.</summary>
public sealed record FieldValuesResult(string Field, int DistinctValues, long EventsWithout, IReadOnlyList<FieldValueCount> Values);

/// <summary>
/// Which values a field takes and for how many persons: what a segment builder offers to pick from. One pass over the
/// events in person order; a value's person count goes up the first time a person shows it.
/// </summary>
public static class FieldValues
{
    public const int MaxTop = 1_000;

    /// <param name="valueOf">The field's value of event i, or null when the event has none.</param>
    public static FieldValuesResult Compute(EventTable events, string field, Func<int, string?> valueOf, int top)
    {
        var codes = new Dictionary<string, int>(StringComparer.Ordinal);
        var (persons, counts, lastPerson) = (new List<int>(), new List<long>(), new List<int>());
        long without = 0;
        for (var p = 0; p < events.PersonCount; p++)
        {
            for (var i = events.PersonStart[p]; i < events.PersonStart[p + 1]; i++)
            {
                if (valueOf(i) is not { } value)
                {
                    without++;
                    continue;
                }

                if (!codes.TryGetValue(value, out var code))
                {
                    codes[value] = code = codes.Count;
                    persons.Add(0);
                    counts.Add(0);
                    lastPerson.Add(-1);
                }

                counts[code]++;
                if (lastPerson[code] != p)
                {
                    lastPerson[code] = p;
                    persons[code]++;
                }
            }
        }

        return Rank(field, codes.Select(c => new FieldValueCount(c.Key, persons[c.Value], counts[c.Value])), without, top);
    }

    /// <summary>The result from every value's counts, however they were counted (here, or per shard on a cluster).</summary>
    public static FieldValuesResult Rank(string field, IEnumerable<FieldValueCount> all, long eventsWithout, int top)
    {
        var values = all.ToList();
        return new FieldValuesResult(field, values.Count, eventsWithout,
            [.. values.OrderByDescending(v => v.Persons).ThenByDescending(v => v.Events).ThenBy(v => v.Value, StringComparer.Ordinal).Take(Math.Clamp(top, 1, MaxTop))]);
    }
}
