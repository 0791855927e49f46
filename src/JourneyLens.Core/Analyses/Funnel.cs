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

/// <summary>
/// A funnel step: reached by an event at any of its touchpoints (any touchpoint when none are named) for which the
/// optional <see cref="Matches"/> filter holds (a predicate over the engine's event indexes, e.g. a property filter).
/// </summary>
public sealed record FunnelStep(string Name, IReadOnlyList<string> Touchpoints, Func<int, bool>? Matches = null)
{
    /// <summary>A per-step window: this step must follow the previous one within this time (besides the funnel's window from the first step).</summary>
    public TimeSpan? Within { get; init; }
}

/// <param name="Exclusions">Events that end an attempt: steps after an exclusion event (later than the attempt's start) do not count for it.</param>
/// <param name="DroppedAt">When set (1-based step, 2 or more), the result lists the persons that reached the step before it but not this one.</param>
public sealed record FunnelRequest(
    IReadOnlyList<FunnelStep> Steps,
    TimeSpan Window,
    FunnelOrder Order = FunnelOrder.Ordered,
    FunnelUnit CountBy = FunnelUnit.Persons,
    IReadOnlyList<FunnelStep>? Exclusions = null,
    int? DroppedAt = null);

public sealed record FunnelStepResult(
    string Name,
    long Count,
    double ConversionFromPrevious,
    double ConversionFromFirst,
    long DropOff,
    double? MedianSecondsFromPrevious,
    double? MeanSecondsFromPrevious);

/// <param name="DroppedPersons">Engine person indexes that dropped at <see cref="FunnelRequest.DroppedAt"/>, in order (each once).</param>
public sealed record FunnelResult(FunnelOrder Order, FunnelUnit CountBy, long Units, IReadOnlyList<FunnelStepResult> Steps)
{
    [System.Text.Json.Serialization.JsonIgnore]
    public IReadOnlyList<int>? DroppedPersons { get; init; }
}

