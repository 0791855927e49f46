using JourneyLens.Core.Engine;

namespace JourneyLens.Core.Analyses;

public enum FunnelOrder
{
    /// <summary>Steps in order; other events may come between them.</summary>
    Ordered,

    /// <summary>Steps in order with nothing between them: an event that matches no step resets progress.</summary>
    Strict,

    /// <summary>Steps in any order: the level reached is the number of distinct steps within the window.</summary>
    Any,
}

public enum FunnelUnit
{
    Persons,
    Journeys,
}

/// <summary>A funnel step: reached by an event at any of its touchpoints.</summary>
public sealed record FunnelStep(string Name, IReadOnlyList<string> Touchpoints);

public sealed record FunnelRequest(IReadOnlyList<FunnelStep> Steps, TimeSpan Window, FunnelOrder Order = FunnelOrder.Ordered, FunnelUnit CountBy = FunnelUnit.Persons);

public sealed record FunnelStepResult(
    string Name,
    long Count,
    double ConversionFromPrevious,
    double ConversionFromFirst,
    long DropOff,
    double? MedianSecondsFromPrevious,
    double? MeanSecondsFromPrevious);

public sealed record FunnelResult(FunnelOrder Order, FunnelUnit CountBy, long Units, IReadOnlyList<FunnelStepResult> Steps);

