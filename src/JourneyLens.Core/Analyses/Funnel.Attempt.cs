namespace JourneyLens.Core.Analyses;

/// <summary>The attempt matcher of ordered and strict funnels.</summary>
public static partial class Funnel
{
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
}