/// <summary>
/// The funnel of DESIGN §3 (after PostHog and ClickHouse windowFunnel). Each unit (person or journey) counts once,
/// at the furthest step any of its attempts reached; an attempt starts at a first-step event and must reach every
/// later step within the window from that start. Events with equal timestamps are taken in step order, each event
/// serving one step. Times between steps come from the unit's earliest-starting attempt that reached its furthest
/// step, each step at the earliest time it can be reached. Units are split over the cores in contiguous ranges.
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
        var (starts, units) = Units(engine, request.CountBy);
        var chunks = Math.Clamp(units / 20_000, 1, Environment.ProcessorCount * 4);
        var parts = new Part[chunks];
        Parallel.For(0, chunks, c =>
        {
            var part = parts[c] = new Part(k);
            part.Run(engine.Events, matcher, request, starts, (int)((long)units * c / chunks), (int)((long)units * (c + 1) / chunks), windowMs);
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

    /// <summary>
    /// Ordered and strict funnels: tries every first-step event as the start of an attempt and walks the later
    /// events in groups of equal timestamps. Within a group, steps are taken in step order and each event serves one
    /// step, so the group advances the attempt as far as a matching of the next steps to its events allows (found by
    /// augmenting paths; groups are small). Advancing as far as possible in every group is optimal, because a group's
    /// events cannot serve a later group. A later group that holds an exclusion event (or, in strict mode, an event matching no step) ends the attempt.
    /// </summary>
    private sealed class Attempt(int k)
    {
        private readonly long[] _times = new long[k];
        private readonly List<(uint Mask, int Index)> _candidates = [];
        private readonly List<int> _stepOfCandidate = [];
        private readonly List<bool> _visited = [];

        /// <summary>The furthest level any attempt reaches; <paramref name="chain"/> gets the earliest such attempt's step times.</summary>
        /// <remarks>
        /// An attempt that met the end of the events (no window, exclusion or strict break) is as far as any attempt
        /// starting later can get: a later start sees only events this one saw, and this one is already past step 1
        /// when it does, so the later attempts are not tried. (Starts at the same moment are: each sees the group
        /// without its own start event.)
        /// </remarks>
        public int Best(List<FunnelEvent> events, long windowMs, bool strict, long[] chain)
        {
            var best = 0;
            var coveredAfter = long.MaxValue;
            for (var a = 0; a < events.Count && best < k && events[a].Ts <= coveredAfter; a++)
            {
                if ((events[a].Mask & 1u) == 0)
                {
                    continue;
                }

                var start = events[a].Ts;
                _times[0] = start;
                var level = 1;
                var g = GroupStart(events, a);
                while (g < events.Count && level < k)
                {
                    var ts = events[g].Ts;
                    if (!TakeGroup(events, g, a, start, windowMs, strict, out var end))
                    {
                        break;
                    }

                    var advanced = Extend(level);
                    for (var s = level; s < level + advanced; s++)
                    {
                        _times[s] = ts;
                    }

                    level += advanced;
                    g = end;
                }

                if (g == events.Count)
                {
                    coveredAfter = Math.Min(coveredAfter, start);
                }

                if (level > best)
                {
                    best = level;
                    Array.Copy(_times, chain, level);
                }
            }

            return best;
        }

        private const long NotReached = long.MinValue;
        private readonly long[] _latest = new long[k];
        private readonly int[] _via = new int[k];
        private readonly List<(int Step, long Ts, int Via, long ViaTs)> _reached = [];

        /// <summary>
        /// With per-step windows the earliest time of a step is no longer the best (a later one may be within the next
        /// step's window), so each attempt keeps, per step, the latest time it can be reached by a chain that keeps every
        /// window — the best predecessor for whatever comes next — and sweeps the groups once. A group reaches steps
        /// r+1…s when step r was reached before it within step r+1's window and distinct events of the group serve
        /// r+1…s. The reported times are of one such chain: the last step at its earliest, each step before it at the
        /// latest time that still leads there.
        /// </summary>
        public int BestWithStepWindows(List<FunnelEvent> events, long windowMs, long[] stepMs, bool strict, long[] chain)
        {
            var best = 0;
            for (var a = 0; a < events.Count && best < k; a++)
            {
                if ((events[a].Mask & 1u) == 0)
                {
                    continue;
                }

                var start = events[a].Ts;
                Array.Fill(_latest, NotReached);
                _latest[0] = start;
                _reached.Clear();
                var level = 1;
                for (var g = GroupStart(events, a); g < events.Count && level < k;)
                {
                    var ts = events[g].Ts;
                    if (!TakeGroup(events, g, a, start, windowMs, strict, out var end))
                    {
                        break;
                    }

                    // From the smallest r first: a step reached through an earlier r has more of the chain in this group.
                    Array.Fill(_via, -1);
                    for (var r = 0; r < k - 1 && _candidates.Count > 0; r++)
                    {
                        if (_latest[r] != NotReached && ts - _latest[r] <= stepMs[r + 1])
                        {
                            var reach = Extend(r + 1);
                            for (var s = r + 1; s <= r + reach; s++)
                            {
                                if (_via[s] < 0)
                                {
                                    _via[s] = r;
                                }
                            }
                        }
                    }

                    for (var s = 1; s < k; s++)
                    {
                        if (_via[s] >= 0)
                        {
                            _reached.Add((s, ts, _via[s], _latest[_via[s]]));
                        }
                    }

                    for (var s = 1; s < k; s++)
                    {
                        if (_via[s] >= 0)
                        {
                            _latest[s] = ts;
                            level = Math.Max(level, s + 1);
                        }
                    }

                    g = end;
                }

                if (level > best)
                {
                    best = level;
                    Trace(level, start, chain);
                }
            }

            return best;
        }

        /// <summary>The chain behind the furthest step, back from the earliest time it was reached.</summary>
        private void Trace(int level, long start, long[] chain)
        {
            chain[0] = start;
            if (level == 1)
            {
                return;
            }

            var (step, ts) = (level - 1, _reached.First(x => x.Step == level - 1).Ts);
            while (step > 0)
            {
                var (_, _, via, viaTs) = _reached.First(x => x.Step == step && x.Ts == ts);
                for (var s = via + 1; s <= step; s++)
                {
                    chain[s] = ts;
                }

                (step, ts) = (via, viaTs);
            }
        }

        /// <summary>The first event at the same moment as event <paramref name="a"/>: an attempt's first group starts there.</summary>
        private static int GroupStart(List<FunnelEvent> events, int a)
        {
            var g = a;
            while (g > 0 && events[g - 1].Ts == events[a].Ts)
            {
                g--;
            }

            return g;
        }

        /// <summary>
        /// The group of equal timestamps from <paramref name="g"/> (ending before <paramref name="end"/>): false when it
        /// ends the attempt (past the window, an exclusion, strict mode's other event); else its events that can serve
        /// a step, other than the attempt's own start, become the candidates.
        /// </summary>
        private bool TakeGroup(List<FunnelEvent> events, int g, int a, long start, long windowMs, bool strict, out int end)
        {
            var ts = events[g].Ts;
            end = g;
            while (end < events.Count && events[end].Ts == ts)
            {
                end++;
            }

            if (ts - start > windowMs || (ts != start && Ends(events, g, end, strict)))
            {
                return false;
            }

            _candidates.Clear();
            for (var i = g; i < end; i++)
            {
                if (i != a && events[i].Mask != 0)
                {
                    _candidates.Add((events[i].Mask, i));
                }
            }

            return true;
        }

        /// <summary>Whether a later group ends the attempt: an exclusion event, or in strict mode any event that matches no step.</summary>
        private static bool Ends(List<FunnelEvent> events, int from, int to, bool strict)
        {
            for (var i = from; i < to; i++)
            {
                if (events[i].Excluded || (strict && events[i].Mask == 0))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>How many consecutive steps from <paramref name="level"/> distinct candidates can serve.</summary>
        private int Extend(int level)
        {
            if (_candidates.Count == 1)
            {
                // The common group: one event at its moment, which serves one step at most.
                return level < k && (_candidates[0].Mask & (1u << level)) != 0 ? 1 : 0;
            }

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

    private static (int[] Starts, int Count) Units(JourneyEngine engine, FunnelUnit unit) =>
        unit == FunnelUnit.Persons ? (engine.Events.PersonStart, engine.Events.PersonCount) : (engine.Journeys.JourneyStart, engine.Journeys.Count);
}