/// <summary>
/// The funnel of DESIGN §3 (after PostHog and ClickHouse windowFunnel). Each unit (person or journey) counts once,
/// at the furthest step any of its attempts reached; an attempt starts at a first-step event and must reach every
/// later step within the window from that start. Events with equal timestamps are taken in step order, each event
/// serving one step. Times between steps come from the unit's earliest-starting attempt that reached its furthest
/// step, each step at the earliest time it can be reached.
/// </summary>
public static class Funnel
{
    public static FunnelResult Compute(JourneyEngine engine, FunnelRequest request)
    {
        var k = request.Steps.Count;
        if (k is < 1 or > 32)
        {
            throw new AnalysisException("a funnel needs 1 to 32 steps");
        }

        var ev = engine.Events;
        var stepOf = StepMasks(ev.TouchpointNames, request.Steps);
        var windowMs = (long)request.Window.TotalMilliseconds;
        var reached = new long[k + 1];
        var gaps = Enumerable.Range(0, k).Select(_ => new List<double>()).ToArray();
        var (starts, units) = Units(engine, request.CountBy);
        var entries = new List<(long Ts, int Step, int Index)>();
        var events = new List<(long Ts, uint Mask, int Index)>();
        var chain = new long[k];
        var attempt = new Attempt(k);
        for (var u = 0; u < units; u++)
        {
            int level;
            if (request.Order == FunnelOrder.Any)
            {
                entries.Clear();
                for (var i = starts[u]; i < starts[u + 1]; i++)
                {
                    for (var s = 0; s < k; s++)
                    {
                        if ((stepOf[ev.Touchpoint[i]] & (1u << s)) != 0)
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
                events.Clear();
                for (var i = starts[u]; i < starts[u + 1]; i++)
                {
                    var mask = stepOf[ev.Touchpoint[i]];
                    if (mask != 0 || request.Order == FunnelOrder.Strict)
                    {
                        events.Add((ev.TimestampMs[i], mask, i));
                    }
                }

                level = attempt.Best(events, windowMs, request.Order == FunnelOrder.Strict, chain);
                for (var s = 1; s < level; s++)
                {
                    gaps[s].Add((chain[s] - chain[s - 1]) / 1000.0);
                }
            }

            reached[level]++;
        }

        // Units at level L reached every step up to L.
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

            var times = gaps[s];
            double? median = null, mean = null;
            if (s > 0 && times.Count > 0)
            {
                var stats = DurationStats.Of([.. times]);
                (median, mean) = (stats.Median, stats.Mean);
            }

            steps.Add(new FunnelStepResult(request.Steps[s].Name, count, Ratio(count, previous), Ratio(count, first), previous - count, median, mean));
            previous = count;
        }

        return new FunnelResult(request.Order, request.CountBy, units, steps);
    }

    private static double Ratio(long a, long b) => b == 0 ? 0 : (double)a / b;

    /// <summary>
    /// Ordered and strict funnels: tries every first-step event as the start of an attempt and walks the later
    /// events in groups of equal timestamps. Within a group, steps are taken in step order and each event serves one
    /// step, so the group advances the attempt as far as a matching of the next steps to its events allows (found by
    /// augmenting paths; groups are small). Advancing as far as possible in every group is optimal, because a group's
    /// events cannot serve a later group. In strict mode a group that holds an event matching no step ends the attempt.
    /// </summary>
    private sealed class Attempt(int k)
    {
        private readonly long[] _times = new long[k];
        private readonly List<(uint Mask, int Index)> _candidates = [];
        private readonly List<int> _stepOfCandidate = [];
        private readonly List<bool> _visited = [];

        /// <summary>The furthest level any attempt reaches; <paramref name="chain"/> gets the earliest such attempt's step times.</summary>
        public int Best(List<(long Ts, uint Mask, int Index)> events, long windowMs, bool strict, long[] chain)
        {
            var best = 0;
            for (var a = 0; a < events.Count && best < k; a++)
            {
                if ((events[a].Mask & 1u) == 0)
                {
                    continue;
                }

                var start = events[a].Ts;
                _times[0] = start;
                var level = 1;
                var groupStart = a;
                while (groupStart > 0 && events[groupStart - 1].Ts == start)
                {
                    groupStart--;
                }

                for (var g = groupStart; g < events.Count && level < k;)
                {
                    var ts = events[g].Ts;
                    var end = g;
                    while (end < events.Count && events[end].Ts == ts)
                    {
                        end++;
                    }

                    if (ts - start > windowMs || (strict && ts != start && HasNonStep(events, g, end)))
                    {
                        break;
                    }

                    _candidates.Clear();
                    for (var i = g; i < end; i++)
                    {
                        if (i != a && events[i].Mask != 0)
                        {
                            _candidates.Add((events[i].Mask, events[i].Index));
                        }
                    }

                    var advanced = Extend(level);
                    for (var s = level; s < level + advanced; s++)
                    {
                        _times[s] = ts;
                    }

                    level += advanced;
                    g = end;
                }

                if (level > best)
                {
                    best = level;
                    Array.Copy(_times, chain, level);
                }
            }

            return best;
        }

        private static bool HasNonStep(List<(long Ts, uint Mask, int Index)> events, int from, int to)
        {
            for (var i = from; i < to; i++)
            {
                if (events[i].Mask == 0)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>How many consecutive steps from <paramref name="level"/> distinct candidates can serve.</summary>
        private int Extend(int level)
        {
            _stepOfCandidate.Clear();
            for (var c = 0; c < _candidates.Count; c++)
            {
                _stepOfCandidate.Add(-1);
            }

            var step = level;
            for (; step < k; step++)
            {
                _visited.Clear();
                for (var c = 0; c < _candidates.Count; c++)
                {
                    _visited.Add(false);
                }

                if (!Augment(step))
                {
                    break;
                }
            }

            return step - level;
        }

        private bool Augment(int step)
        {
            for (var c = 0; c < _candidates.Count; c++)
            {
                if ((_candidates[c].Mask & (1u << step)) == 0 || _visited[c])
                {
                    continue;
                }

                _visited[c] = true;
                if (_stepOfCandidate[c] < 0 || Augment(_stepOfCandidate[c]))
                {
                    _stepOfCandidate[c] = step;
                    return true;
                }
            }

            return false;
        }
    }

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

    private static uint[] StepMasks(string[] touchpointNames, IReadOnlyList<FunnelStep> steps)
    {
        var code = touchpointNames.Select((n, i) => (n, i)).ToDictionary(x => x.n, x => x.i, StringComparer.Ordinal);
        var masks = new uint[touchpointNames.Length];
        for (var s = 0; s < steps.Count; s++)
        {
            if (steps[s].Touchpoints.Count == 0)
            {
                throw new AnalysisException($"funnel step {s + 1} names no touchpoint");
            }

            foreach (var name in steps[s].Touchpoints)
            {
                if (!code.TryGetValue(name, out var c))
                {
                    var near = touchpointNames.Where(n => n.Contains(name, StringComparison.OrdinalIgnoreCase)).Take(5).ToList();
                    throw new AnalysisException($"funnel step {s + 1}: no touchpoint '{name}' in the workspace" + (near.Count > 0 ? $" (did you mean: {string.Join(", ", near)}?)" : ""));
                }

                masks[c] |= 1u << s;
            }
        }

        return masks;
    }

    private static (int[] Starts, int Count) Units(JourneyEngine engine, FunnelUnit unit) =>
        unit == FunnelUnit.Persons ? (engine.Events.PersonStart, engine.Events.PersonCount) : (engine.Journeys.JourneyStart, engine.Journeys.Count);
}
