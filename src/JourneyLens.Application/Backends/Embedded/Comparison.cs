using JourneyLens.Application.Analyses;
using JourneyLens.Core.Engine;
using JourneyLens.Core.Experience;

namespace JourneyLens.Application.Backends.Embedded;

/// <summary>A comparison on the embedded engine: each side cut from the scope's events and measured on its own core.</summary>
internal static class Comparison
{
    public static ComparisonResult Compare(EngineScope scope, CompareQuery query)
    {
        var engine = scope.Engine;
        var channels = scope.Channels(ChannelClasses.Default);
        var (a, b) = Sides(scope, engine.Events, query.Sides);
        List<MetricValue> Measure(Func<EventTable> side)
        {
            var events = side();
            var cut = new JourneyEngine(events, JourneyIndex.Cut(events, query.Over.Scope.Gap));
            return query.Metrics.Select(m => Metric.Measure(cut, m, channels)).ToList();
        }

        List<MetricValue> valuesA = [], valuesB = [];
        SideBySide.Run(() => valuesA = Measure(a), () => valuesB = Measure(b));
        return new ComparisonResult(query.Sides.LabelA, query.Sides.LabelB, valuesA.Zip(valuesB, (va, vb) => Verdicts.Compare(va, vb, query.MinN)).ToList());
    }

    private static (Func<EventTable> A, Func<EventTable> B) Sides(EngineScope scope, EventTable t, Sides sides)
    {
        switch (sides)
        {
            case RandomHalves:
                bool InA(int p) => (ulong)(t.PersonKeyIdentifier[p] * -7046029254386353131L) >> 63 == 0;
                return (() => EventTableFilter.Persons(t, InA), () => EventTableFilter.Persons(t, p => !InA(p)));
            case SegmentSides segments:
                // Compiled here, before the sides run, so that a bad filter is an error of its own.
                var (predicateA, predicateB) = (scope.Predicate(t, segments.A.Expression), scope.Predicate(t, segments.B.Expression));
                return (() => EventTableFilter.PersonsWithAny(t, predicateA), () => EventTableFilter.PersonsWithAny(t, predicateB));
            case PeriodSides p:
                long Day(string? day, long open) => Scopes.Days.Start(day, scope.Zone) ?? open;
                return (() => EventTableFilter.Between(t, Day(p.FromA, long.MinValue), Day(p.ToA, long.MaxValue)),
                    () => EventTableFilter.Between(t, Day(p.FromB, long.MinValue), Day(p.ToB, long.MaxValue)));
            default:
                throw new ArgumentOutOfRangeException(nameof(sides), sides, "unknown kind of sides");
        }
    }
}
