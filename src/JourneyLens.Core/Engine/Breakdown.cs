namespace JourneyLens.Core.Engine;

/// <summary>One group of a breakdown: its value and the events of its persons.</summary>
public sealed record BreakdownGroup(string Value, int Persons, EventTable Events);

/// <summary>
/// Splits persons into groups by a field (first-touch: the value on the person's first event that has one), or by
/// named segments. Groups beyond the largest <c>maxGroups</c> are merged into <see cref="Other"/>; persons without a
/// value form <see cref="None"/>, so the groups always add up to all persons.
/// </summary>
public static class Breakdown
{
    public const string Other = "(other)", None = "(none)";
    public const int MaxGroups = 50;

    public static IReadOnlyList<BreakdownGroup> ByFirstValue(EventTable t, Func<int, string?> valueOf, int maxGroups)
    {
        var group = new string?[t.PersonCount];
        for (var p = 0; p < t.PersonCount; p++)
        {
            for (var i = t.PersonStart[p]; i < t.PersonStart[p + 1] && group[p] is null; i++)
            {
                group[p] = valueOf(i) is { Length: > 0 } v ? v : null;
            }
        }

        // Persons with no event in scope (a narrowed table keeps them, empty) are in no group: not "(none)".
        var (groups, kept) = Plan(Enumerable.Range(0, t.PersonCount).Where(p => t.PersonStart[p + 1] > t.PersonStart[p])
            .GroupBy(p => group[p] ?? None).ToDictionary(g => g.Key, g => g.Count()), maxGroups);
        var final = group.Select(g => g is null ? None : kept.Contains(g) ? g : Other).ToArray();
        return [.. groups.Select(g => new BreakdownGroup(g.Value, g.Persons, EventTableFilter.Persons(t, p => final[p] == g.Value)))];
    }

    /// <summary>
    /// The groups shown for the persons per first value (<see cref="None"/>: no value): the largest
    /// <paramref name="maxGroups"/> values kept, the rest together as <see cref="Other"/>; valued groups first, largest first.
    /// </summary>
    public static (IReadOnlyList<(string Value, int Persons)> Groups, IReadOnlySet<string> Kept) Plan(IReadOnlyDictionary<string, int> sizes, int maxGroups)
    {
        var kept = sizes.Where(s => s.Key != None).OrderByDescending(s => s.Value).ThenBy(s => s.Key, StringComparer.Ordinal)
            .Take(Math.Clamp(maxGroups, 1, MaxGroups)).Select(s => s.Key).ToHashSet(StringComparer.Ordinal);
        var groups = sizes.GroupBy(s => s.Key == None ? None : kept.Contains(s.Key) ? s.Key : Other).Select(g => (Value: g.Key, Persons: g.Sum(s => s.Value)))
            .OrderBy(g => g.Value is None or Other ? 1 : 0).ThenByDescending(g => g.Persons).ThenBy(g => g.Value, StringComparer.Ordinal)
            .ToList();
        return (groups, kept);
    }

    /// <summary>One group per named segment (persons with an event matching its predicate); a person may be in several.</summary>
    public static IReadOnlyList<BreakdownGroup> BySegments(EventTable t, IReadOnlyList<(string Name, Func<int, bool> Matches)> segments) =>
        segments.Select(s =>
        {
            var events = EventTableFilter.PersonsWithAny(t, s.Matches);
            var persons = 0;
            for (var p = 0; p < events.PersonCount; p++)
            {
                persons += events.PersonStart[p + 1] > events.PersonStart[p] ? 1 : 0;
            }

            return new BreakdownGroup(s.Name, persons, events);
        }).ToList();
}
