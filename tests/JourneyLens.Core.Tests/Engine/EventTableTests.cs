using FsCheck;
using FsCheck.Fluent;
using JourneyLens.Core.Engine;
using JourneyLens.Core.Events;

namespace JourneyLens.Core.Tests.Engine;

public class EventTableTests
{
    private sealed record Input(int Person, long Ts);

    private static Gen<Input[]> Inputs =>
        from n in Gen.Choose(0, 300)
        from persons in Gen.Choose(1, 12)
        from rows in Gen.ArrayOf(Gen.Zip(Gen.Choose(0, persons - 1), Gen.Choose(0, 40)), n)
        select rows.Select(r => new Input(r.Item1, r.Item2 * 86_400_000L)).ToArray();

    private static EventTable Build(Input[] inputs, int persons)
    {
        var builder = new EventTableBuilder(4);
        for (var i = 0; i < inputs.Length; i++)
        {
            builder.Add(rowId: i, inputs[i].Person, inputs[i].Ts, utcOffsetMinutes: 0, touchpoint: 0, channel: 0, ScoreType.None, 0, EventTable.NoAbout, double.NaN, 0);
        }

        return builder.Build(["t"], ["web"], [""], new long[persons]);
    }

    [Fact]
    public void Events_are_ordered_by_person_then_time_then_input_order()
    {
        Prop.ForAll(Inputs.ToArbitrary(), inputs =>
        {
            var persons = inputs.Length == 0 ? 1 : inputs.Max(i => i.Person) + 1;
            var table = Build(inputs, persons);
            var expected = inputs.Select((x, i) => (x.Person, x.Ts, Row: i)).OrderBy(x => x.Person).ThenBy(x => x.Ts).ThenBy(x => x.Row).ToArray();
            return table.RowId.SequenceEqual(expected.Select(e => e.Row))
                && table.TimestampMs.SequenceEqual(expected.Select(e => e.Ts))
                && Enumerable.Range(0, persons).All(p => table.PersonStart[p + 1] - table.PersonStart[p] == inputs.Count(x => x.Person == p));
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Journeys_are_cut_where_the_gap_exceeds_the_journey_gap()
    {
        Prop.ForAll(Inputs.ToArbitrary(), Gen.Choose(0, 10).ToArbitrary(), (inputs, gapDays) =>
        {
            var persons = inputs.Length == 0 ? 1 : inputs.Max(i => i.Person) + 1;
            var table = Build(inputs, persons);
            var gap = TimeSpan.FromDays(gapDays);
            var journeys = JourneyIndex.Cut(table, gap);

            // Reference: walk each person's sorted times and count the cuts.
            var expected = 0;
            foreach (var person in inputs.GroupBy(i => i.Person))
            {
                var times = person.Select(p => p.Ts).Order().ToArray();
                expected += 1 + (gapDays == 0 ? 0 : times.Zip(times.Skip(1)).Count(t => t.Second - t.First > gap.TotalMilliseconds));
            }

            return journeys.Count == expected && journeys.JourneyStart[^1] == table.EventCount;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void A_date_range_keeps_exactly_the_events_inside_it_per_person_in_order()
    {
        Prop.ForAll(Inputs.ToArbitrary(), Gen.Choose(-2, 42).ToArbitrary(), Gen.Choose(-2, 42).ToArbitrary(), (inputs, fromDay, toDay) =>
        {
            var persons = inputs.Length == 0 ? 1 : inputs.Max(i => i.Person) + 1;
            var table = Build(inputs, persons);
            var (from, to) = (fromDay * 86_400_000L, toDay * 86_400_000L);
            var range = EventTableFilter.Between(table, from, to);
            var filtered = EventTableFilter.Where(table, i => table.TimestampMs[i] >= from && table.TimestampMs[i] < to);

            // Reference: each person's events by time then input order, those with from <= ts < to.
            var expected = inputs.Select((x, i) => (x.Person, x.Ts, Row: i)).Where(x => x.Ts >= from && x.Ts < to)
                .OrderBy(x => x.Person).ThenBy(x => x.Ts).ThenBy(x => x.Row).ToArray();
            foreach (var result in new[] { range, filtered })
            {
                result.RowId.ShouldBe(expected.Select(e => e.Row).ToArray());
                result.TimestampMs.ShouldBe(expected.Select(e => e.Ts).ToArray());
                result.PersonCount.ShouldBe(persons);
                Enumerable.Range(0, persons).Select(p => result.PersonStart[p + 1] - result.PersonStart[p])
                    .ShouldBe(Enumerable.Range(0, persons).Select(p => expected.Count(e => e.Person == p)));
            }
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Slices_by_time_planned_in_one_pass_equal_each_range_cut_on_its_own()
    {
        var bounds = Gen.Choose(-2, 42).ArrayOf().Select(days => days.Distinct().Order().Select(d => d * 86_400_000L).ToArray());
        Prop.ForAll(Inputs.ToArbitrary(), bounds.ToArbitrary(), (inputs, cuts) =>
        {
            var persons = inputs.Length == 0 ? 1 : inputs.Max(i => i.Person) + 1;
            var table = Build(inputs, persons);
            var slices = EventTableFilter.SplitByTime(table, cuts);

            slices.Count.ShouldBe(Math.Max(0, cuts.Length - 1));
            for (var k = 0; k < slices.Count; k++)
            {
                var (slice, range) = (slices.Slice(k), EventTableFilter.Between(table, cuts[k], cuts[k + 1]));
                slice.RowId.ShouldBe(range.RowId);
                slice.TimestampMs.ShouldBe(range.TimestampMs);
                slice.PersonStart.ShouldBe(range.PersonStart);
                slice.Touchpoint.ShouldBe(range.Touchpoint);

                // Compact: the same events, only the persons present, in order, with their key identifiers.
                var compact = slices.CompactSlice(k);
                var present = Enumerable.Range(0, range.PersonCount).Where(p => range.PersonStart[p + 1] > range.PersonStart[p]).ToList();
                compact.RowId.ShouldBe(range.RowId);
                compact.PersonCount.ShouldBe(present.Count);
                compact.PersonKeyIdentifier.ShouldBe(present.Select(p => range.PersonKeyIdentifier[p]).ToArray());
                present.Select((p, n) => compact.PersonStart[n + 1] - compact.PersonStart[n]).ShouldBe(present.Select(p => range.PersonStart[p + 1] - range.PersonStart[p]));
            }
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Persons_counted_with_any_matching_event_are_those_the_segment_keeps()
    {
        Prop.ForAll(Inputs.ToArbitrary(), Gen.Choose(0, 42).ToArbitrary(), (inputs, day) =>
        {
            var persons = inputs.Length == 0 ? 1 : inputs.Max(i => i.Person) + 1;
            var table = Build(inputs, persons);
            bool Late(int i) => table.TimestampMs[i] >= day * 86_400_000L;
            EventTableFilter.CountPersonsWithAny(table, Late).ShouldBe(EventTableFilter.PersonsWithAny(table, Late).PersonsWithEvents());
        }).QuickCheckThrowOnFailure();
    }
}
