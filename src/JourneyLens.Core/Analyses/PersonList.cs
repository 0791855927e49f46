using JourneyLens.Core.Engine;

namespace JourneyLens.Core.Analyses;

/// <summary>A person of the scope with their events and journeys in it and when they were first and last seen (UTC ms).</summary>
public sealed record PersonInScope(int Person, long Events, long Journeys, long FirstMs, long LastMs);

/// <summary>The persons of a scope: how many, and the most active first (ties by first seen, then index).</summary>
public sealed record PersonListResult(long Persons, IReadOnlyList<PersonInScope> Top);

/// <summary>
/// Who is in a scope — the persons behind a Sankey step, a process-map touchpoint or a segment — one pass over the
/// journeys. A filtered engine keeps every person's slot, so persons without events in the scope are left out.
/// </summary>
public static class PersonList
{
    public const int MaxTop = 100_000;

    /// <param name="withTies">Also every person tied with the last one kept (same events and first seen), so that a
    /// caller can break those ties by name, as every backend can.</param>
    public static PersonListResult Compute(JourneyEngine engine, int top, bool withTies = false)
    {
        var (ev, js) = (engine.Events, engine.Journeys);
        var people = new List<PersonInScope>();
        var j = 0;
        for (var p = 0; p < ev.PersonCount; p++)
        {
            var (start, end) = (ev.PersonStart[p], ev.PersonStart[p + 1]);
            if (end == start)
            {
                continue;
            }

            long journeys = 0;
            while (j < js.Count && js.JourneyPerson[j] < p)
            {
                j++;
            }

            while (j < js.Count && js.JourneyPerson[j] == p)
            {
                journeys++;
                j++;
            }

            long first = long.MaxValue, last = long.MinValue;
            for (var i = start; i < end; i++)
            {
                first = Math.Min(first, ev.TimestampMs[i]);
                last = Math.Max(last, ev.TimestampMs[i]);
            }

            people.Add(new PersonInScope(p, end - start, journeys, first, last));
        }

        var ranked = people.OrderByDescending(x => x.Events).ThenBy(x => x.FirstMs).ThenBy(x => x.Person).ToList();
        var kept = Math.Min(top, ranked.Count);
        while (withTies && kept > 0 && kept < ranked.Count && ranked[kept].Events == ranked[kept - 1].Events && ranked[kept].FirstMs == ranked[kept - 1].FirstMs)
        {
            kept++;
        }

        return new PersonListResult(people.Count, ranked[..kept]);
    }
}
