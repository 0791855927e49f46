using JourneyLens.Core.Engine;
using JourneyLens.Core.Errors;

namespace JourneyLens.Core.Analyses;

/// <summary>
/// The funnel as docs/analyses.md defines it (after PostHog and ClickHouse windowFunnel). Each unit (person or journey) counts once,
/// at the furthest step any of its attempts reached; an attempt starts at a first-step event and must reach every
/// later step within the window from that start. Events with equal timestamps are taken in step order, each event
/// serving one step. Times between steps come from the unit's earliest-starting attempt that reached its furthest
/// step, each step at the earliest time it can be reached. Units are split over the cores in contiguous ranges.
/// </summary>
public static partial class Funnel
{
    public static FunnelResult Compute(JourneyEngine engine, FunnelRequest request)
    {
        var k = request.Steps.Count;
        if (k is < 1 or > 32)
        {
            throw new AnalysisException("a funnel needs 1 to 32 steps");
        }

        if (request.Exclusions is { Count: > 0 } && request.Order == FunnelOrder.Any)
        {
            throw new AnalysisException("exclusion steps need an order: use ordered or strict");
        }

        if (request.Steps.Any(s => s.Within is not null))
        {
            if (request.Order == FunnelOrder.Any)
            {
                throw new AnalysisException("per-step windows need an order: use ordered or strict");
            }

            if (request.Steps[0].Within is not null || request.Steps.Any(s => s.Within < TimeSpan.Zero))
            {
                throw new AnalysisException("a per-step window applies to step 2 or later and is not negative");
            }
        }

        if (request.DroppedAt is { } d && (d < 2 || d > k))
        {
            throw new AnalysisException($"dropped at step {d}: expected a step from 2 to {k}");
        }

        var matcher = new StepMatcher(engine.Events, request.Steps, request.Exclusions ?? []);
        var windowMs = (long)request.Window.TotalMilliseconds;
        var (starts, ranges, units) = Units(engine, request.CountBy);
        var parts = Chunks.Run(ranges, Chunks.Count(ranges, 20_000, Environment.ProcessorCount * 4), (_, first, last) =>
        {
            var part = new Part(k);
            part.Run(engine.Events, matcher, request, starts, first, last, windowMs);
            return part;
        });

        var reached = new long[k + 1];
        var gaps = Enumerable.Range(0, k).Select(s => parts.SelectMany(p => p.Gaps[s]).ToArray()).ToArray();
        foreach (var part in parts)
        {
            for (var l = 0; l <= k; l++)
            {
                reached[l] += part.Reached[l];
            }
        }

        return new FunnelResult(request.Order, request.CountBy, units, StepResults(request, reached, gaps, units))
        {
            DroppedPersons = request.DroppedAt is null ? null : DroppedPersons(engine, request.CountBy, parts.SelectMany(p => p.Dropped)),
        };
    }

    private static List<FunnelStepResult> StepResults(FunnelRequest request, long[] reached, double[][] gaps, long units)
    {
        // Units at level L reached every step up to L.
        var k = request.Steps.Count;
        var steps = new List<FunnelStepResult>(k);
        long previous = units, first = 0;
        for (var s = 0; s < k; s++)
        {
            long count = 0;
            for (var l = s + 1; l <= k; l++)
            {
                count += reached[l];
            }

            if (s == 0)
            {
                first = count;
            }

            double? median = null, mean = null;
            if (s > 0 && gaps[s].Length > 0)
            {
                var stats = DurationStats.Of(gaps[s]);
                (median, mean) = (stats.Median, stats.Mean);
            }

            steps.Add(new FunnelStepResult(request.Steps[s].Name, count, Ratio(count, previous), Ratio(count, first), previous - count, median, mean));
            previous = count;
        }

        return steps;
    }

    /// <summary>Journeys map to their persons; a person appears once.</summary>
    private static List<int> DroppedPersons(JourneyEngine engine, FunnelUnit unit, IEnumerable<int> units) =>
        unit == FunnelUnit.Persons ? [.. units] : [.. units.Select(j => engine.Journeys.JourneyPerson[j]).Distinct()];

    /// <summary>One thread's share of the units, with its own buffers.</summary>
    private sealed class Part(int k)
    {
        public readonly long[] Reached = new long[k + 1];
        public readonly List<double>[] Gaps = Enumerable.Range(0, k).Select(_ => new List<double>()).ToArray();
        public readonly List<int> Dropped = [];

        public void Run(EventTable ev, StepMatcher matcher, FunnelRequest request, int[] starts, int from, int to, long windowMs)
        {
            var entries = new List<(long Ts, int Step, int Index)>();
            var events = new List<FunnelEvent>();
            var chain = new long[k];
            var attempt = new Attempt(k);
            var strict = request.Order == FunnelOrder.Strict;
            var stepMs = request.Steps.Any(s => s.Within is not null)
                ? request.Steps.Select(s => s.Within is { } w ? (long)w.TotalMilliseconds : long.MaxValue).ToArray()
                : null;
            for (var u = from; u < to; u++)
            {
                int level;
                if (request.Order == FunnelOrder.Any)
                {
                    entries.Clear();
                    for (var i = starts[u]; i < starts[u + 1]; i++)
                    {
                        var mask = matcher.Mask(i);
                        for (var s = 0; mask != 0 && s < k; s++)
                        {
                            if ((mask & (1u << s)) != 0)
                            {
                                entries.Add((ev.TimestampMs[i], s, i));
                            }
                        }
                    }

                    entries.Sort((a, b) => a.Ts != b.Ts ? a.Ts.CompareTo(b.Ts) : a.Step.CompareTo(b.Step));
                    level = AnyLevel(entries, k, windowMs);
                }
                else
                {
                    // Engine order is time, then input order; events that match no step matter only in strict mode.
                    // Attempts start at a first-step event and look no further back than its moment.
                    events.Clear();
                    var first = starts[u];
                    while (first < starts[u + 1] && (matcher.Mask(first) & 1u) == 0)
                    {
                        first++;
                    }

                    while (first < starts[u + 1] && first > starts[u] && ev.TimestampMs[first - 1] == ev.TimestampMs[first])
                    {
                        first--;
                    }

                    for (var i = first; i < starts[u + 1]; i++)
                    {
                        var mask = matcher.Mask(i);
                        var excluded = matcher.Excludes(i);
                        if (mask != 0 || excluded || strict)
                        {
                            events.Add(new FunnelEvent(ev.TimestampMs[i], mask, excluded));
                        }
                    }

                    level = stepMs is null ? attempt.Best(events, windowMs, strict, chain) : attempt.BestWithStepWindows(events, windowMs, stepMs, strict, chain);
                    for (var s = 1; s < level; s++)
                    {
                        Gaps[s].Add((chain[s] - chain[s - 1]) / 1000.0);
                    }
                }

                Reached[level]++;
                if (request.DroppedAt is { } d && level == d - 1)
                {
                    Dropped.Add(u);
                }
            }
        }
    }

