using FsCheck;
using FsCheck.Fluent;
using JourneyLens.Core.Analyses;
using JourneyLens.Core.Engine;
using JourneyLens.Core.Errors;

using JourneyLens.Testing;

namespace JourneyLens.Core.Tests.Analyses;

/// <summary>The funnel against an exhaustive search over every attempt, on small random logs with ties.</summary>
public class FunnelTests
{
    private static readonly string[] Names = ["a", "b", "c", "d", "x"];

    private static Gen<Row[]> Logs => RandomLog.Rows(maxEvents: 40, maxPersons: 6, distinctTimes: 13, timeStepMs: 60_000, Names.Length);

    /// <summary>
    /// Steps drawn from the names; a step may list two touchpoints, steps may share one, and a step may carry a filter
    /// (here: a fixed pseudo-random property of the event index) or name no touchpoint and match by filter alone.
    /// </summary>
    private static Gen<FunnelStep[]> Steps =>
        from k in Gen.Choose(1, 4)
        from steps in Gen.ArrayOf(Step, k)
        select steps.Select((s, i) => s with { Name = $"S{i + 1}" }).ToArray();

    private static Gen<FunnelStep> Step =>
        from length in Gen.Choose(0, 2)
        from touchpoints in Gen.ArrayOf(Gen.Choose(0, 3), length)
        from filter in Gen.Choose(0, 3)
        select new FunnelStep("", touchpoints.Distinct().Select(t => Names[t]).ToArray(), length == 0 || filter > 0 ? Filter(filter) : null);

    /// <summary>Event i passes filter f when (i·7 + f) mod 3 ≠ 0: deterministic, and different per filter.</summary>
    private static Func<int, bool> Filter(int f) => i => (i * 7 + f) % 3 != 0;

    private static bool Matches(FunnelStep step, int touchpoint, int index) =>
        (step.Touchpoints.Count == 0 || step.Touchpoints.Contains(Names[touchpoint])) && (step.Matches is null || step.Matches(index));

    [Fact]
    public void The_units_are_the_persons_with_an_event_in_scope_not_every_person_of_the_workspace()
    {
        // Three persons; only the first two have events after t = 100. A narrowed engine keeps a slot for all three.
        var engine = Engine([new Row(0, 200, 0), new Row(0, 300, 1), new Row(1, 250, 0), new Row(2, 50, 0), new Row(2, 60, 1)]);
        var later = EventTableFilter.Between(engine.Events, 100, long.MaxValue);
        var narrowed = new JourneyEngine(later, JourneyIndex.Cut(later, TimeSpan.Zero));

        var result = Funnel.Compute(narrowed, new FunnelRequest([new FunnelStep("A", ["a"]), new FunnelStep("B", ["b"])], TimeSpan.FromDays(1)));

        narrowed.Events.PersonCount.ShouldBe(3);
        result.Units.ShouldBe(2);
        result.Steps[0].DropOff.ShouldBe(0);
        result.Steps[1].Count.ShouldBe(1);
    }

    private static JourneyEngine Engine(Row[] rows) => RandomLog.Engine(rows, Names, TimeSpan.Zero);

    /// <summary>Per person: the furthest level of any attempt, found by trying every choice of events.</summary>
    private static (int[] Levels, List<double>[] Gaps) Reference(Row[] rows, FunnelStep[] steps, FunnelStep[] exclusions, long windowMs, FunnelOrder order)
    {
        var stepMs = steps.Select(s => s.Within is { } w ? (long)w.TotalMilliseconds : long.MaxValue).ToArray();
        var perStep = steps.Any(s => s.Within is not null);
        var persons = rows.Length == 0 ? 1 : rows.Max(r => r.Person) + 1;
        var levels = new int[persons];
        var gaps = steps.Select(_ => new List<double>()).ToArray();
        for (var p = 0; p < persons; p++)
        {
            var events = rows.Select((r, i) => (r, i)).Where(x => x.r.Person == p).OrderBy(x => x.r.Ts).ThenBy(x => x.i).ToList();
            // Engine indexes: the engine sorts by person, time, input order; the rows are generated in that order per person.
            var entries = events.SelectMany(x => Enumerable.Range(0, steps.Length).Where(s => Matches(steps[s], x.r.Touchpoint, IndexOf(rows, x.i))).Select(s => (x.r.Ts, Step: s, Index: x.i))
                    .DefaultIfEmpty((x.r.Ts, Step: -1, Index: x.i))
                    .Concat(exclusions.Any(e => Matches(e, x.r.Touchpoint, IndexOf(rows, x.i))) ? [(x.r.Ts, Step: Exclusion, Index: x.i)] : []))
                .Where(e => e.Step >= 0 || order == FunnelOrder.Strict || e.Step == Exclusion)
                .OrderBy(e => e.Ts).ThenBy(e => e.Step).ThenBy(e => e.Index).ToList();

            if (order == FunnelOrder.Any)
            {
                levels[p] = entries.Count == 0 ? 0 : entries.Max(a => entries.Where(e => e.Ts >= a.Ts && e.Ts - a.Ts <= windowMs).Select(e => e.Step).Distinct().Count());
                continue;
            }

            List<long>? bestChain = null;
            for (var a = 0; a < entries.Count; a++)
            {
                if (entries[a].Step != 0)
                {
                    continue;
                }

                var chains = new List<List<long>>();
                Search(entries, a, [entries[a].Index], [entries[a].Ts], steps.Length, windowMs, stepMs, order == FunnelOrder.Strict, chains);
                var longest = chains.Max(c => c.Count);
                var chain = chains.Where(c => c.Count == longest).Order(perStep ? LastEarliestThenLatest : Earliest).First();
                if (bestChain is null || chain.Count > bestChain.Count)
                {
                    bestChain = chain;
                }
            }

            levels[p] = bestChain?.Count ?? 0;
            for (var s = 1; s < levels[p]; s++)
            {
                gaps[s].Add((bestChain![s] - bestChain[s - 1]) / 1000.0);
            }
        }

        return (levels, gaps);
    }

    /// <summary>Every chain from entry <paramref name="last"/> on (each step a later entry of the next step, its own event, within the windows): exhaustive.</summary>
    private static void Search(List<(long Ts, int Step, int Index)> entries, int last, List<int> used, List<long> times, int k, long windowMs, long[] stepMs, bool strict, List<List<long>> chains)
    {
        chains.Add(times);
        for (var i = last + 1; i < entries.Count && times.Count < k; i++)
        {
            var e = entries[i];
            if (e.Ts - times[0] > windowMs)
            {
                break;
            }

            if ((strict && e.Step == -1 && !used.Contains(e.Index)) || (e.Step == Exclusion && e.Ts != times[0]))
            {
                break;
            }

            if (e.Step == times.Count && !used.Contains(e.Index) && e.Ts - times[^1] <= stepMs[e.Step])
            {
                Search(entries, i, [.. used, e.Index], [.. times, e.Ts], k, windowMs, stepMs, strict, chains);
            }
        }
    }

    /// <summary>Without per-step windows: each step at the earliest time it can be reached.</summary>
    private static readonly Comparer<List<long>> Earliest = Comparer<List<long>>.Create((a, b) => CollectionsMarshalSpan(a).SequenceCompareTo(CollectionsMarshalSpan(b)));

    /// <summary>With per-step windows: the last step at its earliest, then each step before it at its latest.</summary>
    private static readonly Comparer<List<long>> LastEarliestThenLatest = Comparer<List<long>>.Create((a, b) =>
    {
        var last = a[^1].CompareTo(b[^1]);
        for (var s = a.Count - 2; last == 0 && s >= 0; s--)
        {
            last = b[s].CompareTo(a[s]);
        }

        return last;
    });

    private const int Exclusion = -2;

    /// <summary>The engine index of row <paramref name="i"/>: rows sorted by person, time, then input order.</summary>
    private static int IndexOf(Row[] rows, int i) =>
        rows.Select((r, j) => (r, j)).OrderBy(x => x.r.Person).ThenBy(x => x.r.Ts).ThenBy(x => x.j).Select(x => x.j).ToList().IndexOf(i);

    private static ReadOnlySpan<long> CollectionsMarshalSpan(List<long> list) => System.Runtime.InteropServices.CollectionsMarshal.AsSpan(list);