    /// <summary>Which steps an event can serve and whether it is an exclusion event; filters are asked only where the touchpoint fits.</summary>
    private sealed class StepMatcher
    {
        private readonly uint[] _stepsOfTouchpoint;
        private readonly bool[] _excludingTouchpoint;
        private readonly (uint Bit, Func<int, bool> Matches)[] _filters;
        private readonly Func<int, bool>?[] _exclusionFilters;
        private readonly int[] _touchpoint;
        private readonly uint _filtered;
        private readonly bool _anyExclusion;

        public StepMatcher(EventTable ev, IReadOnlyList<FunnelStep> steps, IReadOnlyList<FunnelStep> exclusions)
        {
            _touchpoint = ev.Touchpoint;
            _stepsOfTouchpoint = new uint[ev.TouchpointNames.Length];
            for (var s = 0; s < steps.Count; s++)
            {
                foreach (var c in Codes(ev.TouchpointNames, steps[s], $"funnel step {s + 1}"))
                {
                    _stepsOfTouchpoint[c] |= 1u << s;
                }
            }

            _filters = steps.Select((step, s) => (Bit: 1u << s, step.Matches)).Where(f => f.Matches is not null).Select(f => (f.Bit, f.Matches!)).ToArray();
            _filtered = _filters.Aggregate(0u, (m, f) => m | f.Bit);
            _excludingTouchpoint = new bool[ev.TouchpointNames.Length];
            _exclusionFilters = new Func<int, bool>?[ev.TouchpointNames.Length];
            for (var x = 0; x < exclusions.Count; x++)
            {
                foreach (var c in Codes(ev.TouchpointNames, exclusions[x], $"exclusion {x + 1}"))
                {
                    var previous = _exclusionFilters[c];
                    var filter = exclusions[x].Matches;
                    _exclusionFilters[c] = _excludingTouchpoint[c] && (previous is null || filter is null) ? null
                        : previous is null ? filter
                        : filter is null ? previous
                        : i => previous(i) || filter(i);
                    _excludingTouchpoint[c] = true;
                    _anyExclusion = true;
                }
            }
        }

        public uint Mask(int i)
        {
            var mask = _stepsOfTouchpoint[_touchpoint[i]];
            if ((mask & _filtered) != 0)
            {
                foreach (var (bit, matches) in _filters)
                {
                    if ((mask & bit) != 0 && !matches(i))
                    {
                        mask &= ~bit;
                    }
                }
            }

            return mask;
        }

        public bool Excludes(int i) => _anyExclusion && _excludingTouchpoint[_touchpoint[i]] && (_exclusionFilters[_touchpoint[i]] is not { } filter || filter(i));

        private static IEnumerable<int> Codes(string[] touchpointNames, FunnelStep step, string what) =>
            step.Touchpoints.Count > 0 ? TouchpointLookup.Codes(touchpointNames, step.Touchpoints, what)
            : step.Matches is null ? throw new AnalysisException($"{what} names no touchpoint and no filter")
            : Enumerable.Range(0, touchpointNames.Length);
    }

    private readonly record struct FunnelEvent(long Ts, uint Mask, bool Excluded);

    private static double Ratio(long a, long b) => b == 0 ? 0 : (double)a / b;

    /// <summary>For funnels in any order: the most distinct steps met within one window, starting at any step event.</summary>
    private static int AnyLevel(List<(long Ts, int Step, int Index)> order, int k, long windowMs)
    {
        var counts = new int[k];
        int distinct = 0, best = 0, left = 0;
        for (var right = 0; right < order.Count; right++)
        {
            if (counts[order[right].Step]++ == 0)
            {
                distinct++;
            }

            while (order[right].Ts - order[left].Ts > windowMs)
            {
                if (--counts[order[left].Step] == 0)
                {
                    distinct--;
                }

                left++;
            }

            best = Math.Max(best, distinct);
        }

        return best;
    }

    /// <summary>
    /// The units' event ranges, and how many units there are: persons with an event in scope (a narrowed engine keeps a
    /// slot for every person, and counting those made the first step's drop-off include everyone outside the scope).
    /// </summary>
    private static (int[] Starts, int Ranges, long Count) Units(JourneyEngine engine, FunnelUnit unit) =>
        unit == FunnelUnit.Persons
            ? (engine.Events.PersonStart, engine.Events.PersonCount, engine.Events.PersonsWithEvents())
            : (engine.Journeys.JourneyStart, engine.Journeys.Count, engine.Journeys.Count);
}