    [Fact]
    public void Counts_and_times_match_an_exhaustive_search()
    {
        var options =
            from window in Gen.Elements(0, 2, 5, 60)
            from order in Gen.Elements(FunnelOrder.Ordered, FunnelOrder.Strict, FunnelOrder.Any)
            from exclusions in Gen.ArrayOf(Step, order == FunnelOrder.Any ? 0 : 1).Select(x => x.Take(1).ToArray())
            from withExclusion in Gen.Elements(true, false)
            from stepWindows in Gen.ArrayOf(Gen.Elements(-1, -1, 0, 1, 2, 4), 4)
            select (window, order, withExclusion ? exclusions : [], order == FunnelOrder.Any ? [] : stepWindows);
        Prop.ForAll(Logs.ToArbitrary(), Steps.ToArbitrary(), options.ToArbitrary(), (rows, steps, option) =>
            {
                var (windowMinutes, order, exclusions, stepWindows) = option;
                var window = TimeSpan.FromMinutes(windowMinutes);
                steps = [.. steps.Select((step, s) => s > 0 && s < stepWindows.Length && stepWindows[s] >= 0 ? step with { Within = TimeSpan.FromMinutes(stepWindows[s]) } : step)];
                var result = Funnel.Compute(Engine(rows), new FunnelRequest(steps, window, order, Exclusions: exclusions));
                var (levels, gaps) = Reference(rows, steps, exclusions, (long)window.TotalMilliseconds, order);

                var countsMatch = Enumerable.Range(0, steps.Length).All(s => result.Steps[s].Count == levels.Count(l => l > s));
                var timesMatch = order == FunnelOrder.Any || Enumerable.Range(1, steps.Length - 1).All(s =>
                    gaps[s].Count == 0 ? result.Steps[s].MedianSecondsFromPrevious is null : Math.Abs(result.Steps[s].MeanSecondsFromPrevious!.Value - gaps[s].Average()) < 1e-9);
                var neverRises = result.Steps.Zip(result.Steps.Skip(1)).All(p => p.Second.Count <= p.First.Count);
                (countsMatch && timesMatch && neverRises).ShouldBeTrue(
                    $"{order}, window {windowMinutes} min, steps {string.Join(" / ", steps.Select(x => string.Join("|", x.Touchpoints) + (x.Matches is null ? "" : "+f") + (x.Within is { } w ? $" within {w.TotalMinutes} min" : "")))}, exclusions {exclusions.Length}: " +
                    $"fast {string.Join(",", result.Steps.Select(x => x.Count))}, reference {string.Join(",", Enumerable.Range(0, steps.Length).Select(st => levels.Count(l => l > st)))}; " +
                    $"mean gaps fast {string.Join(",", result.Steps.Select(x => x.MeanSecondsFromPrevious))}, reference {string.Join(",", gaps.Select(g => g.Count == 0 ? "" : g.Average().ToString(System.Globalization.CultureInfo.InvariantCulture)))}; " +
                    $"rows {string.Join(" ", rows.Select(r => $"p{r.Person}@{r.Ts / 60_000}:{Names[r.Touchpoint]}"))}");
                return true;
            }).Check(Config.QuickThrowOnFailure.WithMaxTest(1000));
    }

    [Fact]
    public void A_start_at_the_same_moment_as_an_attempt_that_met_the_end_is_still_tried()
    {
        // b then a at one moment; step 1 is a or b, step 2 is b. Starting at b leaves only a, which cannot be step 2,
        // and that attempt meets the end of the events; starting at a (same moment) leaves b for step 2.
        var engine = Engine([new Row(0, 60_000, 1), new Row(0, 60_000, 0)]);

        var result = Funnel.Compute(engine, new FunnelRequest([new FunnelStep("S1", ["a", "b"]), new FunnelStep("S2", ["b"])], TimeSpan.FromMinutes(5)));

        result.Steps.Select(s => s.Count).ShouldBe([1, 1]);
    }

    [Fact]
    public void An_unknown_touchpoint_is_a_clear_error()
    {
        var error = Should.Throw<AnalysisException>(() => Funnel.Compute(Engine([new Row(0, 0, 0)]), new FunnelRequest([new FunnelStep("S1", ["A"])], TimeSpan.FromDays(1))));

        error.Message.ShouldContain("no touchpoint 'A'");
        error.Message.ShouldContain("did you mean: a");
    }
}
